/** The OpenAPI 3.1 document generated from each API version ({@code <base_path>/openapi.json}). */
package io.bondy.gateway.api.openapi;

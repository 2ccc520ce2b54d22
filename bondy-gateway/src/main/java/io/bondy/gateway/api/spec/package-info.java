/**
 * API specifications in Bondy's JSON format: the model ({@link io.bondy.gateway.api.spec.ApiSpec} and its
 * parts), the parser that validates a whole document and names the JSON path of the first error, the
 * inheritance of variables and defaults (API → version → path), Bondy's default status codes, and path
 * patterns with bindings and optional segments.
 */
package io.bondy.gateway.api.spec;

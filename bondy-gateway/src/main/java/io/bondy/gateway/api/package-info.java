/**
 * The HTTP API gateway: API specifications in the replicated store ({@link io.bondy.gateway.api.ApiRegistry}),
 * the route table, how requests reach the router ({@link io.bondy.gateway.api.WampPort}) and upstream HTTP
 * services ({@link io.bondy.gateway.api.ForwardClient}), the credential check
 * ({@link io.bondy.gateway.api.HttpAuthenticator}), metrics, and the admin procedures
 * ({@code bondy.http_gateway.api.*}).
 */
package io.bondy.gateway.api;

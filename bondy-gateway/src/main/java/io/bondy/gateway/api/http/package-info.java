/**
 * Serving API requests on the gateway's HTTP port: the Netty handler per connection, one exchange per
 * request (negotiation, security, body, action, response mapping), bodies in JSON and MessagePack, CORS.
 */
package io.bondy.gateway.api.http;

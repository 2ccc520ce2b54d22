/**
 * What every HTTP listener of the node shares (the WebSocket port's HTTP side and the admin HTTP
 * API): deadlines for reading a request and for idle keep-alive connections, JSON error answers that
 * close the connection when the request stream is in doubt, and the 503 refusal of the connection
 * cap. Public so bondy-server's admin listener uses the same code; not an API for other modules.
 */
package io.bondy.transport.http;

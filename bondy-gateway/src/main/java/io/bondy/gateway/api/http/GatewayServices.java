package io.bondy.gateway.api.http;

import io.bondy.gateway.api.ForwardClient;
import io.bondy.gateway.api.GatewayMetrics;
import io.bondy.gateway.api.GatewaySettings;
import io.bondy.gateway.api.HttpAuthenticator;
import io.bondy.gateway.api.WampPort;
import java.util.concurrent.Executor;

/** What an exchange needs, shared by every connection. */
public record GatewayServices(GatewaySettings settings, WampPort wamp, ForwardClient forward,
                              HttpAuthenticator authenticator, Executor authExecutor, GatewayMetrics metrics) {
}

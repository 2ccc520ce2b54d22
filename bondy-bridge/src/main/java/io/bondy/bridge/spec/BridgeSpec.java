package io.bondy.bridge.spec;

import java.util.List;
import java.util.Map;

/**
 * A validated broker bridge spec. {@code source} is the document as given (what is stored and what
 * {@code bondy.broker_bridge.spec.get} returns).
 */
public record BridgeSpec(String id, String version, Map<String, Object> meta, List<OutboundRule> subscriptions,
        List<InboundRule> inbound, Map<String, Object> source) {

    public BridgeSpec {
        subscriptions = List.copyOf(subscriptions);
        inbound = List.copyOf(inbound);
    }
}

/**
 * The broker bridge specification, in Erlang Bondy's format ({@code id}, {@code version},
 * {@code kind: "broker_bridge"}, {@code meta}, {@code subscriptions}) plus {@code inbound} mappings:
 * immutable records ({@code BridgeSpec}, {@code OutboundRule}, {@code InboundRule}) and the parser that
 * validates a whole spec and reports the path of its first error ({@code BridgeSpecParser},
 * {@code SpecException}).
 *
 * <p>Owns: what a valid spec is. Uses: {@code io.bondy.core.expression} (Bondy's mops), nothing of the
 * router.
 */
package io.bondy.bridge.spec;

/**
 * From WAMP events to broker records and back, by a spec's expressions: {@code OutboundMapper} (the
 * {@code event.*} context, Bondy's names), {@code InboundMapper} (the {@code record.*} context) and
 * {@code Json} (the one JSON codec of the bridge: values, keys and decoded records).
 *
 * <p>Owns: the evaluation contexts. Uses: {@code io.bondy.bridge.spec}, {@code io.bondy.bridge.spi},
 * {@code io.bondy.core.expression}.
 */
package io.bondy.bridge.mapping;

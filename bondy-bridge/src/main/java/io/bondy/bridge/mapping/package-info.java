/**
 * From WAMP events to broker records and back, by a spec's expressions: {@code OutboundMapper} (the
 * {@code event.*} context, Bondy's names, over an {@code EventView} of the event), {@code InboundMapper} (the
 * {@code record.*} context) and {@code Json} (the one JSON codec of the bridge: values, keys and decoded
 * records; encoding by {@code JsonWriter}, Jackson's output without its per-value lookups).
 *
 * <p>Owns: the evaluation contexts. Uses: {@code io.bondy.bridge.spec}, {@code io.bondy.bridge.spi},
 * {@code io.bondy.core.expression}.
 */
package io.bondy.bridge.mapping;

/**
 * Publish and subscribe: the {@code Broker}, the subscription table (exact, prefix, wildcard),
 * publications and their filters (exclusion, black and white lists), slow-subscriber policies,
 * retained events, event history and its queries, publisher trust levels.
 *
 * <p>Owns: subscriptions and the delivery of events on this node. Uses: {@code session},
 * {@code authz}. Reaches other nodes only through {@code PublicationRelay} (implemented by
 * {@code relay}) and tells {@code SubscriptionListener}s (meta events, route announcements) of changes.
 */
package io.bondy.core.router.pubsub;

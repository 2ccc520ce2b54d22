/**
 * The WAMP meta APIs and meta events of a realm, registered on its internal session: sessions
 * ({@code wamp.session.*}, kills), registrations ({@code wamp.registration.*}), subscriptions
 * ({@code wamp.subscription.*}, event history), and testaments. {@code MetaApi} installs them.
 *
 * <p>Owns: nothing but procedures and events over the tables of the packages below. Uses:
 * {@code session}, {@code rpc}, {@code pubsub}, {@code relay} (cluster-wide answers).
 */
package io.bondy.core.router.meta;

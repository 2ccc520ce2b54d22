/**
 * Authorization on the routing path: {@code RealmContext} (what the broker and dealer of a realm
 * share: URI rules, the {@code Authorizer} check of every message, error replies) and the dynamic
 * authorizer ({@code AuthorizationGate}, one per client session, and {@code AuthorizerCall}, one call
 * of the realm's authorizer procedure).
 *
 * <p>Owns: the decision whether a message may be routed. Uses: {@code session}, {@code spi},
 * {@code config}, {@code message}.
 */
package io.bondy.core.router.authz;

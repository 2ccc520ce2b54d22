/**
 * Remote procedure calls: the {@code Registrar} (REGISTER, UNREGISTER, the registration table, shared
 * registrations and invocation policies) and the {@code Dealer} (CALL to INVOCATION, YIELD and ERROR
 * back, progressive results and invocations, CANCEL, timeouts, pending calls and their limits). Each
 * session's call tables ({@code CallTables}) live here, in a session slot.
 *
 * <p>Owns: registrations and calls in flight. Uses: {@code session}, {@code authz}. Reaches other
 * nodes only through {@code CallForwarding} (implemented by {@code relay}) and tells listeners
 * ({@code RegistrationListener}: meta events, route announcements) of changes.
 */
package io.bondy.core.router.rpc;

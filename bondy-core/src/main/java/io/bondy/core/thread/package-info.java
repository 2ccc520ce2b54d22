/**
 * Thread rules, written on the methods they govern (see docs/architecture.md, "Threads"). One rule:
 * every public entry point of the routing code says which thread may call it, with one of these
 * annotations; a method without one is only called from an annotated method of its own class.
 * <ul>
 *   <li>{@link io.bondy.core.thread.SessionThread}: the thread of the session the call is about, the
 *       event loop of its connection (for the router's own sessions, whichever thread calls them);
 *       its messages are handled there one at a time;</li>
 *   <li>{@link io.bondy.core.thread.RelayThread}: the cluster relay's delivery thread, which hands the
 *       messages of one other node over one at a time, in the order sent;</li>
 *   <li>{@link io.bondy.core.thread.AnyThread}: any thread; the method is thread-safe and does not block.</li>
 * </ul>
 * Blocking work (password hashing, fsync'd store writes, JGroups sends) never runs on a
 * {@code SessionThread}.
 */
package io.bondy.core.thread;

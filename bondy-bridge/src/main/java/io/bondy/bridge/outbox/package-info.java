/**
 * Delivery to one broker client: {@code Outbox} (a bounded in-memory queue, a spill to the node-local
 * store once it is full, one worker thread that produces in order with a window of records in flight and
 * retries with backoff), {@code SpillQueue} (the spilled records, in order, in a node-local
 * {@code Store} under {@code spill/<kind>/<name>/}) and {@code PendingRecord} (a record and when the
 * router accepted it).
 *
 * <p>Owns: the at-least-once delivery of mapped records. Uses: {@code io.bondy.bridge.spi}, the core
 * {@code Store} SPI.
 */
package io.bondy.bridge.outbox;

package io.bondy.transport;

/**
 * Optional features of the WebSocket port ({@code wamp.websocket.batched.*}, {@code wamp.longpoll.*}).
 *
 * @param maxBatchedMessages the most WAMP messages one WebSocket message of a batched subprotocol
 *                           ({@code wamp.2.json.batched}, {@code wamp.2.msgpack.batched}) may carry, in
 *                           both directions; a client batch with more is a protocol violation
 * @param longPoll           the HTTP long-poll transport on the same port ({@code wamp.longpoll.*})
 */
public record WebSocketExtras(int maxBatchedMessages, LongPollConfig longPoll) {

    /** Up to 100 messages per batch, long-poll off. */
    public static final WebSocketExtras DEFAULT = new WebSocketExtras(100, LongPollConfig.DEFAULT);

    public WebSocketExtras {
        if (maxBatchedMessages < 1) {
            throw new IllegalArgumentException("maxBatchedMessages must be positive, got " + maxBatchedMessages);
        }
        longPoll = longPoll == null ? LongPollConfig.DEFAULT : longPoll;
    }

    /** These settings with another long-poll transport. */
    public WebSocketExtras withLongPoll(LongPollConfig config) {
        return new WebSocketExtras(maxBatchedMessages, config);
    }
}

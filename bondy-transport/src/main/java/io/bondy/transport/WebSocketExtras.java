package io.bondy.transport;

/**
 * Optional features of the WebSocket port ({@code wamp.websocket.compression.*}, {@code wamp.websocket.batched.*},
 * {@code wamp.longpoll.*}):
 * all off or at their defaults unless configured.
 *
 * @param compression        offer permessage-deflate (RFC 7692) to clients that ask for it
 * @param compressionLevel   the deflate level of messages to the client, 1 (fastest) to 9 (smallest)
 * @param maxBatchedMessages the most WAMP messages one frame of a batched subprotocol
 *                           ({@code wamp.2.json.batched}, {@code wamp.2.msgpack.batched}) may carry, in
 *                           both directions; a client frame with more is a protocol violation
 * @param longPoll           the HTTP long-poll transport on the same port ({@code wamp.longpoll.*})
 */
public record WebSocketExtras(boolean compression, int compressionLevel, int maxBatchedMessages,
                              LongPollConfig longPoll) {

    /** Compression off, level 6 when turned on, up to 100 messages per batched frame, long-poll off. */
    public static final WebSocketExtras DEFAULT = new WebSocketExtras(false, 6, 100);

    /** Long-poll off. */
    public WebSocketExtras(boolean compression, int compressionLevel, int maxBatchedMessages) {
        this(compression, compressionLevel, maxBatchedMessages, LongPollConfig.DEFAULT);
    }

    public WebSocketExtras {
        longPoll = longPoll == null ? LongPollConfig.DEFAULT : longPoll;
        if (compressionLevel < 1 || compressionLevel > 9) {
            throw new IllegalArgumentException("compressionLevel must be 1 to 9, got " + compressionLevel);
        }
        if (maxBatchedMessages < 1) {
            throw new IllegalArgumentException("maxBatchedMessages must be positive, got " + maxBatchedMessages);
        }
    }

    /** These settings with compression on or off. */
    public WebSocketExtras withCompression(boolean on) {
        return new WebSocketExtras(on, compressionLevel, maxBatchedMessages, longPoll);
    }

    /** These settings with another long-poll transport. */
    public WebSocketExtras withLongPoll(LongPollConfig config) {
        return new WebSocketExtras(compression, compressionLevel, maxBatchedMessages, config);
    }
}

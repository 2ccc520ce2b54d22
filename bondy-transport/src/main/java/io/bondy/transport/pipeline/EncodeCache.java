package io.bondy.transport.pipeline;

import io.bondy.core.message.WampMessage;
import io.bondy.core.serialization.Serializer;

/**
 * Remembers, per thread and serializer, the last message encoded and its bytes. A publication is
 * one EVENT instance handed to every subscriber of a subscription on the publisher's thread, so the
 * fan-out encodes it once per serializer instead of once per subscriber. The bytes are shared
 * read-only by the frames that wrap them.
 *
 * <p>Threading: each thread has its own slots; holds at most one message per serializer per thread.
 */
final class EncodeCache {

    private static final ThreadLocal<Slot[]> SLOTS = ThreadLocal.withInitial(() -> new Slot[8]);

    private EncodeCache() {
    }

    static byte[] encode(Serializer serializer, WampMessage message) {
        Slot[] slots = SLOTS.get();
        int i = serializer.kind().ordinal();
        Slot slot = slots[i];
        if (slot != null && slot.message == message) {
            return slot.bytes;
        }
        byte[] bytes = serializer.encode(message);
        slots[i] = new Slot(message, bytes);
        return bytes;
    }

    private record Slot(WampMessage message, byte[] bytes) {
    }
}

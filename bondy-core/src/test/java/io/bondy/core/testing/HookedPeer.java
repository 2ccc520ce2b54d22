package io.bondy.core.testing;

import io.bondy.core.message.WampMessage;

/**
 * A peer that runs {@code hook} the first time a message of {@code type} is handed to it, before
 * recording that message in {@code recorder}: what the hook makes the router send to this peer is
 * recorded first, as an outbox filled by another thread at that moment would hold it.
 */
public final class HookedPeer extends ForwardingPeer {

    private final Class<? extends WampMessage> type;
    private final Runnable hook;
    private boolean fired;

    public HookedPeer(RecordingPeer recorder, Class<? extends WampMessage> type, Runnable hook) {
        super(recorder);
        this.type = type;
        this.hook = hook;
    }

    /** Whether the hook ran. */
    public boolean fired() {
        return fired;
    }

    @Override
    public void send(WampMessage message) {
        if (!fired && type.isInstance(message)) {
            fired = true;
            hook.run();
        }
        recorder.send(message);
    }
}

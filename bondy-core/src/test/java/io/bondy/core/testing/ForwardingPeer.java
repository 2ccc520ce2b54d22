package io.bondy.core.testing;

import io.bondy.core.message.WampMessage;
import io.bondy.core.spi.Peer;
import io.bondy.core.spi.TransportInfo;

/**
 * A test peer that hands everything to a {@link RecordingPeer}: subclasses override only what they
 * change (when a message is accepted, what runs before it, which thread runs tasks).
 */
public abstract class ForwardingPeer implements Peer {

    protected final RecordingPeer recorder;

    protected ForwardingPeer(RecordingPeer recorder) {
        this.recorder = recorder;
    }

    /** Where what this peer accepts is recorded. */
    public RecordingPeer recorder() {
        return recorder;
    }

    @Override
    public void send(WampMessage message) {
        recorder.send(message);
    }

    @Override
    public void sendAndClose(WampMessage message) {
        recorder.sendAndClose(message);
    }

    @Override
    public void close() {
        recorder.close();
    }

    @Override
    public TransportInfo transport() {
        return recorder.transport();
    }
}

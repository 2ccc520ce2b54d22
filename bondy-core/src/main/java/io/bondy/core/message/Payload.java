package io.bondy.core.message;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The application payload of PUBLISH, EVENT, CALL, INVOCATION, YIELD, RESULT and ERROR: either
 * positional/keyword arguments, or a transparent binary payload (Payload Passthru Mode, where the
 * router forwards bytes it does not interpret).
 */
public sealed interface Payload {

    /** No arguments at all: the message ends before {@code Arguments|list}. */
    Arguments NONE = new Arguments(null, null);

    static Arguments of(List<Object> args) {
        return new Arguments(args, null);
    }

    static Arguments of(List<Object> args, Map<String, Object> kwargs) {
        return new Arguments(args, kwargs);
    }

    /**
     * {@code Arguments|list, ArgumentsKw|dict}. Either may be {@code null} when absent on the wire,
     * so that a message is forwarded exactly as it arrived.
     */
    record Arguments(List<Object> args, Map<String, Object> kwargs) implements Payload {

        public List<Object> argsOrEmpty() {
            return args == null ? List.of() : args;
        }

        public Map<String, Object> kwargsOrEmpty() {
            return kwargs == null ? Map.of() : kwargs;
        }

        public boolean isEmpty() {
            return (args == null || args.isEmpty()) && (kwargs == null || kwargs.isEmpty());
        }
    }

    /** A payload the router must not look into (PPT / end-to-end encryption). */
    record Transparent(byte[] bytes) implements Payload {

        public Transparent {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public int length() {
            return bytes.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Transparent t && Arrays.equals(bytes, t.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Transparent[" + bytes.length + " bytes]";
        }
    }
}

package io.bondy.core.router.meta;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.ApplicationError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads the arguments of a meta procedure call; a missing or ill-typed argument is an
 * {@link ApplicationError} {@code wamp.error.invalid_argument} naming it.
 */
final class MetaArgs {

    private final String procedure;
    private final List<Object> args;
    private final Map<String, Object> kwargs;
    private final Map<String, Object> details;

    MetaArgs(String procedure, Invocation invocation) {
        this.procedure = procedure;
        if (!(invocation.payload() instanceof Payload.Arguments a)) {
            throw invalid("takes arguments, not a transparent payload");
        }
        this.args = a.argsOrEmpty();
        this.kwargs = a.kwargsOrEmpty();
        this.details = invocation.details();
    }

    /** The calling session's id (internal callees always get it). */
    long caller() {
        return details.get("caller") instanceof Number n ? n.longValue() : 0;
    }

    boolean has(int index) {
        return args.size() > index && args.get(index) != null;
    }

    long id(int index, String name) {
        if (has(index) && args.get(index) instanceof Number n && !(n instanceof Double || n instanceof Float)) {
            return n.longValue();
        }
        throw invalid("argument " + (index + 1) + " '" + name + "' must be an id");
    }

    String string(int index, String name) {
        if (has(index) && args.get(index) instanceof String s) {
            return s;
        }
        throw invalid("argument " + (index + 1) + " '" + name + "' must be a string");
    }

    /** An optional list of strings (null when absent). */
    List<String> optionalStrings(int index, String name) {
        if (!has(index)) {
            return null;
        }
        if (args.get(index) instanceof List<?> list && list.stream().allMatch(v -> v instanceof String)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw invalid("argument " + (index + 1) + " '" + name + "' must be a list of strings");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> optionalDict(int index, String name) {
        if (!has(index)) {
            return Map.of();
        }
        if (args.get(index) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw invalid("argument " + (index + 1) + " '" + name + "' must be a dict");
    }

    @SuppressWarnings("unchecked")
    List<Object> optionalList(int index, String name) {
        if (!has(index)) {
            return List.of();
        }
        if (args.get(index) instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw invalid("argument " + (index + 1) + " '" + name + "' must be a list");
    }

    /** An optional keyword argument of {@code type} (null when absent). */
    <T> T kwarg(String name, Class<T> type) {
        Object v = kwargs.get(name);
        if (v == null) {
            return null;
        }
        if (!type.isInstance(v)) {
            throw invalid("keyword argument '" + name + "' must be a " + type.getSimpleName().toLowerCase());
        }
        return type.cast(v);
    }

    ApplicationError invalid(String what) {
        return new ApplicationError(WampErrors.INVALID_ARGUMENT, procedure + ": " + what);
    }

    /** A result of one positional value, which may be null. */
    static Payload result(Object value) {
        return Payload.of(new ArrayList<>(Arrays.asList(value)));
    }
}

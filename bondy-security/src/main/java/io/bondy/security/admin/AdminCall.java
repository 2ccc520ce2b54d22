package io.bondy.security.admin;

import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.security.model.Fields;
import io.bondy.security.model.SecurityError;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One invocation of an admin procedure: typed access to its arguments, who is calling, and the rule
 * that a session administers only its own realm unless it is in the master realm.
 */
public final class AdminCall {

    private final Invocation invocation;
    private final List<Object> args;
    private final Map<String, Object> kwargs;
    private final String masterRealm;
    private final Predicate<String> realmExists;

    AdminCall(Invocation invocation, String masterRealm, Predicate<String> realmExists) {
        this(invocation, masterRealm, realmExists, null);
    }

    /**
     * @param arity Bondy's argument count for the procedure (null: unchecked): a call with one
     *              argument fewer than the minimum left the realm out, which means the caller's realm
     */
    AdminCall(Invocation invocation, String masterRealm, Predicate<String> realmExists, Arity.Spec arity) {
        this.invocation = invocation;
        Payload p = invocation.payload();
        List<Object> given = p instanceof Payload.Arguments a ? a.argsOrEmpty() : List.of();
        if (arity != null) {
            if (given.size() > arity.max() || given.size() < arity.min() - 1
                    || (!arity.realmFirst() && given.size() < arity.min())) {
                throw new SecurityError(SecurityError.INVALID_ARGUMENT, "Invalid number of positional arguments: "
                        + given.size() + " given, the procedure takes " + (arity.realmFirst()
                        ? "the realm URI (optional, default: the caller's realm) and " + (arity.min() - 1)
                        + (arity.max() > arity.min() ? " to " + (arity.max() - 1) : "") + " more"
                        : arity.min() + (arity.max() > arity.min() ? " to " + arity.max() : "")));
            }
            if (arity.realmFirst() && given.size() == arity.min() - 1 && arity.min() > 0) {
                List<Object> withRealm = new java.util.ArrayList<>(given.size() + 1);
                withRealm.add(invocation.details().get("caller_realm"));
                withRealm.addAll(given);
                given = withRealm;
            }
        }
        this.args = given;
        this.kwargs = p instanceof Payload.Arguments a ? a.kwargsOrEmpty() : Map.of();
        this.masterRealm = masterRealm;
        this.realmExists = realmExists;
    }

    /** The caller's realm (from the router's caller details). */
    public String callerRealm() {
        return detail("caller_realm");
    }

    public String callerAuthid() {
        return detail("caller_authid");
    }

    public String callerAuthmethod() {
        return detail("caller_authmethod");
    }

    private String detail(String key) {
        return invocation.details().get(key) instanceof String s ? s : null;
    }

    public Map<String, Object> kwargs() {
        return kwargs;
    }

    public int argCount() {
        return args.size();
    }

    public String string(int i, String name) {
        if (i >= args.size() || !(args.get(i) instanceof String s)) {
            throw new SecurityError(SecurityError.INVALID_ARGUMENT, "argument " + i + " (" + name + ") must be a string");
        }
        return s;
    }

    public String optionalString(int i, String name) {
        return i < args.size() ? string(i, name) : null;
    }

    public Map<String, Object> dict(int i, String name) {
        if (i >= args.size()) {
            throw new SecurityError(SecurityError.INVALID_ARGUMENT, "argument " + i + " (" + name + ") is missing");
        }
        return Fields.dict(args.get(i), name);
    }

    public List<String> strings(int i, String name) {
        if (i >= args.size()) {
            throw new SecurityError(SecurityError.INVALID_ARGUMENT, "argument " + i + " (" + name + ") is missing");
        }
        return Fields.strings(args.get(i), name);
    }

    public Object raw(int i, String name) {
        if (i >= args.size()) {
            throw new SecurityError(SecurityError.INVALID_ARGUMENT, "argument " + i + " (" + name + ") is missing");
        }
        return args.get(i);
    }

    /** Refuses the call unless the caller is in the master realm. */
    public void requireMaster(String what) {
        if (!masterRealm.equals(callerRealm())) {
            throw new SecurityError(SecurityError.NOT_AUTHORIZED, "only sessions of the master realm may " + what);
        }
    }

    /**
     * Argument {@code i} as a realm URI the caller may administer: an existing realm, and the
     * caller's own unless the caller is in the master realm.
     */
    public String realm(int i) {
        String realm = string(i, "realm_uri");
        String caller = callerRealm();
        if (caller == null || (!caller.equals(realm) && !caller.equals(masterRealm))) {
            throw new SecurityError(SecurityError.NOT_AUTHORIZED,
                    "a session may administer only its own realm unless it is in the master realm");
        }
        if (!realmExists.test(realm)) {
            throw new SecurityError(SecurityError.NO_SUCH_REALM, "no realm '" + realm + "'");
        }
        return realm;
    }
}

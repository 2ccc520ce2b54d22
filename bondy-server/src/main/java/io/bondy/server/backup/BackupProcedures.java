package io.bondy.server.backup;

import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.router.session.Procedure;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code bondy.backup.create([filename])}, {@code bondy.backup.restore(filename)} and
 * {@code bondy.backup.status()}, registered in the master realm only (so only its sessions, with a
 * {@code wamp.call} grant, reach them). The file name may also come as kwarg {@code filename}, or
 * in Bondy's form, a dict: {@code create({"path": name})}, {@code restore({"filename": name})}.
 */
public final class BackupProcedures {

    private BackupProcedures() {
    }

    public static void register(InternalSession master, BackupService backups) {
        master.register("bondy.backup.create", Map.of(), handler(inv -> backups.create(filename(inv, "path", false))));
        master.register("bondy.backup.restore", Map.of(), handler(inv -> backups.restore(filename(inv, "filename", true))));
        master.register("bondy.backup.status", Map.of(), handler(inv -> backups.status()));
    }

    private static Procedure handler(Function<Invocation, Map<String, Object>> body) {
        return inv -> {
            try {
                return Payload.of(Collections.singletonList(body.apply(inv)));
            } catch (BackupException e) {
                throw new ApplicationError(e.uri(), e.getMessage());
            }
        };
    }

    /**
     * The file name: the first argument, either a string or, as Bondy takes it, a dict with
     * {@code bondyKey} ({@code path} for create, {@code filename} for restore) or {@code filename};
     * else kwarg {@code filename}.
     */
    private static String filename(Invocation inv, String bondyKey, boolean required) {
        Object raw = null;
        if (inv.payload() instanceof Payload.Arguments a) {
            List<Object> args = a.argsOrEmpty();
            raw = !args.isEmpty() ? args.get(0) : a.kwargsOrEmpty().get("filename");
        }
        if (raw instanceof Map<?, ?> m) {
            raw = m.get(bondyKey) != null ? m.get(bondyKey) : m.get("filename");
        }
        if (raw == null && !required) {
            return null;
        }
        if (!(raw instanceof String s)) {
            throw new BackupException(BackupException.INVALID_ARGUMENT, "the backup file name must be a string");
        }
        return s;
    }
}

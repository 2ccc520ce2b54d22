package io.bondy.core.router.meta;

import io.bondy.core.WampErrors;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.router.relay.ClusterRouting;
import io.bondy.core.router.relay.RelayMessage;
import io.bondy.core.router.rpc.Registration;
import io.bondy.core.router.rpc.RegistrationTable;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Registration Meta API procedures of one realm: {@code wamp.registration.list}, {@code lookup},
 * {@code match}, {@code get}, {@code list_callees}, {@code count_callees}. The router's own
 * registrations (the meta procedures themselves) are not listed.
 */
final class RegistrationMetaApi {

    private final RegistrationTable table;

    private RegistrationMetaApi(RegistrationTable table) {
        this.table = table;
    }

    static void install(RegistrationTable table, InternalSession meta) {
        install(table, meta, null, null);
    }

    /**
     * With {@code cluster} (and the realm's URI), {@code list_callees} and {@code count_callees} also
     * count the callees other nodes have for the registration's (URI, match), as they answer.
     */
    static void install(RegistrationTable table, InternalSession meta, ClusterRouting cluster, String realm) {
        RegistrationMetaApi api = new RegistrationMetaApi(table);
        meta.register("wamp.registration.list", Map.of(), inv -> {
            new MetaArgs("wamp.registration.list", inv);
            return MetaArgs.result(api.list());
        });
        meta.register("wamp.registration.lookup", Map.of(), inv -> {
            MetaArgs a = new MetaArgs("wamp.registration.lookup", inv);
            String procedure = a.string(0, "procedure");
            Object match = a.optionalDict(1, "options").getOrDefault("match", "exact");
            MatchPolicy policy = policy(a, match);
            return MetaArgs.result(visibleId(table.lookup(procedure, policy)));
        });
        meta.register("wamp.registration.match", Map.of(), inv -> {
            MetaArgs a = new MetaArgs("wamp.registration.match", inv);
            return MetaArgs.result(visibleId(table.match(a.string(0, "procedure")).orElse(null)));
        });
        meta.register("wamp.registration.get", Map.of(), inv -> {
            MetaArgs a = new MetaArgs("wamp.registration.get", inv);
            return MetaArgs.result(details(api.existing(a.id(0, "registration"))));
        });
        meta.registerDeferred("wamp.registration.list_callees", Map.of(), inv -> {
            MetaArgs a = new MetaArgs("wamp.registration.list_callees", inv);
            return api.callees(api.existing(a.id(0, "registration")), cluster, realm).thenApply(MetaArgs::result);
        });
        meta.registerDeferred("wamp.registration.count_callees", Map.of(), inv -> {
            MetaArgs a = new MetaArgs("wamp.registration.count_callees", inv);
            return api.callees(api.existing(a.id(0, "registration")), cluster, realm)
                    .thenApply(ids -> MetaArgs.result(ids.size()));
        });
    }

    /** This node's callees of {@code reg}, then those of the other nodes that have some. */
    private java.util.concurrent.CompletableFuture<List<Long>> callees(Registration reg, ClusterRouting cluster,
                                                                     String realm) {
        List<Long> local = reg.localCallees().stream().map(c -> c.session().id()).toList();
        List<String> nodes = reg.callees().stream().filter(c -> c.session().isNodeStub())
                .map(c -> c.session().node()).toList();
        if (cluster == null || nodes.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(local);
        }
        return cluster.gather(realm, RelayMessage.Kind.REGISTRATION, reg.procedure(), reg.match(), nodes)
                .thenApply(remote -> {
                    List<Long> all = new java.util.ArrayList<>(local);
                    all.addAll(remote);
                    return all;
                });
    }

    /** RegistrationDetails: id, created (ISO 8601), uri, match, invoke. */
    static Map<String, Object> details(Registration reg) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", reg.id());
        d.put("created", reg.created().toString());
        d.put("uri", reg.procedure());
        d.put("match", reg.match().wireName());
        d.put("invoke", reg.invoke().wireName());
        return d;
    }

    private Map<String, Object> list() {
        Map<String, List<Long>> lists = new LinkedHashMap<>();
        for (MatchPolicy p : MatchPolicy.values()) {
            lists.put(p.wireName(), new java.util.ArrayList<>());
        }
        for (Registration reg : table.all()) {
            if (!reg.isInternal()) {
                lists.get(reg.match().wireName()).add(reg.id());
            }
        }
        return new LinkedHashMap<>(lists);
    }

    private Registration existing(long id) {
        Registration reg = table.get(id);
        if (reg == null || reg.isInternal()) {
            throw new ApplicationError(WampErrors.NO_SUCH_REGISTRATION, "no registration " + id + " in this realm");
        }
        return reg;
    }

    private static Long visibleId(Registration reg) {
        return reg == null || reg.isInternal() ? null : reg.id();
    }

    private static MatchPolicy policy(MetaArgs a, Object match) {
        for (MatchPolicy p : MatchPolicy.values()) {
            if (p.wireName().equals(match)) {
                return p;
            }
        }
        throw a.invalid("option 'match' must be exact, prefix or wildcard");
    }
}

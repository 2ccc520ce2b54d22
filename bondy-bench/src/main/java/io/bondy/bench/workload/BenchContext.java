package io.bondy.bench.workload;

import io.bondy.bench.client.Connector;
import io.bondy.bench.report.Charts;
import io.bondy.bench.report.Check;
import io.bondy.bench.report.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every workload gets: the load generator's connector, the servers of this run, the settings,
 * and where to put its tables and target checks.
 */
public final class BenchContext {

    public static final String REALM = "realm1";

    private final Connector connector;
    private final Map<String, Server> servers;
    private final Settings settings;
    private final List<Table> tables = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final Charts charts = new Charts();
    private final long nonce = System.nanoTime() % 1_000_000;
    private int uriCounter;

    public BenchContext(Connector connector, Map<String, Server> servers, Settings settings) {
        this.connector = connector;
        this.servers = servers;
        this.settings = settings;
    }

    public Connector connector() {
        return connector;
    }

    public Settings settings() {
        return settings;
    }

    public Optional<Server> server(String name) {
        return Optional.ofNullable(servers.get(name));
    }

    /** The WAMP routers of this run, ours first, then the peers. */
    public List<Server> routers() {
        List<Server> routers = new ArrayList<>();
        for (String name : List.of("bondy", "jawampa", "fox")) {
            server(name).ifPresent(routers::add);
        }
        return routers;
    }

    /** A URI no earlier run on the same server used, e.g. {@code bench.call.123456.7}. */
    public String freshUri(String kind) {
        return "bench." + kind + "." + nonce + "." + (++uriCounter);
    }

    public void add(Table table) {
        tables.add(table);
    }

    public void add(Check check) {
        checks.add(check);
    }

    /** A bar for the run's charts: {@code value} of {@code server} in {@code configuration}. */
    public void plot(String chart, String axis, String server, String configuration, double value) {
        charts.add(chart, axis, server, configuration, value);
    }

    public Charts charts() {
        return charts;
    }

    public List<Table> tables() {
        return tables;
    }

    public List<Check> checks() {
        return checks;
    }
}

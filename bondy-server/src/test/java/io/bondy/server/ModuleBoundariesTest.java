package io.bondy.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md's dependency direction, checked on the compiled classes (Maven's enforcer checks the poms). */
class ModuleBoundariesTest {

    private static final JavaClasses BONDY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
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
}

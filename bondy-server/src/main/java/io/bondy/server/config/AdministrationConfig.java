package io.bondy.server.config;

import java.nio.file.Path;

/**
 * The administration part of the configuration.
 *
 * @param automaticallyCreateRealms {@code automatically_create_realms}: HELLO to an unknown realm
 *                                  creates it with default settings instead of ABORT
 *                                  {@code wamp.error.no_such_realm}
 * @param backupDir                 {@code backup.dir}: where {@code bondy.backup.create} writes and
 *                                  {@code bondy.backup.restore} reads, absolute
 */
public record AdministrationConfig(boolean automaticallyCreateRealms, Path backupDir) {
}

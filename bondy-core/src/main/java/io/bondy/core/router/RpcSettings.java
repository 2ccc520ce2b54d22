package io.bondy.core.router;

/**
 * A realm's RPC settings (the {@code rpc { ... }} block of a realm in the configuration).
 * Fields are added with the features that need them.
 */
public record RpcSettings() {

    public static final RpcSettings DEFAULTS = new RpcSettings();
}

package io.bondy.server.admin;

/**
 * The admin HTTP listener ({@code admin_api.http.*}).
 *
 * @param enabled whether to listen
 * @param host    the address to bind
 * @param port    the port to bind; 0 picks a free one
 */
public record AdminHttpConfig(boolean enabled, String host, int port) {
}

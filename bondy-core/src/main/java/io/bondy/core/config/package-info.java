/**
 * The router's typed configuration: immutable records with defaults ({@code RouterConfig},
 * {@code RealmConfig}, {@code RpcSettings}, {@code PubSubSettings}, {@code AuthorizerSettings}).
 * bondy-server parses the configuration file into them; the router and the SPI only read them.
 * Uses: {@code message}, {@code uri}.
 */
package io.bondy.core.config;

package io.bondy.core.spi;

/** The actions every message is authorized for, with the permission names of Bondy's RBAC. */
public enum Action {
    REGISTER("wamp.register"),
    UNREGISTER("wamp.unregister"),
    CALL("wamp.call"),
    CANCEL("wamp.cancel"),
    SUBSCRIBE("wamp.subscribe"),
    UNSUBSCRIBE("wamp.unsubscribe"),
    PUBLISH("wamp.publish"),
    /** A caller asking to disclose its identity to the callee ({@code disclose_me}). */
    DISCLOSE_CALLER("wamp.disclose_caller"),
    /** A publisher asking to disclose its identity to subscribers ({@code disclose_me}). */
    DISCLOSE_PUBLISHER("wamp.disclose_publisher");

    private final String permission;

    Action(String permission) {
        this.permission = permission;
    }

    public String permission() {
        return permission;
    }
}

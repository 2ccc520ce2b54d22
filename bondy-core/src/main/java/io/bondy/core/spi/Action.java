package io.bondy.core.spi;

/** The actions every message is authorized for, with the permission names of Bondy's RBAC. */
public enum Action {
    REGISTER("wamp.register"),
    UNREGISTER("wamp.unregister"),
    CALL("wamp.call"),
    CANCEL("wamp.cancel"),
    SUBSCRIBE("wamp.subscribe"),
    UNSUBSCRIBE("wamp.unsubscribe"),
    PUBLISH("wamp.publish");

    private final String permission;

    Action(String permission) {
        this.permission = permission;
    }

    public String permission() {
        return permission;
    }
}

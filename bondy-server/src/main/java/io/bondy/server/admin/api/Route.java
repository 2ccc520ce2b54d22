package io.bondy.server.admin.api;

import java.util.function.Function;

/**
 * One REST route: a method and path, the admin procedure it calls, and the status of a success.
 *
 * @param method  HTTP method
 * @param path    the path template
 * @param call    builds the procedure call from the path variables and body
 * @param created whether success is {@code 201 Created} (else 200, or 204 when the result is empty)
 */
record Route(String method, PathTemplate path, Function<RouteInput, WampCall> call, boolean created) {

    static Route get(String path, Function<RouteInput, WampCall> call) {
        return new Route("GET", new PathTemplate(path), call, false);
    }

    static Route post(String path, Function<RouteInput, WampCall> call) {
        return new Route("POST", new PathTemplate(path), call, true);
    }

    static Route action(String method, String path, Function<RouteInput, WampCall> call) {
        return new Route(method, new PathTemplate(path), call, false);
    }
}

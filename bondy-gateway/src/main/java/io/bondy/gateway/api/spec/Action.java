package io.bondy.gateway.api.spec;

/**
 * What a request to a path and method does. Fields typed {@code Object} are terms that may still hold
 * request-time expressions ({@code {{request.body.x}}}); they are evaluated per request.
 */
public sealed interface Action {

    /** The action's {@code type} as written in the spec. */
    String type();

    /** {@code wamp_call}: calls {@code procedure}; a failed attempt may be retried ({@code retries}). */
    record WampCall(Object procedure, Object args, Object kwargs, Object options, Object timeout, Object retries,
                    Object retryTimeout) implements Action {
        @Override
        public String type() {
            return "wamp_call";
        }
    }

    /** {@code wamp_publish}: publishes to {@code topic}; the result is {@code {"publication_id": id}}. */
    record WampPublish(Object topic, Object args, Object kwargs, Object options) implements Action {
        @Override
        public String type() {
            return "wamp_publish";
        }
    }

    /** {@code forward}: the request goes to an upstream HTTP server ({@code host} is its base URL). */
    record Forward(Object host, String httpMethod, Object path, Object queryString, Object headers, Object body,
                   Object timeout, Object connectTimeout, Object retries, Object retryTimeout) implements Action {
        @Override
        public String type() {
            return "forward";
        }
    }

    /** {@code static}: answers with the response spec and these headers and body. */
    record Static(Object headers, Object body) implements Action {
        @Override
        public String type() {
            return "static";
        }
    }

    /** An empty {@code action} (allowed for {@code options} only, as in Bondy): the response alone answers. */
    record None() implements Action {
        @Override
        public String type() {
            return "none";
        }
    }
}

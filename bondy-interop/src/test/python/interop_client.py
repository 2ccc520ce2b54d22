#!/usr/bin/python3
"""WAMP interop scenario against a Bondy router, with autobahn-python (asyncio).

Usage: interop_client.py URL SERIALIZER
  URL         ws://127.0.0.1:18080/ws (WebSocket) or rs://127.0.0.1:18082 / tcp://127.0.0.1:18082 (RawSocket);
              over TLS wss://127.0.0.1:18083/ws or rss://127.0.0.1:18085, trusting the CA certificates of the
              PEM file named by the environment variable BONDY_TEST_CAFILE (the certificate is verified,
              host name included)
  SERIALIZER  json | msgpack | cbor

Runs with Debian's python3-autobahn (22.7.1), python3-cbor2 and python3-msgpack (`/usr/bin/python3`).
Two sessions, A (callee, subscriber) and B (caller, publisher), join realm1 and go through:
register + call with args/kwargs, a callee error with args/kwargs propagated to the caller, a call to an
unregistered procedure (wamp.error.no_such_procedure), subscribe + publish with acknowledge, publisher
exclusion, unsubscribe, and leave (GOODBYE answered by GOODBYE wamp.close.goodbye_and_out).
Prints each step; exits 0 only when every check passed. autobahn-python is strict: a protocol error it
finds in the router's messages is logged by it ("WAMP Protocol Error ...") and fails the run.
"""

import asyncio
import os
import ssl
import sys
import time
import traceback
from urllib.parse import urlparse

import txaio

txaio.use_asyncio()

from autobahn.asyncio.rawsocket import WampRawSocketClientFactory  # noqa: E402
from autobahn.asyncio.wamp import ApplicationSession  # noqa: E402
from autobahn.asyncio.websocket import WampWebSocketClientFactory  # noqa: E402
from autobahn.wamp.exception import ApplicationError  # noqa: E402
from autobahn.wamp.types import CallResult, ComponentConfig, PublishOptions  # noqa: E402


def _patch_asyncio_rawsocket():
    """Work around a client-side bug of autobahn-python 22.7.1 (Debian bookworm's python3-autobahn): its
    asyncio RawSocket protocol lacks the ``transport_details`` property, so every asyncio RawSocket client
    crashes on WELCOME with "AttributeError: 'WampRawSocketClientProtocol' object has no attribute
    'transport_details'" (crossbario/autobahn-python#1592, fixed upstream in #1593 for 22.8+). This adds the
    property exactly as the fix does; it changes nothing of what goes over the wire."""
    from autobahn.asyncio import rawsocket as aio_rawsocket
    if not hasattr(aio_rawsocket.PrefixProtocol, "transport_details"):
        aio_rawsocket.PrefixProtocol.transport_details = property(
            lambda self: getattr(self, "_transport_details", None))
        return True
    return False


REALM = "realm1"
STEP_TIMEOUT = 10.0
# Values that every serializer must carry unchanged: nested lists/dicts, null, negative, big and
# floating-point numbers, booleans and non-ASCII text.
ARGS = [1, "two", [3, 4.5], {"x": True, "y": None}, -5, 2 ** 40, "h\u00e9llo \u2713"]
KWARGS = {"name": "bondy", "n": 42, "list": [1, 2, 3], "nested": {"k": None, "f": 0.25}}
ERROR_URI = "com.example.interop.failed"
ERROR_ARGS = ["bad thing", 7]
ERROR_KWARGS = {"reason": "because", "code": 42}

START = time.monotonic()


def log(msg):
    print("[python %6.3fs] %s" % (time.monotonic() - START, msg), flush=True)


class CheckFailed(Exception):
    pass


def check(cond, what):
    if not cond:
        raise CheckFailed(what)
    log("  ok: " + what.split(":")[0])


def make_serializer(name):
    if name == "json":
        from autobahn.wamp.serializer import JsonSerializer
        return JsonSerializer()
    if name == "msgpack":
        from autobahn.wamp.serializer import MsgPackSerializer
        return MsgPackSerializer()
    if name == "cbor":
        from autobahn.wamp.serializer import CBORSerializer
        return CBORSerializer()
    raise SystemExit("unknown serializer %r (json, msgpack or cbor)" % name)


class Peer(ApplicationSession):
    """A session that exposes its life cycle as futures."""

    def __init__(self, config, name):
        super().__init__(config)
        self.name = name
        loop = asyncio.get_event_loop()
        self.joined = loop.create_future()
        self.left = loop.create_future()
        self.disconnected = loop.create_future()

    def onJoin(self, details):
        log("%s joined realm %s as session %s (authmethod=%s, authrole=%s)"
            % (self.name, details.realm, details.session, details.authmethod, details.authrole))
        if not self.joined.done():
            self.joined.set_result(details)

    def onLeave(self, details):
        log("%s left: reason=%s message=%s" % (self.name, details.reason, details.message))
        if not self.joined.done():
            self.joined.set_exception(CheckFailed("%s: join refused: %s %s"
                                                  % (self.name, details.reason, details.message)))
        if not self.left.done():
            self.left.set_result(details)
        self.disconnect()

    def onDisconnect(self):
        log("%s transport closed" % self.name)
        for fut, what in ((self.joined, "join"), (self.left, "GOODBYE")):
            if not fut.done():
                fut.set_exception(CheckFailed("%s: transport lost before %s" % (self.name, what)))
        if not self.disconnected.done():
            self.disconnected.set_result(True)


async def step(what, awaitable):
    try:
        return await asyncio.wait_for(awaitable, STEP_TIMEOUT)
    except asyncio.TimeoutError:
        raise CheckFailed("%s: no answer within %.0f s" % (what, STEP_TIMEOUT))


async def connect(url, serializer_name, name):
    loop = asyncio.get_event_loop()
    session = Peer(ComponentConfig(realm=REALM), name)
    parsed = urlparse(url)
    if parsed.scheme in ("rs", "tcp", "rss"):
        factory = WampRawSocketClientFactory(lambda: session, serializer=make_serializer(serializer_name))
    elif parsed.scheme in ("ws", "wss"):
        factory = WampWebSocketClientFactory(lambda: session, url=url,
                                             serializers=[make_serializer(serializer_name)])
    else:
        raise SystemExit("unsupported URL %r (ws://, wss://, rs://, rss:// or tcp://)" % url)
    tls = None
    if parsed.scheme in ("wss", "rss"):
        # verifies the router's certificate against the test CA, and its name (127.0.0.1) against the SANs
        tls = ssl.create_default_context(cafile=os.environ["BONDY_TEST_CAFILE"])
        tls.minimum_version = ssl.TLSVersion.TLSv1_2
    transport, _ = await step("%s connect to %s" % (name, url),
                              loop.create_connection(factory, parsed.hostname, parsed.port, ssl=tls))
    if tls is not None:
        ssl_object = transport.get_extra_info("ssl_object")
        log("%s over %s with %s" % (name, ssl_object.version(), ssl_object.cipher()[0]))
    await step("%s join" % name, session.joined)
    return session


async def scenario(url, serializer_name):
    prefix = "com.example.interop.py.%s.%s.%d" % (urlparse(url).scheme, serializer_name, os.getpid())
    a = await connect(url, serializer_name, "A")
    b = await connect(url, serializer_name, "B")
    check(a.session_id != b.session_id, "two distinct session ids")

    # --- RPC: register + call with args and kwargs ---
    invocations = []

    def echo(*args, **kwargs):
        invocations.append((list(args), kwargs))
        return CallResult(*args, **kwargs)

    def add(x, y, z=0):
        return x + y + z

    def fail(*args, **kwargs):
        raise ApplicationError(ERROR_URI, *ERROR_ARGS, **ERROR_KWARGS)

    reg_echo = await step("register echo", a.register(echo, prefix + ".echo"))
    await step("register add", a.register(add, prefix + ".add"))
    await step("register fail", a.register(fail, prefix + ".fail"))
    log("A registered %s.{echo,add,fail} (echo registration id %s)" % (prefix, reg_echo.id))

    res = await step("call echo", b.call(prefix + ".echo", *ARGS, **KWARGS))
    log("B call echo -> %r" % (res,))
    check(isinstance(res, CallResult), "echo returns args and kwargs: got %r" % (res,))
    check(list(res.results) == ARGS, "RESULT args: expected %r, got %r" % (ARGS, res.results))
    check(res.kwresults == KWARGS, "RESULT kwargs: expected %r, got %r" % (KWARGS, res.kwresults))
    check(invocations == [(ARGS, KWARGS)],
          "INVOCATION args/kwargs: expected %r, got %r" % ([(ARGS, KWARGS)], invocations))

    res = await step("call add", b.call(prefix + ".add", 2, 3, z=4))
    log("B call add(2, 3, z=4) -> %r" % (res,))
    check(res == 9, "single RESULT value: expected 9, got %r" % (res,))

    # --- RPC: callee error propagated with args/kwargs ---
    log("B call fail (A raises %s on purpose: autobahn logs it as Peer.onUserError)" % ERROR_URI)
    try:
        res = await step("call fail", b.call(prefix + ".fail", 1, k="v"))
        raise CheckFailed("call fail: expected ERROR %s, got RESULT %r" % (ERROR_URI, res))
    except ApplicationError as e:
        log("B call fail -> ERROR %s args=%r kwargs=%r" % (e.error, list(e.args), e.kwargs))
        check(e.error == ERROR_URI, "ERROR uri: expected %s, got %s" % (ERROR_URI, e.error))
        check(list(e.args) == ERROR_ARGS, "ERROR args: expected %r, got %r" % (ERROR_ARGS, list(e.args)))
        check(e.kwargs == ERROR_KWARGS, "ERROR kwargs: expected %r, got %r" % (ERROR_KWARGS, e.kwargs))

    # --- RPC: unregistered procedure ---
    try:
        res = await step("call missing", b.call(prefix + ".missing", 1))
        raise CheckFailed("call missing: expected ERROR wamp.error.no_such_procedure, got RESULT %r" % (res,))
    except ApplicationError as e:
        log("B call missing -> ERROR %s args=%r" % (e.error, list(e.args)))
        check(e.error == "wamp.error.no_such_procedure",
              "no_such_procedure: expected wamp.error.no_such_procedure, got %s" % e.error)

    # --- PubSub: subscribe, publish with acknowledge ---
    topic = prefix + ".topic"
    loop = asyncio.get_event_loop()
    a_events = []
    b_events = []
    a_first = loop.create_future()
    b_first = loop.create_future()

    def on_a(*args, **kwargs):
        a_events.append((list(args), kwargs))
        if not a_first.done():
            a_first.set_result(True)

    def on_b(*args, **kwargs):
        b_events.append((list(args), kwargs))
        if not b_first.done():
            b_first.set_result(True)

    sub_a = await step("A subscribe", a.subscribe(on_a, topic))
    await step("B subscribe", b.subscribe(on_b, topic))
    log("A and B subscribed to %s (A subscription id %s)" % (topic, sub_a.id))

    pub = await step("publish 1", b.publish(topic, *ARGS, options=PublishOptions(acknowledge=True), **KWARGS))
    log("B publish 1 (acknowledge) -> PUBLISHED id %s" % pub.id)
    check(pub is not None and isinstance(pub.id, int), "PUBLISHED carries a publication id: %r" % (pub,))
    await step("A receives event 1", a_first)
    check(a_events == [(ARGS, KWARGS)], "EVENT args/kwargs: expected %r, got %r" % ([(ARGS, KWARGS)], a_events))

    # --- unsubscribe: A gets nothing more; B (exclude_me=false) proves the next event was dispatched ---
    await step("A unsubscribe", sub_a.unsubscribe())
    log("A unsubscribed")
    pub2 = await step("publish 2", b.publish(topic, "second",
                                             options=PublishOptions(acknowledge=True, exclude_me=False)))
    log("B publish 2 (acknowledge, exclude_me=false) -> PUBLISHED id %s" % pub2.id)
    await step("B receives its own event 2", b_first)
    await asyncio.sleep(0.3)
    check(b_events == [(["second"], {})],
          "publisher exclusion: B got only event 2 (not its excluded event 1): got %r" % (b_events,))
    check(len(a_events) == 1, "no EVENT after UNSUBSCRIBE: A got %r" % (a_events,))

    # --- leave ---
    for s in (b, a):
        s.leave()
        details = await step("%s GOODBYE reply" % s.name, s.left)
        check(details.reason == "wamp.close.goodbye_and_out",
              "%s GOODBYE reply: expected wamp.close.goodbye_and_out, got %s" % (s.name, details.reason))
        await step("%s transport close" % s.name, s.disconnected)


def run_scenario(start, timeout, passed):
    """Runs the coroutine {@code start()} makes on a fresh event loop, bounded by {@code timeout}
    seconds; logs PASSED or FAILED (with the trace of an unexpected exception) and returns the exit
    code: 0 when every check passed, 1 otherwise."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    txaio.config.loop = loop
    try:
        loop.run_until_complete(asyncio.wait_for(start(), timeout))
    except CheckFailed as e:
        log("FAILED: %s" % e)
        return 1
    except Exception:  # noqa: BLE001 - anything else is a failure too, with its trace
        log("FAILED with an exception:\n" + traceback.format_exc())
        return 1
    finally:
        loop.run_until_complete(asyncio.sleep(0.05))
        loop.close()
    log("PASSED: " + passed)
    return 0


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    url, serializer_name = sys.argv[1], sys.argv[2]
    if url.startswith("tcp://"):
        url = "rs://" + url[len("tcp://"):]
    import autobahn
    log("autobahn-python %s, Python %s, %s with %s" % (autobahn.__version__, sys.version.split()[0], url,
                                                       serializer_name))
    if (url.startswith("rs://") or url.startswith("rss://")) and _patch_asyncio_rawsocket():
        log("patched autobahn-python's asyncio RawSocket transport_details bug (autobahn-python#1592)")
    # autobahn logs protocol violations it finds (e.g. "WAMP Protocol Error (...)") through txaio.
    txaio.start_logging(level="warn")
    return run_scenario(lambda: scenario(url, serializer_name), 45, "full scenario over %s with %s" % (url, serializer_name))


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Advanced RPC, meta API and testament scenario against a Bondy router, with autobahn-python (asyncio).

Usage: advanced_rpc_client.py URL SERIALIZER   (as interop_client.py)

autobahn-python 22.7.1 drives what it supports: session and registration meta API and events, pattern-based
and shared (roundrobin) registrations, progressive call results, router-run call timeouts, call canceling,
testaments, and wamp.session.kill. What it cannot express (CALL disclose_me, progressive call invocations) is
sent as raw WAMP JSON frames over autobahn's WebSocket client protocol, when URL is ws:// and SERIALIZER json.
Prints each step; exits 0 only when every check passed.
"""

import asyncio
import json
import os
import sys
from urllib.parse import urlparse

from interop_client import (CheckFailed, _patch_asyncio_rawsocket, check, connect, log, run_scenario,  # noqa: E402
                            step)
import txaio  # noqa: E402

from autobahn.asyncio.websocket import WebSocketClientFactory, WebSocketClientProtocol  # noqa: E402
from autobahn.wamp.exception import ApplicationError  # noqa: E402
from autobahn.wamp.types import CallOptions, RegisterOptions  # noqa: E402


async def expect_error(what, awaitable, uri):
    try:
        await step(what, awaitable)
    except ApplicationError as e:
        check(e.error == uri, "%s: expected %s, got %s" % (what, uri, e.error))
        return
    raise CheckFailed("%s: expected ERROR %s, got a result" % (what, uri))


async def meta_api(a, b, c):
    log("-- session meta API")
    check(await step("count", b.call("wamp.session.count")) >= 3, "wamp.session.count: counts our sessions")
    ids = await step("list", b.call("wamp.session.list"))
    check({a._session_id, b._session_id, c._session_id} <= set(ids), "wamp.session.list: lists our sessions")
    got = await step("get", b.call("wamp.session.get", a._session_id))
    check(got["session"] == a._session_id and got["authrole"] == "anonymous",
          "wamp.session.get: details of A: %r" % got)
    me = await step("self", b.call("bondy.session.self"))
    check(me["session"] == b._session_id, "bondy.session.self: B's own session")
    await expect_error("get unknown", b.call("wamp.session.get", 1), "wamp.error.no_such_session")
    await expect_error("kill self", b.call("wamp.session.kill", b._session_id), "wamp.error.no_such_session")


async def registrations(prefix, a, b, c):
    log("-- pattern-based registration and registration meta API")
    loop = asyncio.get_event_loop()
    created = loop.create_future()

    def on_create(session, details):
        if details["uri"].startswith(prefix) and not created.done():
            created.set_result((session, details))

    await step("subscribe on_create", b.subscribe(on_create, "wamp.registration.on_create"))
    reg = await step("register prefix", a.register(lambda *args, details: details.procedure, prefix + ".pre",
                                                   RegisterOptions(match="prefix", details_arg="details")))
    session, details = await step("on_create event", created)
    check(session == a._session_id and details["match"] == "prefix" and details["id"] == reg.id,
          "wamp.registration.on_create: %r" % details)
    got = await step("call under prefix", b.call(prefix + ".pre.deep.name"))
    check(got == prefix + ".pre.deep.name", "prefix call: INVOCATION details.procedure is the called URI")
    check(await step("match", b.call("wamp.registration.match", prefix + ".pre.x")) == reg.id,
          "wamp.registration.match: finds the prefix registration")
    got = await step("get", b.call("wamp.registration.get", reg.id))
    check(got["uri"] == prefix + ".pre" and got["invoke"] == "single", "wamp.registration.get: %r" % got)

    log("-- shared registration (roundrobin), one registration id")
    ra = await step("A register rr", a.register(lambda: "A", prefix + ".rr", RegisterOptions(invoke="roundrobin")))
    rc = await step("C register rr", c.register(lambda: "C", prefix + ".rr", RegisterOptions(invoke="roundrobin")))
    check(ra.id == rc.id, "shared registration: one id for both callees")
    answers = [await step("rr call", b.call(prefix + ".rr")) for _ in range(4)]
    check(answers == ["A", "C", "A", "C"], "roundrobin: callees in turn: %r" % answers)
    callees = await step("list_callees", b.call("wamp.registration.list_callees", ra.id))
    check(sorted(callees) == sorted([a._session_id, c._session_id]), "wamp.registration.list_callees")
    await expect_error("mixed policy", b.register(lambda: "B", prefix + ".rr", RegisterOptions(invoke="random")),
                       "wamp.error.procedure_already_exists")


async def progressive_timeout_cancel(prefix, a, b):
    log("-- progressive call results")
    loop = asyncio.get_event_loop()

    async def stream(n, details=None):
        for i in range(n):
            details.progress(i)
        return "done"

    await step("register stream", a.register(stream, prefix + ".stream", RegisterOptions(details_arg="details")))
    progress = []
    result = await step("call stream", b.call(prefix + ".stream", 3,
                                              options=CallOptions(on_progress=lambda i: progress.append(i))))
    check(progress == [0, 1, 2] and result == "done", "progressive results in order: %r then %r" % (progress, result))

    log("-- call timeout (router-run) and cancel")
    started = {}
    interrupted = {}

    async def slow(tag):
        started[tag].set_result(True)
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:  # autobahn cancels the invocation when INTERRUPT arrives
            interrupted[tag].set_result(True)
        return "too late"  # dropped by the router: the call has ended

    await step("register slow", a.register(slow, prefix + ".slow"))
    started["t"], interrupted["t"] = loop.create_future(), loop.create_future()
    await expect_error("call with timeout", b.call(prefix + ".slow", "t", options=CallOptions(timeout=300)),
                       "wamp.error.timeout")
    check(await step("timeout INTERRUPT", interrupted["t"]), "timeout: the callee got INTERRUPT (killnowait)")

    started["c"], interrupted["c"] = loop.create_future(), loop.create_future()
    call = asyncio.ensure_future(b.call(prefix + ".slow", "c"))
    await step("callee invoked", started["c"])
    call.cancel()
    try:
        await step("canceled call", call)
        raise CheckFailed("cancel: the call returned a result")
    except (asyncio.CancelledError, ApplicationError):
        log("  ok: cancel: the call ended as canceled")
    check(await step("cancel INTERRUPT", interrupted["c"]), "cancel: the callee got INTERRUPT")
    check(await step("after cancel", b.call(prefix + ".rr")) in ("A", "C"), "the caller keeps working after cancel")


async def testament_and_kill(url, serializer_name, prefix, b):
    log("-- testament, on_leave and kill")
    loop = asyncio.get_event_loop()
    d = await connect(url, serializer_name, "D")
    d_id = d._session_id
    gone = loop.create_future()
    left = loop.create_future()
    await step("subscribe testament topic", b.subscribe(lambda *args: gone.set_result(args), prefix + ".gone"))
    on_leave = await step("subscribe on_leave", b.subscribe(
        lambda session, authid, authrole: session == d_id and not left.done() and left.set_result(session),
        "wamp.session.on_leave"))
    await step("add_testament", d.call("wamp.session.add_testament", prefix + ".gone", ["D is gone"], {}))
    d._transport.close()  # abnormal end: no GOODBYE
    check(await step("testament event", gone) == ("D is gone",), "testament published when D's transport was lost")
    check(await step("on_leave event", left) == d_id, "wamp.session.on_leave for D")
    await step("unsubscribe on_leave", on_leave.unsubscribe())

    e = await connect(url, serializer_name, "E")
    await step("kill E", b.call("wamp.session.kill", e._session_id, reason="com.example.kicked", message="bye"))
    details = await step("E GOODBYE", e.left)
    check(details.reason == "com.example.kicked", "wamp.session.kill: E got GOODBYE %s" % details.reason)


class RawWamp(WebSocketClientProtocol):
    """WAMP JSON frames by hand, for options autobahn-python does not offer."""

    def onConnect(self, response):
        self.inbox = asyncio.Queue()

    def onOpen(self):
        self.factory.opened.set_result(self)

    def onMessage(self, payload, is_binary):
        self.inbox.put_nowait(json.loads(payload.decode("utf8")))

    def send_wamp(self, msg):
        self.sendMessage(json.dumps(msg).encode("utf8"))

    async def recv(self, what):
        return await step(what, self.inbox.get())


async def raw_session(url, name):
    loop = asyncio.get_event_loop()
    factory = WebSocketClientFactory(url, protocols=["wamp.2.json"])
    factory.protocol = RawWamp
    factory.opened = loop.create_future()
    parsed = urlparse(url)
    await step("%s connect" % name, loop.create_connection(factory, parsed.hostname, parsed.port))
    raw = await step("%s open" % name, factory.opened)
    features = {f: True for f in ("progressive_call_invocations", "progressive_call_results", "call_canceling",
                                  "caller_identification")}
    raw.send_wamp([1, "realm1", {"roles": {"caller": {"features": features}, "callee": {"features": features}}}])
    welcome = await raw.recv("%s WELCOME" % name)
    check(welcome[0] == 2, "%s joined with raw frames" % name)
    return raw, welcome[1]


async def raw_frames(url, prefix, a):
    log("-- raw frames: disclose_me and progressive call invocations")
    caller, caller_id = await raw_session(url, "raw caller")
    await step("register who", a.register(lambda details: [details.caller, details.caller_authrole], prefix + ".who",
                                          RegisterOptions(details_arg="details")))
    caller.send_wamp([48, 1, {"disclose_me": True}, prefix + ".who"])
    result = await caller.recv("RESULT who")
    check(result[0] == 50 and result[3][0] == [caller_id, "anonymous"],
          "disclose_me: the callee saw the caller's session id and authrole: %r" % result)

    callee, _ = await raw_session(url, "raw callee")
    callee.send_wamp([64, 1, {}, prefix + ".upload"])
    registered = await callee.recv("REGISTERED upload")
    check(registered[0] == 65, "raw callee registered")
    caller.send_wamp([48, 2, {"progress": True, "receive_progress": True}, prefix + ".upload", ["a"]])
    caller.send_wamp([48, 2, {"progress": True}, prefix + ".upload", ["b"]])
    caller.send_wamp([48, 2, {}, prefix + ".upload", ["c"]])
    chunks = [await callee.recv("INVOCATION chunk %d" % i) for i in range(3)]
    check(len({c[1] for c in chunks}) == 1, "all chunks share one INVOCATION request id")
    check([c[4][0] for c in chunks] == ["a", "b", "c"], "chunks arrive in order")
    check([c[3].get("progress", False) for c in chunks] == [True, True, False], "progress flags of the chunks")
    invocation = chunks[0][1]
    callee.send_wamp([70, invocation, {"progress": True}, ["ab"]])
    callee.send_wamp([70, invocation, {}, ["abc"]])
    first = await caller.recv("progressive RESULT")
    final = await caller.recv("final RESULT")
    check(first[2].get("progress") is True and first[3] == ["ab"], "progressive RESULT during the upload")
    check(final[2].get("progress") is None and final[3] == ["abc"], "final RESULT")
    for raw in (caller, callee):
        raw.sendClose()


async def scenario(url, serializer_name):
    prefix = "com.example.adv.%s.%s.%d" % (urlparse(url).scheme, serializer_name, os.getpid())
    a = await connect(url, serializer_name, "A")
    b = await connect(url, serializer_name, "B")
    c = await connect(url, serializer_name, "C")
    await meta_api(a, b, c)
    await registrations(prefix, a, b, c)
    await progressive_timeout_cancel(prefix, a, b)
    await testament_and_kill(url, serializer_name, prefix, b)
    if url.startswith("ws://") and serializer_name == "json":
        await raw_frames(url, prefix, a)
    else:
        log("-- raw frames: run only over ws:// with json")
    for s in (c, b, a):
        s.leave()
        await step("%s GOODBYE reply" % s.name, s.left)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    url, serializer_name = sys.argv[1], sys.argv[2]
    if url.startswith("tcp://"):
        url = "rs://" + url[len("tcp://"):]
    if url.startswith("rs://"):
        _patch_asyncio_rawsocket()
    txaio.start_logging(level="warn")
    return run_scenario(lambda: scenario(url, serializer_name), 50, "advanced RPC scenario over %s with %s" % (url, serializer_name))


if __name__ == "__main__":
    sys.exit(main())

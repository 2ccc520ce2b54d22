#!/usr/bin/python3
"""Dynamic authorizer scenario against a Bondy router, with autobahn-python (asyncio).

Usage: authorizer_client.py WS_URL ADMIN_PASSWORD

The admin creates a realm whose authorizer is com.example.authorize (bondy.realm.create), with static
grants for two users. "gatekeeper" registers the authorizer procedure (Crossbar's signature:
authorize(session_details, uri, action)), then "alice" calls, subscribes and publishes: the
authorizer's answers allow or deny each action, a cached answer is reused within the TTL (the
authorizer is asked once for three calls), an action without a static grant is refused without
asking, and an authorizer slower than authorizer_timeout is a denial.

Exits 0 only when every check passed, printing PASSED.
"""

import asyncio
import sys

import txaio

txaio.use_asyncio()

from autobahn.wamp.exception import ApplicationError  # noqa: E402
from autobahn.wamp.types import PublishOptions  # noqa: E402

from security_client import CheckFailed, admin, check, cra, join, log, run_scenario, step  # noqa: E402

REALM = "com.example.authz"
AUTHORIZER = "com.example.authorize"
NOT_AUTHORIZED = "wamp.error.not_authorized"


async def denied(what, awaitable, error=NOT_AUTHORIZED):
    try:
        await step(what, awaitable)
    except ApplicationError as e:
        check(e.error == error, "%s is refused with %s (got %s)" % (what, error, e.error))
        return
    raise CheckFailed("%s: expected ERROR %s, but it succeeded" % (what, error))


async def scenario(url, admin_password):
    adm = await admin(url, admin_password)
    created = await step("create the realm", adm.call("bondy.realm.create", {
        "uri": REALM, "authmethods": ["wampcra"],
        "authorizer": AUTHORIZER, "authorizer_cache_ttl": 60, "authorizer_timeout": 1,
        "users": [{"username": "gatekeeper", "password": "gatekeeper-pw"},
                  {"username": "alice", "password": "alice-password"}],
        "sources": [{"usernames": "all", "authmethod": "wampcra", "cidr": "127.0.0.0/8"}],
        "grants": [
            {"roles": ["gatekeeper"], "permissions": ["wamp.register"],
             "resources": [{"uri": "com.example.", "match": "prefix"}]},
            {"roles": ["alice"], "permissions": ["wamp.call", "wamp.subscribe", "wamp.publish"],
             "resources": [{"uri": "com.example.", "match": "prefix"}]}]}))
    check(created["authorizer"] == AUTHORIZER and created["authorizer_cache_ttl"] == 60
          and created["authorizer_timeout"] == 1, "the realm object shows the authorizer (%s)" % created)

    asked = []

    async def authorize(session, uri, action):
        asked.append((session.get("authid"), uri, action))
        if uri == "com.example.slow":
            await asyncio.sleep(3)  # longer than authorizer_timeout
            return True
        if uri.startswith("com.example.deny"):
            return {"allow": False, "cache": True, "disclose": False}
        return True

    gatekeeper, _ = await join(url, REALM, ["wampcra"], "gatekeeper", answer=cra("gatekeeper-pw"))
    await step("register the authorizer", gatekeeper.register(authorize, AUTHORIZER))
    check(asked == [], "registering the authorizer itself is decided by the static grants alone")
    await step("register add", gatekeeper.register(lambda a, b: a + b, "com.example.add"))
    check(asked == [("gatekeeper", "com.example.add", "register")],
          "the authorizer decided the gatekeeper's own REGISTER (%s)" % asked)

    alice, _ = await join(url, REALM, ["wampcra"], "alice", answer=cra("alice-password"))
    for i in range(3):
        got = await step("call add #%d" % (i + 1), alice.call("com.example.add", 2, 3))
        check(got == 5, "call #%d allowed by the authorizer and routed (got %r)" % (i + 1, got))
    calls = [a for a in asked if a == ("alice", "com.example.add", "call")]
    check(len(calls) == 1, "the answer is cached: one question for three calls within the TTL (%d)" % len(calls))
    await denied("call com.example.deny.add", alice.call("com.example.deny.add"))

    events = []
    await step("subscribe news", alice.subscribe(lambda *a: events.append(a), "com.example.news"))
    await denied("subscribe com.example.deny.news", alice.subscribe(lambda *a: None, "com.example.deny.news"))
    await step("publish news", alice.publish("com.example.news", "hello",
                                             options=PublishOptions(acknowledge=True, exclude_me=False)))
    for _ in range(50):
        if events:
            break
        await asyncio.sleep(0.1)
    check(events == [("hello",)], "the allowed publication reached the allowed subscription (%s)" % events)
    await denied("publish com.example.deny.news", alice.publish(
        "com.example.deny.news", "x", options=PublishOptions(acknowledge=True)))
    for expected in [("alice", "com.example.news", "subscribe"), ("alice", "com.example.news", "publish"),
                     ("alice", "com.example.deny.news", "subscribe"), ("alice", "com.example.deny.news", "publish")]:
        check(expected in asked, "the authorizer was asked %s" % (expected,))

    await denied("call without a static grant", alice.call("org.other.proc"))
    check(not any(uri == "org.other.proc" for _, uri, _ in asked), "static RBAC refused it without asking")

    await denied("call decided by a too slow authorizer", alice.call("com.example.slow"))
    got = await step("call add after the timeout", alice.call("com.example.add", 1, 1))
    check(got == 2, "the session goes on after a timed-out question (got %r)" % got)
    log("authorizer asked %d times: %s" % (len(asked), asked))

    alice.leave()
    gatekeeper.leave()
    adm.leave()


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    url, admin_password = sys.argv[1], sys.argv[2]
    txaio.start_logging(level="warn")
    return run_scenario(lambda: scenario(url, admin_password), 55, "authorizer")


if __name__ == "__main__":
    sys.exit(main())

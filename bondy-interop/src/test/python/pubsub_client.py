#!/usr/bin/python3
"""Advanced PubSub scenario against a Bondy router, with autobahn-python (asyncio).

Usage: pubsub_client.py URL SERIALIZER HISTORY_TOPIC
  URL            ws://127.0.0.1:18080/ws or rs://127.0.0.1:18082
  SERIALIZER     json | msgpack | cbor
  HISTORY_TOPIC  a prefix the server keeps event history for (realm pubsub.history, match prefix)

Three sessions (A, B subscribers; P publisher; M watches the meta events) go through: prefix and wildcard
subscriptions (EVENT.Details.topic), black/white listing by session id, authid and authrole, a retained event
delivered on SUBSCRIBE get_retained, the subscription meta procedures and meta events, and the event history
(wamp.subscription.get_events). Prints each step; exits 0 only when every check passed.
"""

import asyncio
import os
import sys
import time
from urllib.parse import urlparse

import txaio

txaio.use_asyncio()

from autobahn.asyncio.rawsocket import WampRawSocketClientFactory  # noqa: E402
from autobahn.asyncio.wamp import ApplicationSession  # noqa: E402
from autobahn.asyncio.websocket import WampWebSocketClientFactory  # noqa: E402
from autobahn.wamp.types import ComponentConfig, PublishOptions, SubscribeOptions  # noqa: E402

from interop_client import (CheckFailed, Peer, _patch_asyncio_rawsocket, check, log,  # noqa: E402
                            make_serializer, run_scenario, step)

REALM = "realm1"


async def connect(url, serializer_name, name):
    loop = asyncio.get_event_loop()
    session = Peer(ComponentConfig(realm=REALM), name)
    parsed = urlparse(url)
    if parsed.scheme == "rs":
        factory = WampRawSocketClientFactory(lambda: session, serializer=make_serializer(serializer_name))
    else:
        factory = WampWebSocketClientFactory(lambda: session, url=url, serializers=[make_serializer(serializer_name)])
    await step("%s connect" % name, loop.create_connection(factory, parsed.hostname, parsed.port))
    details = await step("%s join" % name, session.joined)
    return session


class Inbox:
    """Events received by one handler, with a way to wait for the n-th."""

    def __init__(self):
        self.events = []
        self.changed = asyncio.Event()

    def __call__(self, *args, **kwargs):
        details = kwargs.pop("details", None)
        self.events.append((list(args), details))
        self.changed.set()

    async def wait_for(self, n, what):
        async def wait():
            while len(self.events) < n:
                self.changed.clear()
                await self.changed.wait()
        await step(what, wait())


async def scenario(url, serializer_name, history_topic):
    prefix = "com.example.pubsub.py.%s.%s.%d" % (urlparse(url).scheme, serializer_name, os.getpid())
    a = await connect(url, serializer_name, "A")
    b = await connect(url, serializer_name, "B")
    p = await connect(url, serializer_name, "P")
    m = await connect(url, serializer_name, "M")

    # --- meta events: M watches every subscription life-cycle event ---
    meta = Inbox()
    await step("M subscribe meta", m.subscribe(meta, "wamp.subscription.on_", SubscribeOptions(match="prefix",
                                                                                              details=True)))

    # --- pattern-based subscriptions ---
    a_pat = Inbox()
    sub_prefix = await step("A subscribe prefix", a.subscribe(a_pat, prefix + ".pat",
                                                              SubscribeOptions(match="prefix", details=True)))
    sub_wild = await step("A subscribe wildcard", a.subscribe(a_pat, prefix + "..w",
                                                              SubscribeOptions(match="wildcard", details=True)))
    await step("publish pat", p.publish(prefix + ".pat.one", 1, options=PublishOptions(acknowledge=True)))
    await step("publish wildcard", p.publish(prefix + ".x.w", 2, options=PublishOptions(acknowledge=True)))
    await step("publish neither", p.publish(prefix + ".x.w.no", 3, options=PublishOptions(acknowledge=True)))
    await a_pat.wait_for(2, "A receives 2 pattern events")
    await asyncio.sleep(0.2)
    topics = sorted(d.topic for _, d in a_pat.events)
    check(topics == sorted([prefix + ".pat.one", prefix + ".x.w"]),
          "EVENT.Details.topic names the concrete topic: got %r" % (topics,))
    subs = sorted(d.subscription.id for _, d in a_pat.events)
    check(subs == sorted([sub_prefix.id, sub_wild.id]), "one event per matching subscription: %r" % (subs,))

    # --- subscriber black/white listing ---
    topic = prefix + ".bw"
    a_bw, b_bw = Inbox(), Inbox()
    await step("A subscribe bw", a.subscribe(a_bw, topic))
    await step("B subscribe bw", b.subscribe(b_bw, topic))
    await step("publish eligible", p.publish(topic, "to A", options=PublishOptions(acknowledge=True,
                                                                                   eligible=[a.session_id])))
    await step("publish exclude", p.publish(topic, "not to A", options=PublishOptions(acknowledge=True,
                                                                                      exclude=[a.session_id])))
    await step("publish eligible_authid", p.publish(topic, "to B by authid", options=PublishOptions(
        acknowledge=True, eligible_authid=[b.authid])))
    await step("publish exclude_authrole", p.publish(topic, "to nobody", options=PublishOptions(
        acknowledge=True, exclude_authrole=["anonymous"])))
    await step("publish to all", p.publish(topic, "to all", options=PublishOptions(acknowledge=True)))
    await a_bw.wait_for(2, "A receives its events")
    await b_bw.wait_for(3, "B receives its events")
    check([e[0] for e in a_bw.events] == [["to A"], ["to all"]], "A got only what it was eligible for: %r"
          % (a_bw.events,))
    check([e[0] for e in b_bw.events] == [["not to A"], ["to B by authid"], ["to all"]],
          "B got only what it was eligible for: %r" % ([e[0] for e in b_bw.events],))

    # --- retention ---
    rtopic = prefix + ".retained"
    await step("publish retained 1", p.publish(rtopic, "old", options=PublishOptions(acknowledge=True, retain=True)))
    await step("publish retained 2", p.publish(rtopic, "latest", options=PublishOptions(acknowledge=True,
                                                                                         retain=True)))
    await step("publish not retained", p.publish(rtopic, "transient", options=PublishOptions(acknowledge=True)))
    a_ret = Inbox()
    await step("A subscribe get_retained", a.subscribe(a_ret, rtopic, SubscribeOptions(get_retained=True,
                                                                                       details=True)))
    await a_ret.wait_for(1, "A receives the retained event")
    await asyncio.sleep(0.2)
    check(len(a_ret.events) == 1 and a_ret.events[0][0] == ["latest"] and a_ret.events[0][1].retained is True,
          "the most recent retained event, marked retained: %r" % (a_ret.events,))

    # --- subscription meta API ---
    found = await step("lookup", m.call("wamp.subscription.lookup", prefix + ".pat", {"match": "prefix"}))
    check(found == sub_prefix.id, "lookup finds the prefix subscription: %r" % (found,))
    matching = await step("match", m.call("wamp.subscription.match", prefix + ".pat.w"))
    check(sorted(matching) == sorted([sub_prefix.id, sub_wild.id]), "match lists both: %r" % (matching,))
    info = await step("get", m.call("wamp.subscription.get", sub_wild.id))
    check(info["uri"] == prefix + "..w" and info["match"] == "wildcard" and info["id"] == sub_wild.id,
          "get describes the subscription: %r" % (info,))
    listed = await step("list", m.call("wamp.subscription.list"))
    check(sub_wild.id in listed["wildcard"] and sub_prefix.id in listed["prefix"], "list by policy: %r" % (listed,))
    bw_sub = await step("lookup bw", m.call("wamp.subscription.lookup", topic))
    subscribers = await step("list_subscribers", m.call("wamp.subscription.list_subscribers", bw_sub))
    check(sorted(subscribers) == sorted([a.session_id, b.session_id]), "list_subscribers: %r" % (subscribers,))
    count = await step("count_subscribers", m.call("wamp.subscription.count_subscribers", bw_sub))
    check(count == 2, "count_subscribers: %r" % (count,))
    try:
        await step("get unknown", m.call("wamp.subscription.get", 4242424242))
        raise CheckFailed("get of an unknown subscription should fail")
    except Exception as e:  # noqa: BLE001 - ApplicationError expected
        check(getattr(e, "error", None) == "wamp.error.no_such_subscription", "unknown id: %r" % (e,))
    await step("A unsubscribe wildcard", sub_wild.unsubscribe())
    await asyncio.sleep(0.2)
    seen = [(d.topic, args) for args, d in meta.events]
    check(any(t == "wamp.subscription.on_create" and x[0] == a.session_id and x[1]["id"] == sub_wild.id
              and x[1]["match"] == "wildcard" for t, x in seen), "on_create for the wildcard subscription: %r" % (seen,))
    check(("wamp.subscription.on_subscribe", [a.session_id, sub_wild.id]) in seen, "on_subscribe")
    check(("wamp.subscription.on_unsubscribe", [a.session_id, sub_wild.id]) in seen, "on_unsubscribe")
    check(("wamp.subscription.on_delete", [a.session_id, sub_wild.id]) in seen, "on_delete")

    # --- event history ---
    htopic = "%s.%s.%s.%d" % (history_topic, urlparse(url).scheme, serializer_name, os.getpid())
    hsub = await step("lookup history", m.call("wamp.subscription.lookup", history_topic, {"match": "prefix"}))
    check(isinstance(hsub, int), "the history topic has a subscription from the start: %r" % (hsub,))
    ids = []
    for i in range(3):
        pub = await step("publish history %d" % i, p.publish(htopic, i, options=PublishOptions(acknowledge=True)))
        ids.append(pub.id)
    events = await step("get_events", m.call("wamp.subscription.get_events", hsub, topic=htopic))
    check([e["publication"] for e in events] == ids, "history has the 3 events in order: %r" % (events,))
    check([e["args"] for e in events] == [[0], [1], [2]], "history keeps the payloads")
    last = await step("get_events reverse", m.call("wamp.subscription.get_events", hsub, topic=htopic,
                                                   reverse=True, limit=1))
    check([e["publication"] for e in last] == [ids[2]], "reverse + limit: %r" % (last,))

    for s in (a, b, p, m):
        s.leave()
        await step("%s GOODBYE reply" % s.name, s.left)


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    url, serializer_name, history_topic = sys.argv[1:]
    import autobahn
    log("autobahn-python %s: advanced PubSub over %s with %s" % (autobahn.__version__, url, serializer_name))
    if url.startswith("rs://"):
        _patch_asyncio_rawsocket()
    txaio.start_logging(level="warn")
    return run_scenario(lambda: scenario(url, serializer_name, history_topic), 45, "advanced PubSub over %s with %s" % (url, serializer_name))


if __name__ == "__main__":
    sys.exit(main())

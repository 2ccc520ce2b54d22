#!/usr/bin/python3
"""Realm administration scenario against a Bondy router, with autobahn-python (asyncio).

Usage: realms_client.py WS_URL ADMIN_PASSWORD PART
  PART  main     creates an SSO realm, a prototype and realms built on them through bondy.realm.create,
                 then checks inheritance (live prototype changes), same sign-on, per-realm permissions,
                 cross-realm denial of the admin API, allow_connections, and deleting a realm with a
                 live session
        restart  after the router restarted on the same data directory: the realms, users and
                 grants made in "main" are all still there, and the deleted realm is still gone;
                 then bondy.backup.create, status and restore

Exits 0 only when every check passed, printing PASSED.
"""

import asyncio
import sys

import txaio

txaio.use_asyncio()

from autobahn.wamp.exception import ApplicationError  # noqa: E402

from security_client import MASTER, CheckFailed, admin, check, cra, join, log, refused, run_scenario, step  # noqa: E402


SSO = "com.example.sso"
PROTO = "com.example.proto"
APP1 = "com.example.app1"
APP2 = "com.example.app2"
APP3 = "com.example.app3"
LOOPBACK_CRA = {"usernames": "all", "authmethod": "wampcra", "cidr": "127.0.0.0/8"}


async def denied(what, awaitable, error="wamp.error.not_authorized"):
    try:
        await step(what, awaitable)
    except ApplicationError as e:
        check(e.error == error, "%s is refused with %s (got %s)" % (what, error, e.error))
        return
    raise CheckFailed("%s: expected ERROR %s, but it succeeded" % (what, error))


async def part_main(url, admin_password):
    adm = await admin(url, admin_password)
    await step("create SSO realm", adm.call("bondy.realm.create", {
        "uri": SSO, "is_sso_realm": True, "allow_connections": False, "authmethods": ["wampcra"],
        "users": [{"username": "bob", "password": "bob-password"}]}))
    proto = await step("create prototype", adm.call("bondy.realm.create", {
        "uri": PROTO, "is_prototype": True, "authmethods": ["wampcra"], "groups": [{"name": "staff"}],
        "sources": [LOOPBACK_CRA]}))
    check(proto["is_prototype"] is True, "the prototype is created as a prototype")
    for uri in (APP1, APP2):
        r = await step("create " + uri, adm.call("bondy.realm.create", {
            "uri": uri, "description": "built on the prototype", "prototype_uri": PROTO, "sso_realm_uri": SSO,
            "users": [{"username": "alice", "password": "alice-password", "groups": ["staff"]},
                      {"username": "bob", "sso_realm_uri": SSO}]}))
        check(r["authmethods"] == ["wampcra"] and r["prototype_uri"] == PROTO,
              "%s shows the inherited authmethods and its prototype" % uri)

    # prototypes: inherited authmethods, groups and sources; a grant added to the prototype applies at once
    alice, d = await join(url, APP1, ["wampcra"], "alice", answer=cra("alice-password"))
    check(d.authid == "alice", "alice joins %s with what it inherits from the prototype" % APP1)
    await denied("ping before the prototype grants it", alice.call("bondy.ping"))
    await step("grant on the prototype", adm.call("bondy.grant.create", PROTO, {
        "roles": ["staff"], "permissions": ["wamp.call"], "resources": [{"uri": "bondy.", "match": "prefix"}]}))
    pong = await step("ping after the grant", alice.call("bondy.ping"))
    check(pong == "pong", "the live session sees the prototype's new grant (got %r)" % pong)

    # same sign-on: bob of the SSO realm, linked to both realms, joins both; permissions stay per realm
    await step("grant bob ping in app2 only", adm.call("bondy.grant.create", APP2, {
        "roles": ["bob"], "permissions": ["wamp.call"], "resources": [{"uri": "bondy.ping", "match": "exact"}]}))
    bob1, d1 = await join(url, APP1, ["wampcra"], "bob", answer=cra("bob-password"))
    bob2, d2 = await join(url, APP2, ["wampcra"], "bob", answer=cra("bob-password"))
    check(d1.authid == "bob" and d2.authid == "bob", "bob signs on to both realms with his SSO credentials")
    await denied("bob's ping in app1 (no grant there)", bob1.call("bondy.ping"))
    check(await step("bob's ping in app2", bob2.call("bondy.ping")) == "pong", "bob may ping in app2")
    await refused("bob with a wrong password", join(url, APP1, ["wampcra"], "bob", answer=cra("not-bobs")))
    await refused("HELLO to the SSO realm (allow_connections false)", join(
        url, SSO, ["wampcra"], "bob", answer=cra("bob-password")), "bondy.error.connections_not_allowed")
    await refused("HELLO to a prototype", join(url, PROTO, ["wampcra"], "alice", answer=cra("alice-password")),
                  "wamp.error.no_such_realm")
    bob1.leave()
    bob2.leave()

    # a session administers only its own realm; only the master realm creates, lists and deletes realms
    own = await step("alice reads her realm", alice.call("bondy.realm.get", APP1))
    check(own["uri"] == APP1 and own["security_status"] == "enabled", "alice reads her own realm")
    await denied("alice reads another realm", alice.call("bondy.realm.get", APP2))
    await denied("alice lists users of another realm", alice.call("bondy.user.list", APP2))
    await denied("alice creates a realm", alice.call("bondy.realm.create", {"uri": "com.example.rogue"}))
    await denied("alice deletes a realm", alice.call("bondy.realm.delete", APP2))
    await denied("bad realm input", adm.call("bondy.realm.create", {"uri": APP1}), "bondy.error.already_exists")
    await denied("unknown realm property", adm.call("bondy.realm.create", {"uri": "com.x", "colour": 1}),
                 "wamp.error.invalid_argument")
    alice.leave()

    # deleting a realm closes its live sessions with a clear reason and removes it
    await step("create app3", adm.call("bondy.realm.create", {
        "uri": APP3, "authmethods": ["wampcra"], "sources": [LOOPBACK_CRA],
        "users": [{"username": "carol", "password": "carol-password"}]}))
    carol, _ = await join(url, APP3, ["wampcra"], "carol", answer=cra("carol-password"))
    await step("delete app3", adm.call("bondy.realm.delete", APP3, force=True))
    left = await step("carol's session ends", carol.left)
    check(left.reason == "wamp.close.close_realm", "carol gets GOODBYE wamp.close.close_realm (got %s)" % left.reason)
    uris = [r["uri"] for r in await step("list realms", adm.call("bondy.realm.list"))]
    check(APP3 not in uris and APP1 in uris and PROTO in uris, "the list has app1 and the prototype, not app3")
    await refused("HELLO to the deleted realm", join(url, APP3, ["wampcra"], "carol", answer=cra("carol-password")),
                  "wamp.error.no_such_realm")
    adm.leave()


async def part_restart(url, admin_password):
    alice, _ = await join(url, APP1, ["wampcra"], "alice", answer=cra("alice-password"))
    check(await step("alice pings", alice.call("bondy.ping")) == "pong", "alice's inherited grant survived")
    bob, d = await join(url, APP2, ["wampcra"], "bob", answer=cra("bob-password"))
    check(d.authid == "bob", "bob's same sign-on survived")
    await refused("HELLO to the deleted realm", join(url, APP3, ["wampcra"], "carol", answer=cra("carol-password")),
                  "wamp.error.no_such_realm")
    adm = await admin(url, admin_password)
    got = await step("get the prototype", adm.call("bondy.realm.get", PROTO))
    check(got["is_prototype"] is True, "the prototype survived")

    # backups through the API (master realm only)
    made = await step("create a backup", adm.call("bondy.backup.create", "realms.jsonl"))
    check(made["status"] == "backup_finished" and made["entries"] > 0, "a backup is written (%s)" % made)
    status = await step("backup status", adm.call("bondy.backup.status"))
    check(status["filename"] == "realms.jsonl", "the status names the last backup")
    back = await step("restore the backup", adm.call("bondy.backup.restore", "realms.jsonl"))
    check(back["status"] == "restore_finished" and back["applied"] == 0,
          "restoring onto the same data applies nothing newer (%s)" % back)
    await denied("a backup name with a path", adm.call("bondy.backup.create", "../x"), "wamp.error.invalid_argument")
    await denied("alice makes a backup", alice.call("bondy.backup.create"), "wamp.error.no_such_procedure")
    alice.leave()
    bob.leave()
    adm.leave()


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    url, admin_password, part = sys.argv[1], sys.argv[2], sys.argv[3]
    txaio.start_logging(level="warn")
    scenario = {"main": part_main, "restart": part_restart}[part]
    return run_scenario(lambda: scenario(url, admin_password), 55, part)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Security interop scenario against a Bondy router, with autobahn-python (asyncio).

Usage: security_client.py WS_URL ADMIN_PASSWORD PART
  PART  auth    every auth method (wampcra, ticket, cryptosign, wamp-scram, anonymous, trust), good and
                bad credentials, disabled user, wrong source network, expired and revoked tickets
        matrix  a generated (role x permission x match) matrix of grants, each checked allow/deny through
                a real session, then revoked and checked again on the same live session

Expects the realm com.example.secure from the provisioning file the Java test writes (see
SecurityInteropTest). The admin session (master realm, wampcra) drives the admin API. Exits 0 only
when every check passed, printing PASSED.
"""

import asyncio
import os
import sys

import txaio

txaio.use_asyncio()

from autobahn.asyncio.wamp import ApplicationSession  # noqa: E402
from autobahn.asyncio.websocket import WampWebSocketClientFactory  # noqa: E402
from autobahn.wamp import auth  # noqa: E402
from autobahn.wamp.exception import ApplicationError  # noqa: E402
from autobahn.wamp.types import ComponentConfig, PublishOptions  # noqa: E402
from urllib.parse import urlparse  # noqa: E402

REALM = "com.example.secure"
MASTER = "com.leapsight.bondy"
from interop_client import CheckFailed, check, log, run_scenario, step  # noqa: E402,F401 (re-exported to realms_client)


class Client(ApplicationSession):
    """Joins with the given auth parameters; answers CHALLENGE with the given function."""

    def __init__(self, config, methods, authid, authextra, answer):
        super().__init__(config)
        self._j_methods, self._j_authid, self._j_authextra, self._j_answer = methods, authid, authextra, answer
        loop = asyncio.get_event_loop()
        self.joined = loop.create_future()
        self.left = loop.create_future()  # resolved with the leave details (e.g. the realm was deleted)

    def onConnect(self):
        self.join(self.config.realm, authmethods=self._j_methods, authid=self._j_authid, authextra=self._j_authextra)

    def onChallenge(self, challenge):
        return self._j_answer(challenge)

    def onJoin(self, details):
        if not self.joined.done():
            self.joined.set_result(details)

    def onLeave(self, details):
        if not self.left.done():
            self.left.set_result(details)
        if not self.joined.done():
            self.joined.set_exception(ApplicationError(details.reason, details.message))
        self.disconnect()


async def join(url, realm, methods, authid=None, authextra=None, answer=None):
    """Returns (session, details) or raises ApplicationError(reason) when the router refuses."""
    loop = asyncio.get_event_loop()
    session = Client(ComponentConfig(realm=realm), methods, authid, authextra or {}, answer or (lambda c: ""))
    factory = WampWebSocketClientFactory(lambda: session, url=url)
    parsed = urlparse(url)
    await step("connect", loop.create_connection(factory, parsed.hostname, parsed.port))
    details = await step("join %s as %s via %s" % (realm, authid, methods), session.joined)
    return session, details


async def refused(what, coro, reason="wamp.error.authentication_failed"):
    try:
        s, _ = await coro
        s.leave()
    except ApplicationError as e:
        check(e.error == reason, "%s is refused with %s (got %s)" % (what, reason, e.error))
        return
    raise CheckFailed("%s: expected ABORT %s, but the session joined" % (what, reason))


def cra(secret):
    def answer(challenge):
        key = secret.encode("utf8")
        if "salt" in challenge.extra:
            key = auth.derive_key(key, challenge.extra["salt"], challenge.extra["iterations"], challenge.extra["keylen"])
        return auth.compute_wcs(key, challenge.extra["challenge"].encode("utf8")).decode("ascii")
    return answer


async def admin(url, password):
    s, _ = await join(url, MASTER, ["wampcra"], "admin", answer=cra(password))
    return s


async def part_auth(url, admin_password):
    adm = await admin(url, admin_password)

    # wampcra, and the identity WELCOME announces
    alice, d = await join(url, REALM, ["wampcra"], "alice", answer=cra("alice-password"))
    check(d.authid == "alice" and d.authmethod == "wampcra" and d.authprovider == "bondy",
          "wampcra WELCOME: authid alice, authmethod wampcra, authprovider bondy (got %s %s %s)"
          % (d.authid, d.authmethod, d.authprovider))
    check(d.authrole == "clients", "authrole is the user's group (got %s)" % d.authrole)

    # bad credentials, unknown user, disabled user, wrong source: one indistinguishable answer
    await refused("wrong password", join(url, REALM, ["wampcra"], "alice", answer=cra("not-her-password")))
    await refused("unknown user", join(url, REALM, ["wampcra"], "nobody", answer=cra("whatever-pw")))
    await refused("disabled user", join(url, REALM, ["wampcra"], "dormant", answer=cra("dormant-password")))
    await refused("wrong source network", join(url, REALM, ["wampcra"], "remote", answer=cra("remote-password")))

    # tickets: issue, use, revoke, expire
    issued = await step("issue ticket", alice.call("bondy.ticket.issue"))
    check(isinstance(issued, dict) and issued.get("scope", {}).get("realm") == REALM,
          "bondy.ticket.issue answers Bondy's {id, expires_at, issued_at, scope, ticket} (got %r)" % (issued,))
    ticket = issued["ticket"]
    t, d = await join(url, REALM, ["ticket"], "alice", answer=lambda c: ticket)
    check(d.authmethod == "ticket", "ticket session joined (authmethod %s)" % d.authmethod)
    t.leave()
    await step("revoke ticket", alice.call("bondy.ticket.revoke", REALM, ticket))
    await refused("revoked ticket", join(url, REALM, ["ticket"], "alice", answer=lambda c: ticket))
    short = (await step("issue 1 s ticket", alice.call("bondy.ticket.issue", expiry_time_secs=1)))["ticket"]
    await asyncio.sleep(2.1)
    await refused("expired ticket", join(url, REALM, ["ticket"], "alice", answer=lambda c: short))

    # cryptosign: the admin registers a key made here; the client proves it holds the private key
    from autobahn.wamp.cryptosign import CryptosignKey
    key = CryptosignKey.from_bytes(os.urandom(32))
    await step("add device", adm.call("bondy.user.add", REALM, {"username": "device-py",
                                                               "authorized_keys": [key.public_key()]}))
    await step("device source", adm.call("bondy.source.add", REALM, {"usernames": ["device-py"],
                                                                       "authmethod": "cryptosign",
                                                                       "cidr": "127.0.0.0/8"}))
    dev, d = await join(url, REALM, ["cryptosign"], "device-py", {"pubkey": key.public_key()},
                        answer=lambda c: key.sign_challenge(c))
    check(d.authid == "device-py" and d.authmethod == "cryptosign", "cryptosign joined as device-py")
    dev.leave()
    other = CryptosignKey.from_bytes(os.urandom(32))
    await refused("cryptosign with a key not authorized", join(
        url, REALM, ["cryptosign"], "device-py", {"pubkey": other.public_key()}, answer=lambda c: other.sign_challenge(c)))

    # wamp-scram (Argon2id), with the server's signature checked by autobahn
    scram = auth.AuthScram(authid="alice", password="alice-password")
    s, d = await join(url, REALM, ["scram"], "alice", scram.authextra,
                      answer=lambda c: scram.on_challenge(None, c).decode("ascii"))
    check(d.authmethod == "scram", "scram joined (authmethod %s)" % d.authmethod)
    check(scram.on_welcome(s, d.authextra) is None, "the router's SCRAM server signature verifies")
    s.leave()
    bad = auth.AuthScram(authid="alice", password="wrong-password")
    await refused("scram with a wrong password", join(
        url, REALM, ["scram"], "alice", bad.authextra, answer=lambda c: bad.on_challenge(None, c).decode("ascii")))

    # anonymous (a source for anonymous on loopback) and trust (svc trusted from loopback)
    anon, d = await join(url, REALM, ["anonymous"])
    check(d.authrole == "anonymous", "anonymous joined with authrole anonymous")
    anon.leave()
    svc, d = await join(url, REALM, ["trust"], "svc")
    check(d.authid == "svc" and d.authmethod == "trust", "trust joined as svc from loopback")
    svc.leave()

    alice.leave()
    adm.leave()


PERMISSIONS = ["wamp.call", "wamp.register", "wamp.subscribe", "wamp.publish"]
MATCHES = {  # match -> (granted pattern suffix, a URI it matches, a URI it does not)
    "exact": ("{p}.thing", "{p}.thing", "{p}.thing2"),
    "prefix": ("{p}.", "{p}.any.thing", "{q}.thing"),
    "wildcard": ("{p}..thing", "{p}.any.thing", "{p}.any.other"),
}


async def attempt(session, permission, uri):
    """True when the router let the action through, False on wamp.error.not_authorized."""
    try:
        if permission == "wamp.call":
            await session.call(uri)
        elif permission == "wamp.register":
            await session.register(lambda: None, uri)
        elif permission == "wamp.subscribe":
            await session.subscribe(lambda *a: None, uri)
        else:
            await session.publish(uri, options=PublishOptions(acknowledge=True))
        return True
    except ApplicationError as e:
        if e.error == "wamp.error.not_authorized":
            return False
        if e.error == "wamp.error.no_such_procedure":
            return True
        raise


async def part_matrix(url, admin_password):
    adm = await admin(url, admin_password)
    member, _ = await join(url, REALM, ["wampcra"], "matrix", answer=cra("matrix-password"))
    anon, _ = await join(url, REALM, ["anonymous"])
    roles = {"user/matrix": member, "group/matrixgroup": member, "all": member, "anonymous": anon}
    n = 0
    for role, session in roles.items():
        for permission in PERMISSIONS:
            for match, (pattern, inside, outside) in MATCHES.items():
                n += 1
                p = "com.matrix.c%d" % n
                q = "com.matrix.o%d" % n
                fmt = dict(p=p, q=q)
                grant = {"roles": [role], "permissions": [permission],
                         "resources": [{"uri": pattern.format(**fmt), "match": match}]}
                what = "%s %s %s %s" % (role, permission, match, pattern.format(**fmt))
                check(not await attempt(session, permission, inside.format(**fmt)), "%s: denied before the grant" % what)
                await step("grant", adm.call("bondy.grant.create", REALM, grant))
                check(await attempt(session, permission, inside.format(**fmt)), "%s: allows %s" % (what, inside.format(**fmt)))
                check(not await attempt(session, permission, outside.format(**fmt)),
                      "%s: denies %s" % (what, outside.format(**fmt)))
                await step("revoke", adm.call("bondy.grant.revoke", REALM, grant))
                check(not await attempt(session, permission, inside.format(**fmt)),
                      "%s: denied again on the live session once revoked" % what)
    log("matrix: %d (role x permission x match) cases" % n)
    member.leave()
    anon.leave()
    adm.leave()


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    url, admin_password, part = sys.argv[1], sys.argv[2], sys.argv[3]
    txaio.start_logging(level="warn")
    scenario = {"auth": part_auth, "matrix": part_matrix}[part]
    return run_scenario(lambda: scenario(url, admin_password), 55, part)


if __name__ == "__main__":
    sys.exit(main())

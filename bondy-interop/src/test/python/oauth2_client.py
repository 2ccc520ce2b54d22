#!/usr/bin/python3
"""OAuth2 token endpoint scenario against a Bondy router: Python's HTTP client and autobahn-python.

Usage: oauth2_client.py WS_URL ADMIN_PASSWORD

The router runs with api_gateway.oauth2.realm = com.example.oauth. The admin creates that realm with
bondy.realm.create; then a token is obtained with the password grant on the WebSocket port's
/oauth/token, a WAMP session joins with authmethod oauth2 and that token, the refresh grant rotates
the tokens, a revoked token is refused, and bad requests get RFC 6749 JSON errors.

Exits 0 only when every check passed, printing PASSED.
"""

import asyncio
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

import txaio

txaio.use_asyncio()

from autobahn.wamp.exception import ApplicationError  # noqa: E402

from security_client import admin, check, join, refused, run_scenario, step  # noqa: E402

REALM = "com.example.oauth"


def http(url, form=None, method="POST"):
    """(status, JSON body) of one request; never raises for HTTP errors."""
    data = urllib.parse.urlencode(form).encode("ascii") if form is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


async def call_http(*args, **kwargs):
    return await asyncio.get_event_loop().run_in_executor(None, lambda: http(*args, **kwargs))


async def scenario(url, admin_password):
    base = urllib.parse.urlparse(url)
    token_url = "http://%s:%d/oauth/token" % (base.hostname, base.port)
    revoke_url = "http://%s:%d/oauth/revoke" % (base.hostname, base.port)

    adm = await admin(url, admin_password)
    await step("create the realm", adm.call("bondy.realm.create", {
        "uri": REALM, "authmethods": ["oauth2"],
        "users": [{"username": "alice", "password": "alice-password"}],
        "sources": [{"usernames": "all", "authmethod": "password", "cidr": "127.0.0.0/8"},
                    {"usernames": "all", "authmethod": "oauth2", "cidr": "127.0.0.0/8"}],
        "grants": [{"roles": ["all"], "permissions": ["wamp.call"],
                    "resources": [{"uri": "bondy.ping", "match": "exact"}]}]}))

    status, body = await call_http(token_url, {"grant_type": "password", "username": "alice",
                                               "password": "alice-password"})
    check(status == 200 and body.get("token_type") == "bearer" and "access_token" in body
          and "refresh_token" in body and body.get("expires_in", 0) > 0,
          "the password grant answers tokens (%s %s)" % (status, sorted(body)))

    s, d = await join(url, REALM, ["oauth2"], "alice", answer=lambda c: body["access_token"])
    check(d.authid == "alice" and d.authmethod == "oauth2", "a WAMP session joins with the access token")
    pong = await step("ping", s.call("bondy.ping"))
    check(pong == "pong", "the oauth2 session may call what the grants allow (got %r)" % pong)
    s.leave()

    status, fresh = await call_http(token_url, {"grant_type": "refresh_token",
                                                "refresh_token": body["refresh_token"]})
    check(status == 200 and fresh["access_token"] != body["access_token"], "the refresh grant gives new tokens")
    status, again = await call_http(token_url, {"grant_type": "refresh_token",
                                                "refresh_token": body["refresh_token"]})
    check(status == 400 and again.get("error") == "invalid_grant", "a used refresh token is refused (%s)" % again)
    s, _ = await join(url, REALM, ["oauth2"], "alice", answer=lambda c: fresh["access_token"])
    s.leave()

    status, _ = await call_http(revoke_url, {"token": fresh["access_token"], "token_type_hint": "access_token"})
    check(status == 200, "revocation answers 200")
    await refused("a revoked access token", join(url, REALM, ["oauth2"], "alice",
                                                 answer=lambda c: fresh["access_token"]))

    status, err = await call_http(token_url, {"grant_type": "password", "username": "alice", "password": "wrong"})
    check(status == 400 and err.get("error") == "invalid_grant" and "error_description" in err,
          "a wrong password is invalid_grant (%s %s)" % (status, err))
    status, err = await call_http(token_url, {"grant_type": "authorization_code", "code": "x"})
    check(status == 400 and err.get("error") == "unsupported_grant_type", "authorization_code is unsupported")
    status, err = await call_http(token_url, method="GET")
    check(status == 405 and err.get("error") == "invalid_request", "GET is 405 with a JSON error")
    adm.leave()


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    txaio.start_logging(level="warn")
    return run_scenario(lambda: scenario(sys.argv[1], sys.argv[2]), 55, "oauth2")


if __name__ == "__main__":
    sys.exit(main())

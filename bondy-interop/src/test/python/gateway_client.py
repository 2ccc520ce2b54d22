#!/usr/bin/python3
"""HTTP API gateway scenario against a Bondy router: autobahn-python as admin and callee, curl as the HTTP client.

Usage: gateway_client.py WS_URL ADMIN_PASSWORD

The admin loads Bondy's example API spec (examples/config/api_spec.json, with realm realm1, no OIDC
security and one more status code) with bondy.http_gateway.api.load; an autobahn-python session of
realm1 registers com.example.add and com.example.fail; curl then POSTs to the spec's generic
/services/call path: a result is mapped to 200 with the callee's args, an application error to the
status of its URI in status_codes, a missing procedure to 501; the OpenAPI document is served.

Exits 0 only when every check passed, printing PASSED.
"""

import asyncio
import json
import subprocess
import sys
from urllib.parse import urlparse

import txaio

txaio.use_asyncio()

from autobahn.wamp.exception import ApplicationError  # noqa: E402

from security_client import admin, check, join, run_scenario, step  # noqa: E402

SPEC = {
    "id": "com.leapsight.test", "name": "Test API", "host": "_", "realm_uri": "realm1",
    "status_codes": {"bondy.error.badarg": 400, "bondy.error.not_found": 404,
                     "bondy.error.already_exists": 400, "bondy.error.no_such_user": 400,
                     "com.example.error.not_found": 404},
    "variables": {
        "oauth2": {"type": "oauth2", "flow": "resource_owner_password_credentials", "token_path": "/oauth/token",
                   "revoke_token_path": "/oauth/revoke", "schemes": "{{variables.schemes}}"},
        "schemes": ["http", "https"], "headers": {},
        "wamp_error_body": "{{action.error.kwargs |> put(code, {{action.error.error_uri}})}}"},
    "defaults": {"retries": 0, "timeout": 5000, "connect_timeout": 5000, "schemes": "{{variables.schemes}}",
                 "headers": "{{variables.headers}}", "security": {}},
    "versions": {"1.0.0": {
        "base_path": "/api/[v1.0]", "variables": {}, "defaults": {"timeout": 20000}, "languages": ["en"],
        "paths": {"/services/call": {
            "summary": "Allows to perform an arbitrary WAMP call.", "description": "", "is_collection": False,
            "options": {"action": {}, "response": {"on_error": {"body": ""}, "on_result": {"body": ""}}},
            "post": {
                "action": {"type": "wamp_call", "procedure": "{{request.body.procedure}}",
                           "options": "{{request.body.options}}", "args": "{{request.body.args}}",
                           "kwargs": "{{request.body.kwargs}}"},
                "response": {
                    "on_error": {
                        "status_code": "{{status_codes |> get({{action.error.error_uri}}, 500) |> integer}}",
                        "body": {"error_uri": "{{action.error.error_uri}}", "args": "{{action.error.args}}",
                                 "kwargs": "{{action.error.kwargs}}", "details": "{{action.error.details}}"}},
                    "on_result": {"body": {"args": "{{action.result.args}}", "kwargs": "{{action.result.kwargs}}",
                                           "details": "{{action.result.details}}"}}}}}}}},
}


def ok(what, cond):
    check(cond, what)


def curl(*args):
    """(status, body text) of one curl run."""
    out = subprocess.run(["curl", "-s", "-m", "20", "-w", "\n%{http_code}"] + list(args),
                         capture_output=True, text=True, timeout=30).stdout
    body, _, status = out.rpartition("\n")
    return int(status), body


async def run_curl(*args):
    return await asyncio.get_event_loop().run_in_executor(None, lambda: curl(*args))


async def scenario(url, admin_password):
    parsed = urlparse(url)
    base = "http://%s:%d" % (parsed.hostname, parsed.port)
    adm = await admin(url, admin_password)
    loaded = await step("load Bondy's example spec", adm.call("bondy.http_gateway.api.load", SPEC))
    ok("load answers with the id (kwargs): %r" % (loaded,),
          getattr(loaded, "kwresults", {}).get("id") == "com.leapsight.test")
    got = await step("get it back", adm.call("bondy.api_gateway.lookup", "com.leapsight.test"))
    ok("the spec comes back as loaded: %s" % (repr(got)[:300],), got == SPEC)

    callee, _ = await join(url, "realm1", ["anonymous"])

    def fail():
        raise ApplicationError("com.example.error.not_found", "no such thing", thing=7)

    await step("register com.example.add", callee.register(lambda a, b: a + b, "com.example.add"))
    await step("register com.example.fail", callee.register(fail, "com.example.fail"))

    call = base + "/api/v1.0/services/call"
    status, body = await run_curl("-H", "content-type: application/json", "-d", json.dumps(
        {"procedure": "com.example.add", "args": [40, 2], "kwargs": {}, "options": {}}), call)
    ok("a call through curl is 200: %s" % ("%s %s" % (status, body),), status == 200)
    ok("with the callee's result: %s" % (body,), json.loads(body).get("args") == [42])

    status, body = await run_curl("-H", "content-type: application/json", "-d", json.dumps(
        {"procedure": "com.example.fail", "args": [], "kwargs": {}, "options": {}}), base + "/api/services/call")
    ok("an application error maps through status_codes: %s" % ("%s %s" % (status, body),), status == 404)
    error = json.loads(body)
    ok("with the error as body: %s" % (body,), error.get("error_uri") == "com.example.error.not_found"
          and error.get("args") == ["no such thing"] and error.get("kwargs") == {"thing": 7})

    status, body = await run_curl("-H", "content-type: application/json", "-d", json.dumps(
        {"procedure": "com.example.nobody", "args": [], "kwargs": {}, "options": {}}), call)
    ok("a missing procedure is 501: %s" % ("%s %s" % (status, body),), status == 501)

    status, body = await run_curl("-X", "PUT", call)
    ok("a method the path lacks is 405: %s" % ("%s %s" % (status, body),), status == 405)

    status, body = await run_curl(base + "/api/v1.0/openapi.json")
    ok("the OpenAPI document is served: %s" % (body[:200],), status == 200 and json.loads(body).get("openapi") == "3.1.0")

    await step("delete the spec", adm.call("bondy.http_gateway.api.delete", "com.leapsight.test"))
    status, body = await run_curl("-H", "content-type: application/json", "-d", "{}", call)
    ok("a deleted API is gone: %s" % ("%s %s" % (status, body),), status == 404)
    callee.leave()
    adm.leave()


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    txaio.start_logging(level="warn")
    return run_scenario(lambda: scenario(sys.argv[1], sys.argv[2]), 55, "HTTP API gateway scenario")


if __name__ == "__main__":
    sys.exit(main())

// Shared helpers of the autobahn-js interop scripts: Node 20 WebSocket bootstrap, serializer/transport
// selection, and a connected session per peer; logging, checks and steps with timeouts come from harness.js.
'use strict';

/**
 * autobahn-js uses the global WebSocket of Node 22+. On Node 20 re-run the calling script with
 * `node --experimental-websocket`, so `node script.js ...` works on both; returns only when a global
 * WebSocket exists.
 */
function ensureWebSocket(script) {
  if (typeof globalThis.WebSocket !== 'undefined') {
    return;
  }
  if (process.env.BONDY_INTEROP_REEXEC) {
    console.error('no global WebSocket even with --experimental-websocket: Node ' + process.version
      + ' is too old (needs 20.10+; autobahn-js 26 targets Node 22)');
    process.exit(2);
  }
  const { spawnSync } = require('node:child_process');
  const r = spawnSync(process.execPath,
    ['--experimental-websocket', '--no-warnings', ...process.execArgv, script, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, BONDY_INTEROP_REEXEC: '1' } });
  process.exit(r.status === null ? 1 : r.status);
}

const {
  isDeepStrictEqual, inspect, REALM, STEP_TIMEOUT_MS, log, show, CheckFailed, check, step, deferred, probeTcp,
} = require('./harness');
const autobahn = require('autobahn');

function makeSerializer(name) {
  switch (name) {
    case 'json': return new autobahn.serializer.JSONSerializer();
    case 'msgpack': return new autobahn.serializer.MsgpackSerializer();
    case 'cbor': return new autobahn.serializer.CBORSerializer();
    default: throw new CheckFailed(`unknown serializer ${name} (json, msgpack or cbor)`);
  }
}

function transportFor(url, serializerName, rawsocket) {
  if (rawsocket) {
    if (serializerName !== 'json') {
      throw new CheckFailed('autobahn-js RawSocket (Node) supports json only');
    }
    const u = new URL(url.replace(/^(rs|tcp):/, 'http:'));
    return { type: 'rawsocket', host: u.hostname, port: Number(u.port) };
  }
  return { type: 'websocket', url, serializers: [makeSerializer(serializerName)] };
}

// One connection and its session, with its life cycle as promises.
function connect(name, url, serializerName, rawsocket) {
  const joined = deferred();
  const closed = deferred();
  const peer = { name, joined: joined.promise, closed: closed.promise, session: null, violations: [] };
  // on_internal_error reports what autobahn-js finds wrong in the router's messages (protocol violations);
  // on_user_error reports exceptions of our own handlers (the deliberate callee error lands there too).
  const onError = (kind, fatal) => (err, msg) => {
    const text = `${name}: ${kind}: ${msg ? msg + ' ' : ''}${err && err.stack ? err.stack : show(err)}`;
    log(text);
    if (fatal) {
      peer.violations.push(text);
    }
  };
  const connection = new autobahn.Connection({
    realm: REALM,
    transports: [transportFor(url, serializerName, rawsocket)],
    max_retries: 0,
    retry_if_unreachable: false,
    on_user_error: onError('user error (our handler)', false),
    on_internal_error: onError('internal error', true),
  });
  connection.onopen = (session, details) => {
    peer.session = session;
    log(`${name} joined realm ${session.realm} as session ${session.id} (authmethod=${details.authmethod},`
      + ` authrole=${details.authrole}, transport=${details.transport.type} ${details.transport.protocol})`);
    joined.resolve(details);
  };
  connection.onclose = (reason, details) => {
    log(`${name} connection closed: ${reason} ${show(details)}`);
    joined.reject(new CheckFailed(`${name}: connection ${reason} before join: ${show(details)}`));
    closed.resolve({ reason, details });
    return true; // never reconnect
  };
  connection.open();
  return step(`${name} join`, peer.joined).then(() => peer);
}

module.exports = {
  ensureWebSocket, isDeepStrictEqual, inspect, autobahn, REALM, STEP_TIMEOUT_MS, log, show, CheckFailed, check,
  step, deferred, makeSerializer, transportFor, probeTcp, connect,
};

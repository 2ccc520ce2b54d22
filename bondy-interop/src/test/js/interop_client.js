#!/usr/bin/env node
// WAMP interop scenario against a Bondy router, with autobahn-js (npm autobahn@26.3.1).
//
// Usage: node interop_client.js URL SERIALIZER [rawsocket]
//   URL         ws://127.0.0.1:18080/ws, or for RawSocket rs://127.0.0.1:18082 / tcp://127.0.0.1:18082
//   SERIALIZER  json | msgpack | cbor   (RawSocket in Node supports json only)
//   rawsocket   optional third argument: use the RawSocket transport (implied by an rs:// or tcp:// URL)
//
// autobahn-js uses the global WebSocket of Node 22+. On Node 20 this script re-runs itself with
// `node --experimental-websocket`, so `node interop_client.js ...` works on both.
//
// Two sessions, A (callee, subscriber) and B (caller, publisher), join realm1 and go through: register +
// call with args/kwargs, a callee error with args/kwargs propagated to the caller, a call to an unregistered
// procedure (wamp.error.no_such_procedure), subscribe + publish with acknowledge, publisher exclusion,
// unsubscribe, and leave (GOODBYE answered by GOODBYE wamp.close.goodbye_and_out). Prints each step; exits 0
// only when every check passed. A protocol violation autobahn-js finds in the router's messages is printed
// ("failing transport due to protocol violation: ...") and fails the run.
'use strict';

if (typeof globalThis.WebSocket === 'undefined') {
  if (process.env.BONDY_INTEROP_REEXEC) {
    console.error('no global WebSocket even with --experimental-websocket: Node ' + process.version
      + ' is too old (needs 20.10+; autobahn-js 26 targets Node 22)');
    process.exit(2);
  }
  const { spawnSync } = require('node:child_process');
  const r = spawnSync(process.execPath,
    ['--experimental-websocket', '--no-warnings', ...process.execArgv, __filename, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, BONDY_INTEROP_REEXEC: '1' } });
  process.exit(r.status === null ? 1 : r.status);
}

const { isDeepStrictEqual, inspect } = require('node:util');
const autobahn = require('autobahn');

const REALM = 'realm1';
const STEP_TIMEOUT_MS = 10000;
const ARGS = [1, 'two', [3, 4.5], { x: true, y: null }, -5, 2 ** 40, 'h\u00e9llo \u2713'];
const KWARGS = { name: 'bondy', n: 42, list: [1, 2, 3], nested: { k: null, f: 0.25 } };
const ERROR_URI = 'com.example.interop.failed';
const ERROR_ARGS = ['bad thing', 7];
const ERROR_KWARGS = { reason: 'because', code: 42 };

const START = Date.now();
function log(msg) {
  console.log(`[js ${((Date.now() - START) / 1000).toFixed(3).padStart(6)}s] ${msg}`);
}
function show(v) {
  return inspect(v, { depth: 6, breakLength: Infinity });
}

class CheckFailed extends Error {}

function check(cond, what) {
  if (!cond) {
    throw new CheckFailed(what);
  }
  log('  ok: ' + what.split(':')[0]);
}

function step(what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailed(`${what}: no answer within ${STEP_TIMEOUT_MS / 1000} s`)),
      STEP_TIMEOUT_MS);
  });
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

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

// Node 20's WebSocket fires no close event when the TCP connection is refused (autobahn-js would wait
// forever), so check that the port accepts connections first, for a clear message.
function probeTcp(url) {
  const net = require('node:net');
  const u = new URL(url.replace(/^(rs|tcp):/, 'http:').replace(/^ws:/, 'http:'));
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port) || 80 }, () => {
      socket.destroy();
      resolve();
    });
    socket.on('error', (e) => reject(new CheckFailed(`cannot connect to ${u.host}: ${e.message}`)));
  });
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

async function scenario(url, serializerName, rawsocket) {
  const prefix = `com.example.interop.js.${rawsocket ? 'rs' : 'ws'}.${serializerName}.${process.pid}`;
  await step('TCP connect', probeTcp(url));
  const A = await connect('A', url, serializerName, rawsocket);
  const B = await connect('B', url, serializerName, rawsocket);
  const a = A.session;
  const b = B.session;
  check(a.id !== b.id, 'two distinct session ids');

  // --- RPC: register + call with args and kwargs ---
  const invocations = [];
  await step('register echo', a.register(`${prefix}.echo`, (args, kwargs) => {
    invocations.push([args, kwargs]);
    return new autobahn.Result(args, kwargs);
  }));
  await step('register add', a.register(`${prefix}.add`, (args, kwargs) => args[0] + args[1] + (kwargs.z || 0)));
  await step('register fail', a.register(`${prefix}.fail`, () => {
    throw new autobahn.Error(ERROR_URI, ERROR_ARGS, ERROR_KWARGS);
  }));
  log(`A registered ${prefix}.{echo,add,fail}`);

  let res = await step('call echo', b.call(`${prefix}.echo`, ARGS, KWARGS));
  log(`B call echo -> ${show(res)}`);
  check(res instanceof autobahn.Result, `echo returns args and kwargs: got ${show(res)}`);
  check(isDeepStrictEqual(res.args, ARGS), `RESULT args: expected ${show(ARGS)}, got ${show(res.args)}`);
  check(isDeepStrictEqual(res.kwargs, KWARGS), `RESULT kwargs: expected ${show(KWARGS)}, got ${show(res.kwargs)}`);
  check(isDeepStrictEqual(invocations, [[ARGS, KWARGS]]),
    `INVOCATION args/kwargs: expected ${show([[ARGS, KWARGS]])}, got ${show(invocations)}`);

  res = await step('call add', b.call(`${prefix}.add`, [2, 3], { z: 4 }));
  log(`B call add([2, 3], {z: 4}) -> ${show(res)}`);
  check(res === 9, `single RESULT value: expected 9, got ${show(res)}`);

  // --- RPC: callee error propagated with args/kwargs ---
  try {
    res = await step('call fail', b.call(`${prefix}.fail`, [1], { k: 'v' }));
    throw new CheckFailed(`call fail: expected ERROR ${ERROR_URI}, got RESULT ${show(res)}`);
  } catch (e) {
    if (!(e instanceof autobahn.Error)) {
      throw e;
    }
    log(`B call fail -> ERROR ${e.error} args=${show(e.args)} kwargs=${show(e.kwargs)}`);
    check(e.error === ERROR_URI, `ERROR uri: expected ${ERROR_URI}, got ${e.error}`);
    check(isDeepStrictEqual(e.args, ERROR_ARGS), `ERROR args: expected ${show(ERROR_ARGS)}, got ${show(e.args)}`);
    check(isDeepStrictEqual(e.kwargs, ERROR_KWARGS),
      `ERROR kwargs: expected ${show(ERROR_KWARGS)}, got ${show(e.kwargs)}`);
  }

  // --- RPC: unregistered procedure ---
  try {
    res = await step('call missing', b.call(`${prefix}.missing`, [1]));
    throw new CheckFailed(`call missing: expected ERROR wamp.error.no_such_procedure, got RESULT ${show(res)}`);
  } catch (e) {
    if (!(e instanceof autobahn.Error)) {
      throw e;
    }
    log(`B call missing -> ERROR ${e.error} args=${show(e.args)}`);
    check(e.error === 'wamp.error.no_such_procedure',
      `no_such_procedure: expected wamp.error.no_such_procedure, got ${e.error}`);
  }

  // --- PubSub: subscribe, publish with acknowledge ---
  const topic = `${prefix}.topic`;
  const aEvents = [];
  const bEvents = [];
  const aFirst = deferred();
  const bFirst = deferred();
  const subA = await step('A subscribe', a.subscribe(topic, (args, kwargs) => {
    aEvents.push([args, kwargs]);
    aFirst.resolve();
  }));
  await step('B subscribe', b.subscribe(topic, (args, kwargs) => {
    bEvents.push([args, kwargs]);
    bFirst.resolve();
  }));
  log(`A and B subscribed to ${topic} (A subscription id ${subA.id})`);

  const pub = await step('publish 1', b.publish(topic, ARGS, KWARGS, { acknowledge: true }));
  log(`B publish 1 (acknowledge) -> PUBLISHED id ${pub && pub.id}`);
  check(pub && typeof pub.id === 'number', `PUBLISHED carries a publication id: ${show(pub)}`);
  await step('A receives event 1', aFirst.promise);
  check(isDeepStrictEqual(aEvents, [[ARGS, KWARGS]]),
    `EVENT args/kwargs: expected ${show([[ARGS, KWARGS]])}, got ${show(aEvents)}`);

  // --- unsubscribe: A gets nothing more; B (exclude_me=false) proves the next event was dispatched ---
  await step('A unsubscribe', a.unsubscribe(subA));
  log('A unsubscribed');
  const pub2 = await step('publish 2', b.publish(topic, ['second'], {}, { acknowledge: true, exclude_me: false }));
  log(`B publish 2 (acknowledge, exclude_me=false) -> PUBLISHED id ${pub2 && pub2.id}`);
  await step('B receives its own event 2', bFirst.promise);
  await new Promise((r) => setTimeout(r, 300));
  check(isDeepStrictEqual(bEvents, [[['second'], {}]]),
    `publisher exclusion: B got only event 2 (not its excluded event 1): got ${show(bEvents)}`);
  check(aEvents.length === 1, `no EVENT after UNSUBSCRIBE: A got ${show(aEvents)}`);

  // --- leave ---
  for (const peer of [B, A]) {
    peer.session.leave();
    const { reason, details } = await step(`${peer.name} GOODBYE reply`, peer.closed);
    check(details.reason === 'wamp.close.goodbye_and_out',
      `${peer.name} GOODBYE reply: expected wamp.close.goodbye_and_out, got ${details.reason} (close ${reason})`);
    check(reason === 'closed', `${peer.name} transport closed cleanly: got ${reason}`);
  }
  const violations = [...A.violations, ...B.violations];
  check(violations.length === 0, `no protocol violation or internal error reported: ${violations.join('\n')}`);
}

async function main() {
  const [url, serializerName, third] = process.argv.slice(2);
  if (!url || !serializerName) {
    console.log('usage: node interop_client.js URL SERIALIZER [rawsocket]');
    return 2;
  }
  const rawsocket = third === 'rawsocket' || /^(rs|tcp):/.test(url);
  log(`autobahn-js ${autobahn.version}, Node ${process.version}, ${url} with ${serializerName}`
    + `${rawsocket ? ' over RawSocket' : ''}`);
  const overall = setTimeout(() => {
    log('FAILED: scenario did not finish within 45 s');
    process.exit(1);
  }, 45000);
  try {
    await scenario(url, serializerName, rawsocket);
  } catch (e) {
    log(`FAILED: ${e instanceof CheckFailed ? e.message : (e && e.stack) || show(e)}`);
    return 1;
  } finally {
    clearTimeout(overall);
  }
  log(`PASSED: full scenario over ${url} with ${serializerName}${rawsocket ? ' (RawSocket)' : ''}`);
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  log(`FAILED: ${(e && e.stack) || show(e)}`);
  process.exit(1);
});

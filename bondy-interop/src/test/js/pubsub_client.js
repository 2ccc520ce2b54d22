#!/usr/bin/env node
// Advanced PubSub scenario against a Bondy router, with autobahn-js (npm autobahn@26.3.1).
//
// Usage: node pubsub_client.js URL SERIALIZER HISTORY_TOPIC [rawsocket]
//   HISTORY_TOPIC  a prefix the server keeps event history for (realm pubsub.history, match prefix)
//
// Sessions A, B (subscribers), P (publisher) and M (meta) go through: publisher identification
// (disclose_me -> publisher, publisher_authid, publisher_authrole), prefix and wildcard subscriptions
// (EVENT.Details.topic), black/white listing by session id and authrole, a retained event on get_retained,
// the subscription meta procedures, and the event history (wamp.subscription.get_events). Exits 0 only when
// every check passed; a protocol violation autobahn-js reports fails the run.
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


function inbox() {
  const box = { events: [], waiters: [] };
  box.handler = (args, kwargs, details) => {
    box.events.push({ args, kwargs, details });
    box.waiters = box.waiters.filter((w) => (box.events.length >= w.n ? (w.resolve(), false) : true));
  };
  box.waitFor = (n, what) => step(what, box.events.length >= n ? Promise.resolve()
    : new Promise((resolve) => box.waiters.push({ n, resolve })));
  return box;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function scenario(url, serializerName, historyTopic, rawsocket) {
  const prefix = `com.example.pubsub.js.${rawsocket ? 'rs' : 'ws'}.${serializerName}.${process.pid}`;
  const peers = [];
  for (const name of ['A', 'B', 'P', 'M']) {
    await probeTcp(url);
    peers.push(await connect(name, url, serializerName, rawsocket));
  }
  const [a, b, p, m] = peers.map((x) => x.session);
  const ack = (extra) => ({ acknowledge: true, ...extra });

  // --- publisher identification ---
  const ident = inbox();
  await step('A subscribe ident', a.subscribe(`${prefix}.ident`, ident.handler));
  await step('publish disclose_me', p.publish(`${prefix}.ident`, ['who'], {}, ack({ disclose_me: true })));
  await step('publish anonymous', p.publish(`${prefix}.ident`, ['anon'], {}, ack()));
  await ident.waitFor(2, 'A receives both');
  const [disclosed, hidden] = ident.events.map((e) => e.details);
  check(disclosed.publisher === p.id && disclosed.publisher_authrole === 'anonymous'
    && typeof disclosed.publisher_authid === 'string',
    `disclose_me identifies the publisher: ${show(disclosed)}`);
  check(hidden.publisher === undefined && hidden.publisher_authid === undefined,
    `without disclose_me the publisher stays anonymous: ${show(hidden)}`);

  // --- pattern-based subscriptions ---
  const pat = inbox();
  const subPrefix = await step('A subscribe prefix', a.subscribe(`${prefix}.pat`, pat.handler, { match: 'prefix' }));
  const subWild = await step('A subscribe wildcard', a.subscribe(`${prefix}..w`, pat.handler, { match: 'wildcard' }));
  await step('publish pat', p.publish(`${prefix}.pat.one`, [1], {}, ack()));
  await step('publish wild', p.publish(`${prefix}.x.w`, [2], {}, ack()));
  await step('publish neither', p.publish(`${prefix}.x.w.no`, [3], {}, ack()));
  await pat.waitFor(2, 'A receives 2 pattern events');
  await sleep(200);
  check(isDeepStrictEqual(pat.events.map((e) => e.details.topic).sort(), [`${prefix}.pat.one`, `${prefix}.x.w`].sort())
    && pat.events.length === 2, `events carry the concrete topic: ${show(pat.events.map((e) => e.details.topic))}`);

  // --- black/white listing ---
  const aBw = inbox();
  const bBw = inbox();
  await step('A subscribe bw', a.subscribe(`${prefix}.bw`, aBw.handler));
  await step('B subscribe bw', b.subscribe(`${prefix}.bw`, bBw.handler));
  await step('publish eligible', p.publish(`${prefix}.bw`, ['to B'], {}, ack({ eligible: [b.id] })));
  await step('publish exclude', p.publish(`${prefix}.bw`, ['to A'], {}, ack({ exclude: [b.id] })));
  await step('publish eligible_authrole', p.publish(`${prefix}.bw`, ['nobody'], {}, ack({ eligible_authrole: ['admin'] })));
  await step('publish all', p.publish(`${prefix}.bw`, ['all'], {}, ack()));
  await aBw.waitFor(2, 'A receives its events');
  await bBw.waitFor(2, 'B receives its events');
  await sleep(200);
  check(isDeepStrictEqual(aBw.events.map((e) => e.args[0]), ['to A', 'all']), `A: ${show(aBw.events.map((e) => e.args))}`);
  check(isDeepStrictEqual(bBw.events.map((e) => e.args[0]), ['to B', 'all']), `B: ${show(bBw.events.map((e) => e.args))}`);

  // --- retention ---
  await step('publish retained', p.publish(`${prefix}.ret`, ['kept'], {}, ack({ retain: true })));
  await step('publish transient', p.publish(`${prefix}.ret`, ['transient'], {}, ack()));
  const ret = inbox();
  await step('B subscribe get_retained', b.subscribe(`${prefix}.ret`, ret.handler, { get_retained: true }));
  await ret.waitFor(1, 'B receives the retained event');
  check(ret.events[0].args[0] === 'kept' && ret.events[0].details.retained === true,
    `retained event marked retained: ${show(ret.events[0])}`);

  // --- meta API ---
  const found = await step('lookup', m.call('wamp.subscription.lookup', [`${prefix}.pat`, { match: 'prefix' }]));
  check(found === subPrefix.id, `lookup: ${show(found)}`);
  const info = await step('get', m.call('wamp.subscription.get', [subWild.id]));
  check(info.uri === `${prefix}..w` && info.match === 'wildcard', `get: ${show(info)}`);
  const count = await step('count', m.call('wamp.subscription.count_subscribers', [subWild.id]));
  check(count === 1, `count_subscribers: ${show(count)}`);

  // --- history ---
  const htopic = `${historyTopic}.js.${serializerName}.${process.pid}`;
  const hsub = await step('lookup history', m.call('wamp.subscription.lookup', [historyTopic, { match: 'prefix' }]));
  const pubs = [];
  for (let i = 0; i < 2; i++) {
    pubs.push((await step(`publish history ${i}`, p.publish(htopic, [i], {}, ack()))).id);
  }
  const hist = await step('get_events', m.call('wamp.subscription.get_events', [hsub], { topic: htopic }));
  check(isDeepStrictEqual(hist.map((e) => e.publication), pubs), `history: ${show(hist)}`);

  for (const peer of peers) {
    peer.session.leave('wamp.close.normal');
    await step(`${peer.name} closed`, peer.closed);
  }
  const violations = peers.flatMap((x) => x.violations);
  check(violations.length === 0, `no protocol violation or internal error reported: ${violations.join('\n')}`);
}

async function main() {
  const [url, serializerName, historyTopic, fourth] = process.argv.slice(2);
  if (!url || !serializerName || !historyTopic) {
    console.log('usage: node pubsub_client.js URL SERIALIZER HISTORY_TOPIC [rawsocket]');
    return 2;
  }
  const rawsocket = fourth === 'rawsocket' || /^(rs|tcp):/.test(url);
  log(`autobahn-js ${autobahn.version}: advanced PubSub over ${url} with ${serializerName}`);
  const overall = setTimeout(() => {
    log('FAILED: scenario did not finish within 45 s');
    process.exit(1);
  }, 45000);
  try {
    await scenario(url, serializerName, historyTopic, rawsocket);
  } catch (e) {
    log(`FAILED: ${e instanceof CheckFailed ? e.message : (e && e.stack) || show(e)}`);
    return 1;
  } finally {
    clearTimeout(overall);
  }
  log(`PASSED: advanced PubSub over ${url} with ${serializerName}`);
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  log(`FAILED: ${(e && e.stack) || show(e)}`);
  process.exit(1);
});

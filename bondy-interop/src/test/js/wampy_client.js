#!/usr/bin/env node
// WAMP interop scenario against a Bondy router, with wampy.js (npm wampy@8.0.2) in Node, given the `ws`
// WebSocket class as its README says for Node.
//
// Usage: node wampy_client.js URL SERIALIZER
//   URL         ws://127.0.0.1:18080/ws
//   SERIALIZER  json | msgpack (wampy's msgpackr) | cbor (wampy's cbor-x)
//
// Two sessions, A (callee, subscriber) and B (caller, publisher), join realm1 and go through: register + call
// with argsList/argsDict, progressive call results (B's progress_callback, A's result_handler), a callee error
// with args/kwargs, a call to an unregistered procedure, subscribe (exact and prefix) + publish, publish with
// `eligible` and `exclude` session ids, unsubscribe, unregister (the call after it fails), and leave (GOODBYE).
// Exits 0 only when every check passed.
//
// What wampy sends that other clients do not (issue 22, items 2 and 3), all checked here as it comes:
// - SUBSCRIBE options {match: undefined, get_retained: undefined}: dropped by JSON, msgpackr's fixext
//   "undefined" (d4 00 00) in MessagePack, CBOR's undefined simple value (0xf7) with cbor-x;
// - every integer above 2^32 as a float in MessagePack (msgpackr) and CBOR (cbor-x): the session ids in
//   `eligible`/`exclude`, and any registration or subscription id in UNREGISTER/UNSUBSCRIBE that large.
'use strict';

const path = require('node:path');
const {
  setTag, log, show, CheckFailed, check, checkEqual, step, expectFailure, deferred, probeTcp, runMain,
  REALM,
} = require('./harness');

setTag('wampy');

const { Wampy } = require('wampy');
// wampy depends on ws 8 (nested under it: thruway.js wants ws 6 at the top level); give it its own.
const wampyDir = path.dirname(require.resolve('wampy'));
const WebSocket = require(require.resolve('ws', { paths: [wampyDir] }));
const WS_VERSION = require(require.resolve('ws/package.json', { paths: [wampyDir] })).version;
const WAMPY_VERSION = require(path.join(require.resolve('wampy').split('/dist/')[0], 'package.json')).version;

const ARGS = [1, 'two', [3, 4.5], { x: true, y: null }, -5, 2 ** 40, 'h\u00e9llo \u2713'];
const KWARGS = { name: 'bondy', n: 42, list: [1, 2, 3], nested: { k: null, f: 0.25 } };
const ERROR_URI = 'com.example.interop.failed';
const ERROR_ARGS = ['bad thing', 7];
const ERROR_KWARGS = { reason: 'because', code: 42 };

// msgpackr (wampy's MessagePack) decodes every uint64, so every id above 2^32, as a BigInt.
function isId(v) {
  return Number.isSafeInteger(v) || (typeof v === 'bigint' && v > 0n && v <= 2n ** 53n);
}

function makeSerializer(name) {
  switch (name) {
    case 'json': return undefined; // wampy's default
    case 'msgpack': return new (require('wampy/MsgpackSerializer.js').MsgpackSerializer)();
    case 'cbor': return new (require('wampy/CborSerializer.js').CborSerializer)();
    default: throw new CheckFailed(`unknown serializer ${name} (json, msgpack or cbor)`);
  }
}

async function connect(name, url, serializerName) {
  const errors = [];
  const options = {
    realm: REALM,
    ws: WebSocket,
    autoReconnect: false,
    onError: (e) => {
      const text = `${name}: onError: ${e && e.name}: ${e && e.message} ${show(e && e.errorUri)}`
        + ` ${show(e && e.details)}`;
      log(text);
      errors.push(text);
    },
  };
  const serializer = makeSerializer(serializerName);
  if (serializer) {
    options.serializer = serializer;
  }
  const client = new Wampy(url, options);
  const details = await step(`${name} join`, client.connect());
  log(`${name} joined ${REALM} as session ${client.getSessionId()} (${serializerName}; router roles`
    + ` ${Object.keys((details && details.roles) || {}).join(',')})`);
  return { name, client, errors };
}

async function scenario(url, serializerName) {
  log(`wampy ${WAMPY_VERSION} with ws ${WS_VERSION}, Node ${process.version}, ${url} with ${serializerName}`);
  const prefix = `com.example.interop.wampy.${serializerName}.${process.pid}`;
  await step('TCP connect', probeTcp(url));
  const A = await connect('A', url, serializerName);
  const B = await connect('B', url, serializerName);
  const a = A.client;
  const b = B.client;
  const aId = a.getSessionId();
  const bId = b.getSessionId();
  check(isId(aId) && isId(bId) && aId !== bId, `two distinct session ids: ${show(aId)} ${show(bId)}`);

  // --- RPC: register + call with args and kwargs ---
  const invocations = [];
  const echoReg = await step('register echo', a.register(`${prefix}.echo`, ({ argsList, argsDict }) => {
    invocations.push([argsList, argsDict]);
    return { argsList, argsDict };
  }));
  log(`A registered ${prefix}.echo as ${echoReg.registrationId}`);
  let res = await step('call echo', b.call(`${prefix}.echo`, { argsList: ARGS, argsDict: KWARGS }));
  log(`B call echo -> ${show(res)}`);
  checkEqual(res.argsList, ARGS, 'RESULT args');
  checkEqual(res.argsDict, KWARGS, 'RESULT kwargs');
  checkEqual(invocations, [[ARGS, KWARGS]], 'INVOCATION args/kwargs');

  // --- RPC: progressive call results (wampy announces no callee features: the router must still pass on
  // the caller's receive_progress, issue 22 item 1) ---
  let invocationDetails = null;
  await step('register progress', a.register(`${prefix}.progress`, ({ argsList, details, result_handler }) => {
    invocationDetails = details;
    const n = argsList[0];
    if (details && details.receive_progress) {
      for (let i = 1; i <= n; i++) {
        result_handler({ argsList: [i], options: { progress: true } });
      }
    }
    return { argsList: ['done', n] };
  }));
  const progress = [];
  res = await step('call progress', b.call(`${prefix}.progress`, [3], {
    progress_callback: (r) => progress.push(r.argsList),
  }));
  log(`B call progress -> progressive ${show(progress)}, final ${show(res.argsList)}`);
  check(invocationDetails && invocationDetails.receive_progress === true,
    `callee's INVOCATION has receive_progress=true: details ${show(invocationDetails)}`);
  checkEqual(progress, [[1], [2], [3]], 'progressive RESULTs in order');
  checkEqual(res.argsList, ['done', 3], 'final RESULT');
  check(!(res.details && res.details.progress), `final RESULT is not progressive: ${show(res.details)}`);

  // --- RPC: callee error propagated with args/kwargs ---
  await step('register fail', a.register(`${prefix}.fail`, () => {
    throw Object.assign(new Error('deliberate'), { error: ERROR_URI, argsList: ERROR_ARGS, argsDict: ERROR_KWARGS });
  }));
  let err = await expectFailure('call fail', () => b.call(`${prefix}.fail`, [1]));
  log(`B call fail -> ${err.name} ${err.errorUri} ${show(err.argsList)} ${show(err.argsDict)}`);
  check(err.errorUri === ERROR_URI, `ERROR uri: expected ${ERROR_URI}, got ${err.errorUri} (${show(err)})`);
  checkEqual(err.argsList, ERROR_ARGS, 'ERROR args');
  checkEqual(err.argsDict, ERROR_KWARGS, 'ERROR kwargs');

  err = await expectFailure('call missing', () => b.call(`${prefix}.missing`, [1]));
  check(err.errorUri === 'wamp.error.no_such_procedure',
    `no_such_procedure: expected wamp.error.no_such_procedure, got ${err.errorUri} (${show(err)})`);

  // --- PubSub: SUBSCRIBE with {match: undefined, get_retained: undefined} (wampy's default), and prefix.
  // wampy drops exclude_me=false (it sends the option only when true), so a wampy publisher never receives its
  // own events: A subscribes, B publishes, and the order of A's events proves what was or was not dispatched.
  const topic = `${prefix}.topic`;
  const aEvents = [];
  const aPrefixEvents = [];
  const waiters = [];
  const waitFor = (list, n) => {
    const d = deferred();
    waiters.push(() => list.length >= n && d.resolve());
    waiters.forEach((w) => w());
    return d.promise;
  };
  const subA = await step('A subscribe (match undefined)', a.subscribe(topic, ({ argsList, argsDict }) => {
    aEvents.push([argsList, argsDict]);
    waiters.forEach((w) => w());
  }));
  const subAPrefix = await step('A subscribe prefix', a.subscribe(prefix, ({ argsList, details }) => {
    aPrefixEvents.push([argsList, details.topic]);
    waiters.forEach((w) => w());
  }, { match: 'prefix' }));
  log(`A subscribed to ${topic} (${subA.subscriptionId}) and prefix ${prefix} (${subAPrefix.subscriptionId})`);

  const pub = await step('publish 1', b.publish(topic, { argsList: ARGS, argsDict: KWARGS }));
  log(`B publish 1 -> PUBLISHED ${show(pub)}`);
  check(isId(pub.publicationId), `PUBLISHED carries a publication id: ${show(pub)}`);
  await step('A receives event 1', waitFor(aEvents, 1));
  await step('A receives event 1 by prefix', waitFor(aPrefixEvents, 1));
  checkEqual(aEvents, [[ARGS, KWARGS]], 'EVENT args/kwargs');
  checkEqual(aPrefixEvents, [[ARGS, topic]], 'prefix EVENT args and details.topic');

  // --- eligible / exclude with session ids (floats above 2^32 in MessagePack and CBOR) ---
  await step('publish 2 (eligible A)', b.publish(topic, ['to A'], { eligible: [aId] }));
  await step('publish 3 (exclude A)', b.publish(topic, ['not to A'], { exclude: [aId] }));
  await step('publish 4', b.publish(topic, ['to all']));
  await step('A receives event 4', waitFor(aEvents, 3));
  checkEqual(aEvents.map((e) => e[0]), [ARGS, ['to A'], ['to all']],
    'eligible/exclude by session id: A got events 1, 2 and 4, not 3');

  // --- unsubscribe: the prefix subscription proves event 5 was dispatched after the exact one ended ---
  await step('A unsubscribe', a.unsubscribe(subA.subscriptionId));
  await step('publish 5', b.publish(topic, ['after unsubscribe']));
  await step('A receives event 5 by prefix', waitFor(aPrefixEvents, 4));
  checkEqual(aEvents.length, 3, 'no EVENT after UNSUBSCRIBE');
  // Not unsubscribed: wampy 8.0.2 throws in its UNSUBSCRIBED handler for a pattern-based subscription (it
  // looks the subscription up by an exact-match key); GOODBYE ends it.
  checkEqual(aPrefixEvents.map((e) => e[0]), [ARGS, ['to A'], ['to all'], ['after unsubscribe']],
    'prefix EVENTs 1, 2, 4 and 5');

  await step('A unregister echo', a.unregister(`${prefix}.echo`));
  err = await expectFailure('call echo after unregister', () => b.call(`${prefix}.echo`, [1]));
  check(err.errorUri === 'wamp.error.no_such_procedure',
    `no_such_procedure after UNREGISTER: got ${err.errorUri} (${show(err)})`);

  // --- leave ---
  for (const peer of [B, A]) {
    await step(`${peer.name} leave`, peer.client.disconnect());
    log(`${peer.name} left`);
  }
  const errors = [...A.errors, ...B.errors];
  check(errors.length === 0, `no protocol violation or error reported: ${errors.join('\n')}`);
}

runMain({
  minArgs: 2,
  usage: 'node wampy_client.js URL SERIALIZER',
  what: (url, serializerName) => `wampy scenario over ${url} with ${serializerName}`,
  scenario,
});

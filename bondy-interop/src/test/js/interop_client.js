#!/usr/bin/env node
// WAMP interop scenario against a Bondy router, with autobahn-js (npm autobahn@26.3.1).
//
// Usage: node interop_client.js URL SERIALIZER [rawsocket]
//   URL         ws://127.0.0.1:18080/ws, wss://127.0.0.1:18083/ws (TLS: the router's CA must be trusted, e.g.
//               NODE_EXTRA_CA_CERTS=ca.pem), or for RawSocket rs://127.0.0.1:18082 / tcp://127.0.0.1:18082
//   SERIALIZER  json | msgpack | cbor   (RawSocket in Node supports json only)
//   rawsocket   optional third argument: use the RawSocket transport (implied by an rs:// or tcp:// URL)
//
// autobahn-js uses the global WebSocket of Node 22+. On Node 20 this script re-runs itself with
// `node --experimental-websocket`, so `node interop_client.js ...` works on both.
//
// Two sessions, A (callee, subscriber) and B (caller, publisher), join realm1 and go through: register +
// call with args/kwargs, progressive call results (as callee and caller), a callee error with args/kwargs
// propagated to the caller, a call to an unregistered procedure (wamp.error.no_such_procedure), subscribe +
// publish with acknowledge, publisher exclusion, unsubscribe, unregister, and leave (GOODBYE answered by
// GOODBYE wamp.close.goodbye_and_out). Prints each step; exits 0 only when every check passed. A protocol
// violation autobahn-js finds in the router's messages is printed ("failing transport due to protocol
// violation: ...") and fails the run.
'use strict';

const {
  ensureWebSocket, isDeepStrictEqual, autobahn, log, show, CheckFailed, check, step, deferred, probeTcp, connect,
} = require('./support');

ensureWebSocket(__filename);

const ARGS = [1, 'two', [3, 4.5], { x: true, y: null }, -5, 2 ** 40, 'h\u00e9llo \u2713'];
const KWARGS = { name: 'bondy', n: 42, list: [1, 2, 3], nested: { k: null, f: 0.25 } };
const ERROR_URI = 'com.example.interop.failed';
const ERROR_ARGS = ['bad thing', 7];
const ERROR_KWARGS = { reason: 'because', code: 42 };

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
  const echoReg = await step('register echo', a.register(`${prefix}.echo`, (args, kwargs) => {
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

  // --- RPC: progressive call results (A calls details.progress, B asks receive_progress). autobahn-js callees
  // announce progressive_call_results without call_canceling: the router passes receive_progress on anyway. ---
  let progressDetails = null;
  await step('register progress', a.register(`${prefix}.progress`, (args, kwargs, details) => {
    progressDetails = { progress: typeof details.progress };
    if (details.progress) {
      for (let i = 1; i <= args[0]; i++) {
        details.progress([i]);
      }
    }
    return new autobahn.Result(['done', args[0]]);
  }));
  const progress = [];
  const progressCall = b.call(`${prefix}.progress`, [3], {}, { receive_progress: true });
  progressCall.then(null, null, (r) => progress.push(r));
  res = await step('call progress', progressCall);
  log(`B call progress -> progressive ${show(progress)}, final ${show(res)}`);
  check(progressDetails && progressDetails.progress === 'function',
    `callee's INVOCATION has receive_progress (details.progress is a function): ${show(progressDetails)}`);
  check(isDeepStrictEqual(progress, [1, 2, 3]),
    `progressive RESULTs in order: expected [1, 2, 3], got ${show(progress)}`);
  check(res instanceof autobahn.Result && isDeepStrictEqual(res.args, ['done', 3]),
    `final RESULT: expected ['done', 3], got ${show(res)}`);

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

  // --- unregister: the call after it fails ---
  await step('A unregister echo', a.unregister(echoReg));
  log('A unregistered echo');
  try {
    res = await step('call echo after unregister', b.call(`${prefix}.echo`, [1]));
    throw new CheckFailed(`call echo after UNREGISTER: expected ERROR, got RESULT ${show(res)}`);
  } catch (e) {
    if (!(e instanceof autobahn.Error)) {
      throw e;
    }
    check(e.error === 'wamp.error.no_such_procedure', `no_such_procedure after UNREGISTER: got ${e.error}`);
  }

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

#!/usr/bin/env node
// WAMP interop scenario against a Bondy router, with thruway.js (npm thruway.js@2.0.7, RxJS 5, JSON only).
// In Node without a global WebSocket (Node 20) it uses its peer dependency `ws` 6; run it with that Node.
//
// Usage: node thruway_client.js URL
//   URL  ws://127.0.0.1:18080/ws
//
// Two sessions, A (callee, subscriber) and B (caller, publisher), join realm1 and go through: register + call
// with args/kwargs, progressive call results (progressiveRegister / progressiveCall), a callee error, a call to
// an unregistered procedure, subscribe + publish, unsubscribe, unregister (the call after it fails), and leave.
//
// What thruway.js does that other clients do not, all checked here as it comes:
// - request ids are random in [0, 2^53] (the largest ids a router sees from any client);
// - progressiveRegister adds an unknown REGISTER option (replace_orphaned_sessions: 'yes'), and its callee
//   announces progressive_call_results with call_canceling;
// - it never sends GOODBYE: a session ends when the client has nothing left to do and closes the WebSocket,
//   so "leave" is checked from the other session (wamp.session.get answers wamp.error.no_such_session).
'use strict';

const {
  setTag, log, show, check, checkEqual, step, expectFailure, deferred, sleep, eventually, probeTcp,
  runMain, REALM,
} = require('./harness');

setTag('thruway');

const { Client } = require('thruway.js');
const { WampErrorException } = require('thruway.js/src/Common/WampErrorException');
const { Observable } = require('rxjs/Observable');
require('rxjs/add/observable/range');
require('rxjs/add/operator/toArray');

const THRUWAY_VERSION = require('thruway.js/package.json').version;
const RXJS_VERSION = require('rxjs/package.json').version;
const WS_VERSION = require('ws/package.json').version;

const ARGS = [1, 'two', [3, 4.5], { x: true, y: null }, -5, 2 ** 40, 'h\u00e9llo \u2713'];
const KWARGS = { name: 'bondy', n: 42, list: [1, 2, 3], nested: { k: null, f: 0.25 } };
const ERROR_URI = 'com.example.interop.failed';
const ERROR_ARGS = ['bad thing', 7];

/** Every value an Observable emits until it completes (an error rejects). */
function collect(observable) {
  return new Promise((resolve, reject) => {
    const values = [];
    observable.subscribe((v) => values.push(v), reject, () => resolve(values));
  });
}

/** Subscribes, resolves with the first value (the subscription stays open: unsubscribe it to end it). */
function first(observable, onNext) {
  const d = deferred();
  let got = false;
  const subscription = observable.subscribe((v) => {
    if (!got) {
      got = true;
      d.resolve(v);
    }
    if (onNext) {
      onNext(v);
    }
  }, (e) => d.reject(e));
  return { value: d.promise, subscription };
}

async function connect(name, url) {
  const errors = [];
  const client = new Client(url, REALM, { retryOptions: { maxRetries: 0 } });
  client.onError.subscribe((e) => {
    const text = `${name}: onError: ${e && e.message}`;
    log(text);
    errors.push(text);
  });
  const opened = first(client.onOpen);
  const session = await step(`${name} join`, opened.value);
  const id = session.welcomeMsg.sessionId;
  log(`${name} joined ${REALM} as session ${id} (router roles ${Object.keys(session.welcomeMsg.details.roles)})`);
  return { name, client, id, errors, sessionSubscription: opened.subscription };
}

async function scenario(url) {
  log(`thruway.js ${THRUWAY_VERSION} with rxjs ${RXJS_VERSION} and ws ${WS_VERSION}, Node ${process.version},`
    + ` global WebSocket: ${typeof WebSocket !== 'undefined'}, ${url} with json`);
  const prefix = `com.example.interop.thruway.${process.pid}`;
  await step('TCP connect', probeTcp(url));
  const A = await connect('A', url);
  const B = await connect('B', url);
  const a = A.client;
  const b = B.client;
  check(Number.isSafeInteger(A.id) && Number.isSafeInteger(B.id) && A.id !== B.id,
    `two distinct session ids: ${A.id} ${B.id}`);

  // --- RPC: register (extended: args, kwargs, details) + call with args and kwargs ---
  const invocations = [];
  const echo = first(a.register(`${prefix}.echo`, (args, argskw) => {
    invocations.push([args, argskw]);
    return { args, argskw };
  }, { extended: true }));
  const registered = await step('register echo', echo.value);
  log(`A registered ${prefix}.echo as ${registered.registrationId}`);
  let results = await step('call echo', collect(b.call(`${prefix}.echo`, ARGS, KWARGS)));
  log(`B call echo -> ${show(results.map((r) => [r.args, r.argskw]))}`);
  checkEqual(invocations, [[ARGS, KWARGS]], 'INVOCATION args/kwargs');
  checkEqual(results.length, 1, 'one RESULT');
  // thruway.js yields what the callback returns as the one positional result.
  checkEqual(results[0].args, [{ args: ARGS, argskw: KWARGS }], 'RESULT args');

  // --- RPC: progressive call results ---
  let progressDetails = null;
  const progress = first(a.progressiveRegister(`${prefix}.progress`, (args, argskw, details) => {
    progressDetails = details;
    return Observable.range(1, args[0]);
  }, { extended: true }));
  await step('progressiveRegister', progress.value);
  results = await step('progressiveCall', collect(b.progressiveCall(`${prefix}.progress`, [3])));
  log(`B progressiveCall -> ${show(results.map((r) => r.args))}`);
  check(progressDetails && progressDetails.receive_progress === true,
    `callee's INVOCATION has receive_progress=true: details ${show(progressDetails)}`);
  checkEqual(results.map((r) => r.args), [[1], [2], [3]], 'progressive RESULTs in order');

  // progressiveRegister yields progressively whatever the caller asked: a plain CALL gets only the final
  // (empty) RESULT, the router drops the progressive ones.
  results = await step('call progress (no receive_progress)', collect(b.call(`${prefix}.progress`, [2])));
  log(`B call progress (no receive_progress) -> ${show(results.map((r) => r.args))}`);
  check(progressDetails && !progressDetails.receive_progress,
    `no receive_progress in the INVOCATION: details ${show(progressDetails)}`);
  check(results.length === 1 && (results[0].args === undefined || results[0].args.length === 0),
    `only the final RESULT reaches a caller that did not ask for progress: got ${show(results.map((r) => r.args))}`);

  // --- RPC: callee error ---
  const fail = first(a.register(`${prefix}.fail`, () => {
    throw new WampErrorException(ERROR_URI, ERROR_ARGS);
  }));
  await step('register fail', fail.value);
  let err = await expectFailure('call fail', () => collect(b.call(`${prefix}.fail`, [1])));
  log(`B call fail -> ${err.errorUri} ${show(err.args)}`);
  check(err.errorUri === ERROR_URI, `ERROR uri: expected ${ERROR_URI}, got ${show(err)}`);
  // thruway.js appends {uri: procedure} to the error's args.
  checkEqual(err.args.slice(0, 2), ERROR_ARGS, 'ERROR args');

  err = await expectFailure('call missing', () => collect(b.call(`${prefix}.missing`, [1])));
  check(err.errorUri === 'wamp.error.no_such_procedure', `no_such_procedure: got ${show(err)}`);

  // --- PubSub: A and B subscribe, B publishes (no acknowledge in thruway.js: events prove delivery) ---
  const topic = `${prefix}.topic`;
  const aEvents = [];
  const bEvents = [];
  const waiters = [];
  const notify = () => waiters.forEach((w) => w());
  const waitFor = (list, n) => {
    const d = deferred();
    waiters.push(() => list.length >= n && d.resolve());
    notify();
    return d.promise;
  };
  const subA = a.topic(topic).subscribe((e) => {
    aEvents.push([e.args, e.argskw]);
    notify();
  }, (e) => log(`A topic error ${show(e)}`));
  const subB = b.topic(topic).subscribe((e) => {
    bEvents.push(e.args);
    notify();
  }, (e) => log(`B topic error ${show(e)}`));
  // thruway.js has no SUBSCRIBED callback: publish until both subscriptions are in place.
  let n = 0;
  const bothSubscribed = (async () => {
    while (aEvents.length === 0 || bEvents.length === 0) {
      b.publish(topic, `probe ${++n}`, { exclude_me: false });
      await sleep(100);
    }
  })();
  await step('A and B subscribed', bothSubscribed);
  log(`A and B subscribed to ${topic} after ${n} probe events`);
  const aBefore = aEvents.length;
  const bBefore = bEvents.length;
  b.publish(topic, ARGS); // one positional argument: the list
  await step('A receives the event', waitFor(aEvents, aBefore + 1));
  checkEqual(aEvents[aBefore][0], [ARGS], 'EVENT args');

  // --- eligible (request ids and session ids as large as the spec allows) ---
  b.publish(topic, 'to A', { eligible: [A.id], exclude_me: false });
  b.publish(topic, 'to all', { exclude_me: false });
  await step('B receives "to all"', waitFor(bEvents, bBefore + 1));
  await step('A receives "to all"', waitFor(aEvents, aBefore + 3));
  checkEqual(bEvents.slice(bBefore), [['to all']], 'eligible: B did not get the event for A');
  checkEqual(aEvents.slice(aBefore + 1).map((e) => e[0]), [['to A'], ['to all']], 'eligible: A got both');

  // --- unsubscribe: B's events prove the next event was dispatched. thruway.js gives no UNSUBSCRIBED or
  // UNREGISTERED callback: the meta API tells when the router has done it. ---
  const metaCall = async (proc, args) => (await collect(b.call(proc, args)))[0].args[0];
  const subscriptionId = await step('wamp.subscription.lookup', metaCall('wamp.subscription.lookup', [topic]));
  subA.unsubscribe();
  await eventually('A unsubscribed', async () =>
    (await metaCall('wamp.subscription.count_subscribers', [subscriptionId])) === 1);
  b.publish(topic, 'after unsubscribe', { exclude_me: false });
  await step('B receives "after unsubscribe"', waitFor(bEvents, bBefore + 2));
  checkEqual(aEvents.length, aBefore + 3, 'no EVENT after UNSUBSCRIBE');
  subB.unsubscribe();

  // --- unregister: the call after it fails ---
  echo.subscription.unsubscribe();
  await eventually('echo unregistered', async () =>
    (await metaCall('wamp.registration.lookup', [`${prefix}.echo`])) == null);
  err = await expectFailure('call echo after unregister', () => collect(b.call(`${prefix}.echo`, [1])));
  check(err.errorUri === 'wamp.error.no_such_procedure', `no_such_procedure after UNREGISTER: got ${show(err)}`);

  // --- leave: A ends all it does (thruway.js closes the WebSocket, no GOODBYE); B sees A's session gone ---
  for (const s of [progress.subscription, fail.subscription, A.sessionSubscription]) {
    s.unsubscribe();
  }
  a.close();
  let gone = null;
  for (let i = 0; i < 50 && gone === null; i++) {
    await sleep(100);
    try {
      await step('wamp.session.get A', collect(b.call('wamp.session.get', [A.id])));
    } catch (e) {
      if (!(e instanceof WampErrorException)) {
        throw e;
      }
      gone = e;
    }
  }
  check(gone && gone.errorUri === 'wamp.error.no_such_session',
    `A's session ended after its WebSocket closed: wamp.session.get says ${show(gone)}`);
  err = await expectFailure('call A\'s procedure after A left', () => collect(b.call(`${prefix}.progress`, [1])));
  check(err.errorUri === 'wamp.error.no_such_procedure', `A's registrations ended with it: got ${show(err)}`);
  B.sessionSubscription.unsubscribe();
  b.close();
  const errors = [...A.errors, ...B.errors];
  check(errors.length === 0, `no protocol violation or error reported: ${errors.join('\n')}`);
}

runMain({
  minArgs: 1,
  usage: 'node thruway_client.js URL',
  what: (url) => `thruway.js scenario over ${url} with json`,
  scenario,
});

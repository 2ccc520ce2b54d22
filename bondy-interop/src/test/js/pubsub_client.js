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

const {
  ensureWebSocket, isDeepStrictEqual, autobahn, log, show, CheckFailed, check, step, probeTcp, connect,
} = require('./support');

ensureWebSocket(__filename);


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

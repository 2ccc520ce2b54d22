// Client-neutral helpers of the JavaScript interop scripts (wampy, thruway.js; autobahn-js's support.js
// re-exports them): logging, checks, steps with timeouts, a TCP probe, and a main() wrapper that prints
// PASSED or FAILED and sets the exit code the Java test reads.
'use strict';

const { isDeepStrictEqual, inspect } = require('node:util');

const REALM = 'realm1';
const STEP_TIMEOUT_MS = 10000;
const SCENARIO_TIMEOUT_MS = 45000;

const START = Date.now();
let tag = 'js';

/** The tag each log line starts with (the client's name). */
function setTag(t) {
  tag = t;
}

function log(msg) {
  console.log(`[${tag} ${((Date.now() - START) / 1000).toFixed(3).padStart(6)}s] ${msg}`);
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

/** Checks deep equality, naming both sides on failure. */
function checkEqual(actual, expected, what) {
  check(isDeepStrictEqual(actual, expected), `${what}: expected ${show(expected)}, got ${show(actual)}`);
}

function step(what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailed(`${what}: no answer within ${STEP_TIMEOUT_MS / 1000} s`)),
      STEP_TIMEOUT_MS);
  });
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}

/** Runs {@code fn}, which must fail; returns what it failed with (a CheckFailed if it succeeded). */
async function expectFailure(what, fn) {
  let value;
  try {
    value = await step(what, fn());
  } catch (e) {
    if (e instanceof CheckFailed) {
      throw e;
    }
    return e;
  }
  throw new CheckFailed(`${what}: expected an ERROR, got ${show(value)}`);
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

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Polls {@code probe} (async, returns truthy when done) every 50 ms until it is done, for at most
 * STEP_TIMEOUT_MS; for what a client gives no acknowledgement of. Returns the last probe value.
 */
async function eventually(what, probe) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let last;
  for (;;) {
    last = await probe();
    if (last) {
      return last;
    }
    if (Date.now() > deadline) {
      throw new CheckFailed(`${what}: not so within ${STEP_TIMEOUT_MS / 1000} s`);
    }
    await sleep(50);
  }
}

// Some WebSocket implementations fire no close event when the TCP connection is refused (the client
// would wait forever), so check that the port accepts connections first, for a clear message. For a wss://
// URL the probe is a TLS handshake verified against Node's CA store (NODE_EXTRA_CA_CERTS included) and the
// host (an IP address is checked against the certificate's IP SANs); it logs the TLS version and cipher
// negotiated, which the WebSocket API does not expose.
function probeTcp(url) {
  const net = require('node:net');
  const tls = require('node:tls');
  const secure = /^wss:/.test(url);
  const u = new URL(url.replace(/^(rs|tcp):/, 'http:').replace(/^wss?:/, 'http:'));
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(u.port) || (secure ? 443 : 80);
  return new Promise((resolve, reject) => {
    const onConnect = () => {
      if (secure) {
        const c = socket.getCipher();
        log(`TLS: ${socket.getProtocol()} ${c && c.standardName}, server certificate`
          + ` ${socket.getPeerCertificate().subject.CN} verified (authorized=${socket.authorized})`);
      }
      socket.destroy();
      resolve();
    };
    const socket = secure
      ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host }, onConnect)
      : net.connect({ host, port }, onConnect);
    socket.on('error', (e) => reject(new CheckFailed(`cannot connect to ${u.host}${secure ? ' over TLS' : ''}: `
      + `${e.code ? e.code + ' ' : ''}${e.message}`)));
  });
}

/**
 * Runs {@code scenario(args)} bounded by SCENARIO_TIMEOUT_MS; prints "PASSED: {@code what}" and exits 0, or
 * "FAILED: ..." and exits 1. {@code usage} is printed (exit 2) when fewer than {@code minArgs} arguments.
 */
function runMain({ minArgs, usage, what, scenario }) {
  const args = process.argv.slice(2);
  if (args.length < minArgs) {
    console.log('usage: ' + usage);
    process.exit(2);
  }
  const overall = setTimeout(() => {
    log(`FAILED: scenario did not finish within ${SCENARIO_TIMEOUT_MS / 1000} s`);
    process.exit(1);
  }, SCENARIO_TIMEOUT_MS);
  Promise.resolve()
    .then(() => scenario(...args))
    .then(() => {
      clearTimeout(overall);
      log(`PASSED: ${what(...args)}`);
      process.exit(0);
    }, (e) => {
      clearTimeout(overall);
      log(`FAILED: ${e instanceof CheckFailed ? e.message : (e && e.stack) || show(e)}`);
      process.exit(1);
    });
}

module.exports = {
  isDeepStrictEqual, inspect, REALM, STEP_TIMEOUT_MS, setTag, log, show, CheckFailed, check, checkEqual, step,
  expectFailure, deferred, sleep, eventually, probeTcp, runMain,
};

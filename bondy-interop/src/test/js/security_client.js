#!/usr/bin/env node
// Security interop scenario against a Bondy router, with autobahn-js (npm autobahn@26.3.1).
//
// Usage: node security_client.js WS_URL ADMIN_PASSWORD
//
// Against realm com.example.secure from the provisioning file SecurityInteropTest writes: wampcra
// (right and wrong password), a ticket issued by bondy.ticket.issue and used to log in, and cryptosign
// with a key made here and registered through the admin API (master realm, wampcra admin). Exits 0 only
// when every check passed, printing PASSED. Re-runs itself with --experimental-websocket on Node 20.
'use strict';

if (typeof globalThis.WebSocket === 'undefined') {
  if (process.env.BONDY_INTEROP_REEXEC) {
    console.error('no global WebSocket even with --experimental-websocket: Node ' + process.version + ' is too old');
    process.exit(2);
  }
  const { spawnSync } = require('node:child_process');
  const r = spawnSync(process.execPath,
    ['--experimental-websocket', '--no-warnings', ...process.execArgv, __filename, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, BONDY_INTEROP_REEXEC: '1' } });
  process.exit(r.status === null ? 1 : r.status);
}

const autobahn = require('autobahn');
const nacl = require('tweetnacl');

const REALM = 'com.example.secure';
const MASTER = 'com.leapsight.bondy';
const STEP_TIMEOUT_MS = 10000;
const START = Date.now();

function log(msg) {
  console.log(`[js-security ${((Date.now() - START) / 1000).toFixed(3).padStart(6)}s] ${msg}`);
}

class CheckFailed extends Error {}

function check(cond, what) {
  if (!cond) {
    throw new CheckFailed(what);
  }
  log('  ok: ' + what);
}

function step(what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailed(`${what}: no answer within ${STEP_TIMEOUT_MS / 1000} s`)),
      STEP_TIMEOUT_MS);
  });
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}

function cra(secret) {
  return (session, method, extra) => {
    const key = extra.salt ? autobahn.auth_cra.derive_key(secret, extra.salt, extra.iterations, extra.keylen) : secret;
    return autobahn.auth_cra.sign(key, extra.challenge);
  };
}

// Resolves {session, details} on join, or {refused: reason} when the router aborts.
function join(url, realm, options) {
  return step(`join ${realm} as ${options.authid} via ${options.authmethods}`, new Promise((resolve) => {
    const connection = new autobahn.Connection({
      url, realm, max_retries: 0, retry_if_unreachable: false, ...options,
    });
    let opened = false;
    connection.onopen = (session, details) => {
      opened = true;
      resolve({ session, details, connection });
    };
    connection.onclose = (reason, details) => {
      if (!opened) {
        resolve({ refused: (details && details.reason) || reason });
      }
      return true; // no retries
    };
    connection.open();
  }));
}

async function main() {
  const [url, adminPassword] = process.argv.slice(2);
  const admin = await join(url, MASTER, { authmethods: ['wampcra'], authid: 'admin', onchallenge: cra(adminPassword) });
  check(admin.session, 'admin joined the master realm with wampcra');

  const alice = await join(url, REALM, { authmethods: ['wampcra'], authid: 'alice', onchallenge: cra('alice-password') });
  check(alice.session && alice.details.authid === 'alice', 'wampcra: alice joined');
  const wrong = await join(url, REALM, { authmethods: ['wampcra'], authid: 'alice', onchallenge: cra('nope-nope') });
  check(wrong.refused === 'wamp.error.authentication_failed', `wrong password refused (${wrong.refused})`);

  const issued = await step('issue ticket', alice.session.call('bondy.ticket.issue'));
  const ticket = issued && issued.ticket;
  check(typeof ticket === 'string', 'bondy.ticket.issue answers {id, expires_at, issued_at, scope, ticket}');
  const t = await join(url, REALM, { authmethods: ['ticket'], authid: 'alice', onchallenge: () => ticket });
  check(t.session && t.details.authmethod === 'ticket', 'ticket: joined with a ticket bondy.ticket.issue gave');
  t.connection.close();

  const pair = nacl.sign.keyPair();
  const pub = Buffer.from(pair.publicKey).toString('hex');
  await step('add device', admin.session.call('bondy.user.add', [REALM, { username: 'device-js', authorized_keys: [pub] }]));
  await step('add source', admin.session.call('bondy.source.add', [REALM,
    { usernames: ['device-js'], authmethod: 'cryptosign', cidr: '127.0.0.0/8' }]));
  const dev = await join(url, REALM, {
    authmethods: ['cryptosign'], authid: 'device-js', authextra: { pubkey: pub },
    onchallenge: (session, method, extra) => autobahn.auth_cryptosign.sign_challenge(pair, extra),
  });
  check(dev.session && dev.details.authmethod === 'cryptosign', 'cryptosign: device-js joined');
  dev.connection.close();

  alice.connection.close();
  admin.connection.close();
  log('PASSED: autobahn-js security scenario');
}

main().then(() => process.exit(0), (e) => {
  log('FAILED: ' + (e instanceof CheckFailed ? e.message : (e && e.stack) || e));
  process.exit(1);
});

// fox-wamp (npm) as a peer router for bench/run.sh: `node router.js PORT` serves WAMP over WebSocket
// (wamp.2.json only; fox-wamp creates realms such as realm1 on first use) on 127.0.0.1:PORT, any path.
'use strict'
const FoxRouter = require('fox-wamp')

const port = parseInt(process.argv[2], 10)
if (!(port > 0)) {
  console.error('usage: node router.js PORT')
  process.exit(64)
}
const router = new FoxRouter()
router.listenWAMP({ port, host: '127.0.0.1' })
process.on('SIGTERM', () => process.exit(0))
process.on('SIGINT', () => process.exit(0))
console.log(`fox ready on ws://127.0.0.1:${port}/ws (node ${process.version})`)

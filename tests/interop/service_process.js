// What the Node interop checks share: a free loopback port, and waiting until a service under test answers
// GET /.well-known/alive.
'use strict';
const http = require('node:http');
const net = require('node:net');

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitReady(port) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/.well-known/alive' }, (res) => { res.resume(); resolve(res.statusCode === 200); })
        .on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error('service did not start');
}

module.exports = { freePort, sleep, waitReady };

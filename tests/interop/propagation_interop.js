// W3C Trace Context and Baggage interop with an independent implementation, OpenTelemetry JS:
//   1. OTel JS's propagators inject a context (trace id, span id, sampled, tracestate, baggage) into a call to
//      our service's POST /test (examples/propagation);
//   2. our service calls back into this script's server through its own outbound client;
//   3. OTel JS's propagators extract what arrived: the trace id must be kept, the parent id must be new (our
//      client span), the sampled flag, tracestate and baggage must be intact.
// Run: node propagation_interop.js <propagation binary>; NODE_PATH or GOFR_NODE_MODULES locates the packages.
'use strict';
const assert = require('node:assert/strict');
const http = require('node:http');
const path = require('node:path');
const { spawn } = require('node:child_process');

const modules = process.env.GOFR_NODE_MODULES || '/opt/gofr-interop-node/node_modules';
let api, core;
try {
  api = require(path.join(modules, '@opentelemetry/api'));
  core = require(path.join(modules, '@opentelemetry/core'));
} catch (e) {
  console.log(`SKIP: OpenTelemetry JS not installed under ${modules} (scripts/install-deps.sh installs it)`);
  process.exit(0);
}

const propagator = new core.CompositePropagator({
  propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()],
});

const { freePort, waitReady } = require('./service_process');

async function main() {
  const binary = process.argv[2];
  const [servicePort, echoPort] = [await freePort(), await freePort()];
  const received = [];
  const echo = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const ctx = propagator.extract(api.ROOT_CONTEXT, req.headers, api.defaultTextMapGetter);
      received.push({ span: api.trace.getSpanContext(ctx), baggage: api.propagation.getBaggage(ctx), body, headers: req.headers });
      res.end('ok');
    });
  }).listen(echoPort, '127.0.0.1');

  const service = spawn(binary, [], {
    env: { ...process.env, HTTP_PORT: String(servicePort), METRICS_PORT: '0', LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitReady(servicePort);

    // The caller's context, made by OTel JS.
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const spanId = 'b7ad6b7169203331';
    let ctx = api.trace.setSpanContext(api.ROOT_CONTEXT, {
      traceId, spanId, traceFlags: api.TraceFlags.SAMPLED, isRemote: true,
      traceState: new core.TraceState('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE'),
    });
    ctx = api.propagation.setBaggage(ctx, api.propagation.createBaggage({
      userId: { value: 'alice' }, 'region-1': { value: 'eu west; €', metadata: api.baggageEntryMetadataFromString('prop=1') },
    }));
    const headers = { 'content-type': 'application/json' };
    propagator.inject(ctx, headers, api.defaultTextMapSetter);

    const calls = [0, 1].map((i) => ({ url: `http://127.0.0.1:${echoPort}/hop${i}`, arguments: { hop: i } }));
    const status = await new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: servicePort, path: '/test', method: 'POST', headers },
        (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
      req.on('error', reject);
      req.end(JSON.stringify(calls));
    });
    assert.equal(status, 200);
    assert.equal(received.length, 2, 'both calls arrive, in order');

    const parentIds = new Set();
    received.forEach((r, i) => {
      assert.ok(r.span, `hop ${i}: a valid traceparent arrived`);
      assert.equal(r.span.traceId, traceId, 'trace id kept');
      assert.notEqual(r.span.spanId, spanId, 'a new parent id (our client span), not the caller\'s');
      parentIds.add(r.span.spanId);
      assert.equal(r.span.traceFlags & api.TraceFlags.SAMPLED, api.TraceFlags.SAMPLED, 'sampled flag kept');
      assert.equal(r.span.traceState.serialize(), 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE', 'tracestate intact');
      assert.equal(r.baggage.getEntry('userId').value, 'alice', 'baggage intact');
      assert.equal(r.baggage.getEntry('region-1').value, 'eu west; €', 'baggage value decoded as sent');
      assert.equal(JSON.parse(r.body).hop, i, 'arguments posted as the body, in order');
    });
    assert.equal(parentIds.size, 2, 'every call gets its own parent id');
    console.log('propagation interop: trace id kept, new parent ids, sampled flag, tracestate and baggage intact');
  } finally {
    service.kill('SIGTERM');
    echo.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });

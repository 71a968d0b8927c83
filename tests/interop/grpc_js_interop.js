// gRPC interop with a second, independent gRPC stack: Node's @grpc/grpc-js (pure JavaScript, its own HTTP/2 and
// framing), with the messages loaded by @grpc/proto-loader from the .proto files, calls our test service
// (tests/integration/grpc_server): unary and streaming calls, metadata, errors, a deadline it exceeds, a call it
// cancels, a W3C traceparent our server continues, and grpc.health.v1 Check and Watch through a drain.
// Run: node grpc_js_interop.js <grpc_test_server binary>; GOFR_NODE_MODULES locates the packages.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawn } = require('node:child_process');

const modules = process.env.GOFR_NODE_MODULES || '/opt/gofr-interop-node/node_modules';
let grpc, protoLoader;
try {
  grpc = require(path.join(modules, '@grpc/grpc-js'));
  protoLoader = require(path.join(modules, '@grpc/proto-loader'));
} catch (e) {
  console.log(`SKIP: @grpc/grpc-js not installed under ${modules} (scripts/install-deps.sh installs it)`);
  process.exit(0);
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

const { freePort, waitReady } = require('./service_process');

function load(file, includeDirs) {
  const definition = protoLoader.loadSync(file, { keepCase: true, longs: Number, enums: String, defaults: true, includeDirs });
  return grpc.loadPackageDefinition(definition);
}

// A unary call as a promise of { reply, metadata } or a rejection with the grpc-js error.
function unary(client, method, request, options = {}, metadata = new grpc.Metadata()) {
  return new Promise((resolve, reject) => {
    let initial;
    const call = client[method](request, metadata, options, (error, reply) => (error ? reject(error) : resolve({ reply, metadata: initial })));
    call.on('metadata', (m) => { initial = m; });
  });
}

async function main() {
  const binary = process.argv[2];
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const service = spawn(binary, [], {
    env: { ...process.env, HTTP_PORT: String(httpPort), GRPC_PORT: String(grpcPort), METRICS_PORT: '0',
           LOG_LEVEL: 'ERROR', SHUTDOWN_DRAIN_DELAY: '300ms' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => service.on('exit', (code) => resolve(code)));
  try {
    await waitReady(httpPort);
    const probe = load(path.join(__dirname, '..', 'integration', 'grpc_server', 'probe.proto'), []).gofr.test;
    const health = load('health.proto', ['/usr/share/grpc-proto/grpc/health/v1']).grpc.health.v1;
    const address = `127.0.0.1:${grpcPort}`;
    const client = new probe.Probe(address, grpc.credentials.createInsecure());
    const healthClient = new health.Health(address, grpc.credentials.createInsecure());

    // Unary, both handler kinds, with metadata in.
    for (const method of ['Echo', 'Fast']) {
      const metadata = new grpc.Metadata();
      metadata.set('x-tenant', 'node');
      const { reply, metadata: initial } = await unary(client, method, { message: 'hello' }, {}, metadata);
      assert.equal(reply.message, 'hello');
      assert.equal(reply.tenant, 'node');
      assert.match(reply.trace_id, /^[0-9a-f]{32}$/);
      assert.deepEqual(initial.get('x-correlation-id'), []);
    }

    // A W3C traceparent from the peer: the server span continues its trace.
    {
      const metadata = new grpc.Metadata();
      metadata.set('traceparent', TRACEPARENT);
      const { reply } = await unary(client, 'Echo', { message: 't' }, {}, metadata);
      assert.equal(reply.trace_id, TRACE_ID);
    }

    // Errors arrive as gRPC statuses with their messages; internals stay inside.
    await assert.rejects(unary(client, 'Echo', { fail: 'throw' }),
      (e) => e.code === grpc.status.INTERNAL && e.details === 'Internal Server Error');
    await assert.rejects(unary(client, 'Fast', { fail: 'not-found', message: '9' }),
      (e) => e.code === grpc.status.NOT_FOUND && e.details === 'No entity found with id: 9');

    // The deadline: grpc-timeout reaches the handler, and a call past it ends DEADLINE_EXCEEDED on time.
    {
      const { reply } = await unary(client, 'Echo', { message: 'd' }, { deadline: Date.now() + 4000 });
      assert.ok(reply.deadline_left_ms > 2000 && reply.deadline_left_ms <= 4000, String(reply.deadline_left_ms));
      const started = Date.now();
      await assert.rejects(unary(client, 'Echo', { delay_ms: 5000 }, { deadline: Date.now() + 300 }),
        (e) => e.code === grpc.status.DEADLINE_EXCEEDED);
      assert.ok(Date.now() - started < 2000);
    }

    // A server stream, in order.
    {
      const indexes = [];
      await new Promise((resolve, reject) => {
        const call = client.Count({ count: 20 });
        call.on('data', (r) => indexes.push(r.index));
        call.on('end', resolve);
        call.on('error', reject);
      });
      assert.deepEqual(indexes, Array.from({ length: 20 }, (_, i) => i + 1));
    }

    // Cancelling a stream mid-way: the client sees CANCELLED, and the server keeps serving.
    {
      const code = await new Promise((resolve) => {
        const call = client.Count({ count: 1000, interval_ms: 20 });
        let seen = 0;
        call.on('data', () => { if (++seen === 2) call.cancel(); });
        call.on('error', (e) => resolve(e.code));
        call.on('end', () => resolve('end'));
      });
      assert.equal(code, grpc.status.CANCELLED);
      assert.equal((await unary(client, 'Fast', { message: 'after' })).reply.message, 'after');
    }

    // Health: Check for the server and the service, NOT_FOUND for a stranger, and Watch through the drain.
    const check = (service) => new Promise((resolve, reject) =>
      healthClient.Check({ service }, (e, r) => (e ? reject(e) : resolve(r.status))));
    assert.equal(await check(''), 'SERVING');
    assert.equal(await check('gofr.test.Probe'), 'SERVING');
    await assert.rejects(check('no.Such'), (e) => e.code === grpc.status.NOT_FOUND);
    const statuses = [];
    const watchEnded = new Promise((resolve) => {
      const call = healthClient.Watch({ service: 'gofr.test.Probe' });
      call.on('data', (r) => {
        statuses.push(r.status);
        if (statuses.length === 1) service.kill('SIGTERM');
      });
      call.on('error', (e) => resolve(e.code));
      call.on('end', () => resolve('end'));
    });
    await watchEnded;
    assert.deepEqual(statuses, ['SERVING', 'NOT_SERVING']);
    assert.equal(await exited, 0, 'the service drains and exits 0 with a Watch open');
    client.close();
    healthClient.close();
    console.log('grpc-js interop: OK');
  } finally {
    service.kill('SIGKILL');
  }
}

main().catch((e) => { console.error(e); process.exit(1); });

// What OpenTelemetry JS's Zipkin exporter (@opentelemetry/exporter-zipkin, toZipkinSpan) makes of the spans that
// check_zipkin_payloads.py sends on stdin as JSON; prints the Zipkin spans as a JSON array. The spans are shaped as
// the SDK's ReadableSpan: times as [seconds, nanoseconds], kinds as @opentelemetry/api's SpanKind numbers.
'use strict';

const { toZipkinSpan } = require('@opentelemetry/exporter-zipkin/build/src/transform');

const hrTime = (nanos) => [Number(BigInt(nanos) / 1000000000n), Number(BigInt(nanos) % 1000000000n)];

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const { service, spans } = JSON.parse(input);
  const out = spans.map((s) => {
    const parent = s.parentSpanId ? { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: 1, isRemote: s.parentRemote } : undefined;
    const readable = {
      name: s.name,
      kind: s.kind,
      spanContext: () => ({ traceId: s.traceId, spanId: s.spanId, traceFlags: s.traceFlags }),
      parentSpanContext: parent,  // SDK 2.x
      parentSpanId: s.parentSpanId || undefined,  // SDK 1.x
      startTime: hrTime(s.start),
      endTime: hrTime(s.end),
      duration: hrTime(BigInt(s.end) - BigInt(s.start)),
      attributes: s.attributes,
      resource: { attributes: { 'service.name': service } },
      status: { code: s.statusCode, message: s.statusMessage || undefined },
      events: s.events.map((e) => ({ name: e.name, time: hrTime(e.time), attributes: e.attributes })),
      links: [],
      droppedAttributesCount: s.dropped[0],
      droppedEventsCount: s.dropped[1],
      droppedLinksCount: s.dropped[2],
    };
    return toZipkinSpan(readable, service, 'otel.status_code', 'error');
  });
  process.stdout.write(JSON.stringify(out));
});

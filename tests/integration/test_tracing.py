"""Trace propagation and export against the real server: a stub collector on loopback receives what the server
exports, decoded with Google's protobuf runtime and the official OTLP schema (tests/interop/proto)."""
import gzip
import http.server
import json
import os
import shutil
import socket
import ssl
import sys
import tempfile
import threading
import time
import unittest

import harness
from harness import HELLO_BODY, ServerTestCase

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))
import check_otlp_payloads as otlp  # noqa: E402

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"


class Collector:
    """Accepts POSTs on a free loopback port and keeps (path, headers, body); answers `status`."""

    def __init__(self, status=200, tls=None):
        self.requests = []
        self.status = status
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                with outer.lock:
                    outer.requests.append((self.path, dict(self.headers), body))
                self.send_response(outer.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls:  # (certificate, key): serve HTTPS
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, count=1, timeout=5.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.requests) >= count:
                    return list(self.requests)
            time.sleep(0.02)
        with self.lock:
            return list(self.requests)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def spans_of(request_class, bodies):
    out = []
    for body in bodies:
        message = request_class.FromString(body)
        for resource_spans in message.resource_spans:
            resource = {kv.key: otlp.any_value(kv.value)[1] for kv in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    out.append((resource, scope_spans.scope, span))
    return out


class OtlpExportTests(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="gofr-otlp-")
        cls.request_class = otlp.compile_request_class(otlp.PROTO_ROOT, cls.workdir)

    def start_traced(self, collector, **env):
        base = {"TRACE_EXPORTER": "otlp", "TRACER_URL": "http://127.0.0.1:%d" % collector.port,
                "OTEL_BSP_SCHEDULE_DELAY": "50ms", "APP_NAME": "orders", "APP_VERSION": "1.2.3"}
        base.update(env)
        return self.start(env=base)

    def test_server_span_continues_the_caller_trace_and_is_exported(self):
        collector = Collector()
        self.addCleanup(collector.close)
        srv = self.start_traced(collector, TRACER_HEADERS="x-api-key=secret,x-tenant=a%20b")
        r = srv.raw1(harness.request_bytes("GET", "/hello", {
            "traceparent": "00-%s-%s-01" % (TRACE_ID, PARENT_ID), "tracestate": "congo=t61rcWkgMzE"}))
        self.assertEqual(r.body, HELLO_BODY)
        self.assertEqual(r.header("x-correlation-id"), TRACE_ID)
        requests = collector.wait()
        self.assertTrue(requests, "nothing exported:\n" + srv.stderr())
        path, headers, _ = requests[0]
        self.assertEqual(path, "/v1/traces")
        self.assertEqual(headers.get("Content-Type"), "application/x-protobuf")
        self.assertEqual(headers.get("x-api-key"), "secret")
        self.assertEqual(headers.get("x-tenant"), "a b")
        spans = spans_of(self.request_class, [b for _, _, b in requests])
        self.assertEqual(len(spans), 1)
        resource, scope, span = spans[0]
        self.assertEqual(resource["service.name"], "orders")
        self.assertEqual(resource["service.version"], "1.2.3")
        self.assertEqual(resource["telemetry.sdk.language"], "cpp")
        self.assertTrue(scope.name.startswith("gofr-"))
        self.assertEqual(span.trace_id.hex(), TRACE_ID)
        self.assertEqual(span.parent_span_id.hex(), PARENT_ID)
        self.assertNotEqual(span.span_id.hex(), PARENT_ID)
        self.assertEqual(span.trace_state, "congo=t61rcWkgMzE")
        self.assertEqual(span.name, "GET /hello")
        self.assertEqual(span.kind, 2)  # SPAN_KIND_SERVER
        attrs = {kv.key: otlp.any_value(kv.value)[1] for kv in span.attributes}
        self.assertEqual(attrs["http.request.method"], "GET")
        self.assertEqual(attrs["http.route"], "/hello")
        self.assertEqual(attrs["http.response.status_code"], 200)
        self.assertEqual(attrs["url.path"], "/hello")
        self.assertEqual(attrs["url.scheme"], "http")
        self.assertGreater(span.end_time_unix_nano, span.start_time_unix_nano)

    def server_span(self, collector, name):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            for _, _, span in spans_of(self.request_class, [b for _, _, b in collector.wait(1, timeout=0.2)]):
                if span.name == name:
                    return span
        self.fail("no span named %r was exported" % name)

    def test_server_span_attributes_of_a_failed_request(self):
        collector = Collector()
        self.addCleanup(collector.close)
        srv = self.start_traced(collector)
        r = srv.raw1(harness.request_bytes("GET", "/errors/panic?x=1&y=%C3%A9", {"User-Agent": "probe/1.0"},
                                           host="api.example:8443"))
        self.assertEqual(r.status, 500)
        span = self.server_span(collector, "GET /errors/panic")
        attrs = {kv.key: otlp.any_value(kv.value)[1] for kv in span.attributes}
        self.assertEqual(attrs, {
            "http.request.method": "GET", "http.response.status_code": 500, "http.route": "/errors/panic",
            "url.path": "/errors/panic", "url.query": "x=1&y=%C3%A9", "url.scheme": "http",
            "network.protocol.version": "1.1", "server.address": "api.example", "server.port": 8443,
            "user_agent.original": "probe/1.0", "client.address": "127.0.0.1",
            "network.peer.port": attrs.get("network.peer.port"), "error.type": "500"})
        self.assertGreater(attrs["network.peer.port"], 0)
        self.assertEqual(span.status.code, 2)  # STATUS_CODE_ERROR: 5xx on a server span
        # A 4xx is the client's error: the server span's status stays unset.
        self.assertEqual(srv.get("/errors/not-found").status, 404)
        span = self.server_span(collector, "GET /errors/not-found")
        self.assertEqual(span.status.code, 0)
        self.assertNotIn("error.type", {kv.key for kv in span.attributes})

    def test_server_span_of_a_streamed_response_lasts_until_the_body_is_sent(self):
        collector = Collector()
        self.addCleanup(collector.close)
        srv = self.start_traced(collector)
        r = srv.get("/stream?parts=10")  # ten parts, 5 ms apart, written after the handler returned
        self.assertEqual(r.status, 200)
        span = self.server_span(collector, "GET /stream")
        self.assertGreaterEqual(span.end_time_unix_nano - span.start_time_unix_nano, 50 * 1000 * 1000)

    def test_child_span_from_ctx_trace_and_log_correlation(self):
        collector = Collector()
        self.addCleanup(collector.close)
        srv = self.start_traced(collector)
        r = srv.get("/traced")
        self.assertEqual(r.status, 200, r)
        trace_id = r.header("x-correlation-id")
        requests = collector.wait()
        spans = {s.name: s for _, _, s in spans_of(self.request_class, [b for _, _, b in collector.wait(1)])}
        deadline = time.monotonic() + 3
        while len(spans) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
            spans = {s.name: s for _, _, s in spans_of(self.request_class, [b for _, _, b in collector.wait(1)])}
        self.assertIn("GET /traced", spans)
        self.assertIn("load-user", spans)
        server, child = spans["GET /traced"], spans["load-user"]
        self.assertEqual(child.trace_id.hex(), trace_id)
        self.assertEqual(child.parent_span_id, server.span_id)
        self.assertEqual(child.kind, 1)  # INTERNAL
        self.assertEqual([e.name for e in child.events], ["cache-miss"])
        self.assertEqual({kv.key: otlp.any_value(kv.value)[1] for kv in child.attributes}, {"user.id": 42})
        self.assertFalse(server.parent_span_id)  # a root: nothing came in
        # The handler's log line carries the trace id and the child span's id.
        self.assertTrue(srv.wait_stdout("loaded the user"), srv.stdout())
        line = next(json.loads(l) for l in srv.stdout().splitlines() if "loaded the user" in l)
        self.assertEqual(line["trace_id"], trace_id)
        self.assertEqual(line["span_id"], child.span_id.hex())
        del requests

    def test_unsampled_caller_is_not_exported_but_still_correlated(self):
        collector = Collector()
        self.addCleanup(collector.close)
        srv = self.start_traced(collector)
        r = srv.raw1(harness.request_bytes("GET", "/hello", {"traceparent": "00-%s-%s-00" % (TRACE_ID, PARENT_ID)}))
        self.assertEqual(r.header("x-correlation-id"), TRACE_ID)
        time.sleep(0.4)
        self.assertEqual(collector.wait(1, timeout=0.1), [])

    def test_ratio_zero_exports_nothing_for_new_traces(self):
        collector = Collector()
        self.addCleanup(collector.close)
        srv = self.start_traced(collector, TRACER_RATIO="0")
        for _ in range(5):
            self.assertEqual(srv.get("/hello").status, 200)
        time.sleep(0.4)
        self.assertEqual(collector.wait(1, timeout=0.1), [])

    def test_dead_collector_never_fails_or_slows_requests(self):
        with socket.socket() as s:  # a port with nothing listening
            s.bind(("127.0.0.1", 0))
            dead = s.getsockname()[1]
        srv = self.start(env={"TRACE_EXPORTER": "otlp", "TRACER_URL": "http://127.0.0.1:%d" % dead,
                              "OTEL_BSP_SCHEDULE_DELAY": "20ms"})
        t0 = time.monotonic()
        for _ in range(50):
            self.assertEqual(srv.get("/hello").status, 200)
        self.assertLess(time.monotonic() - t0, 3.0)
        time.sleep(0.3)
        errors = [l for l in srv.stderr().splitlines() if "failed to export" in l]
        self.assertEqual(len(errors), 1, srv.stderr())  # rate-limited: one line, not one per batch

    def test_otlp_json_and_zipkin(self):
        collector = Collector()
        self.addCleanup(collector.close)
        srv = self.start_traced(collector, OTEL_EXPORTER_OTLP_PROTOCOL="http/json")
        srv.raw1(harness.request_bytes("GET", "/hello", {"traceparent": "00-%s-%s-01" % (TRACE_ID, PARENT_ID)}))
        _, headers, body = collector.wait()[0]
        self.assertEqual(headers.get("Content-Type"), "application/json")
        span = json.loads(body)["resourceSpans"][0]["scopeSpans"][0]["spans"][0]
        self.assertEqual((span["traceId"], span["parentSpanId"], span["kind"]), (TRACE_ID, PARENT_ID, 2))

        zipkin = Collector(status=202)
        self.addCleanup(zipkin.close)
        srv2 = self.start(env={"TRACE_EXPORTER": "zipkin", "APP_NAME": "orders",
                               "TRACER_URL": "http://127.0.0.1:%d/api/v2/spans" % zipkin.port,
                               "OTEL_BSP_SCHEDULE_DELAY": "50ms"})
        srv2.raw1(harness.request_bytes("GET", "/hello", {"traceparent": "00-%s-%s-01" % (TRACE_ID, PARENT_ID)}))
        path, _, body = zipkin.wait()[0]
        self.assertEqual(path, "/api/v2/spans")
        span = json.loads(body)[0]
        self.assertEqual((span["traceId"], span["parentId"], span["kind"]), (TRACE_ID, PARENT_ID, "SERVER"))
        self.assertEqual(span["localEndpoint"]["serviceName"], "orders")

    def test_spans_of_the_last_requests_are_flushed_at_shutdown(self):
        collector = Collector()
        self.addCleanup(collector.close)
        srv = self.start_traced(collector, OTEL_BSP_SCHEDULE_DELAY="60s")
        self.assertEqual(srv.get("/hello").status, 200)
        self.assertEqual(srv.stop(), 0)
        self.assertEqual(len(spans_of(self.request_class, [b for _, _, b in collector.wait()])), 1)

    @unittest.skipIf(shutil.which("openssl") is None, "openssl CLI not installed")
    def test_https_collector_is_verified_against_the_trusted_certificates(self):
        from test_tls import make_certificate
        cert, key = make_certificate(self.workdir)
        collector = Collector(tls=(cert, key))
        self.addCleanup(collector.close)
        url = "https://localhost:%d" % collector.port
        # Trusted through OpenSSL's SSL_CERT_FILE, as a private CA would be: the span arrives over TLS.
        srv = self.start_traced(collector, TRACER_URL=url, SSL_CERT_FILE=cert)
        self.assertEqual(srv.get("/hello").status, 200)
        self.assertTrue(collector.wait(1), srv.stderr()[-2000:])
        # Not trusted: nothing is exported, the request is served all the same and the failure is logged.
        untrusted = Collector(tls=(cert, key))
        self.addCleanup(untrusted.close)
        srv = self.start_traced(untrusted, TRACER_URL="https://localhost:%d" % untrusted.port)
        self.assertEqual(srv.get("/hello").status, 200)
        self.assertEqual(untrusted.wait(1, timeout=1.0), [])

    def test_bad_tracing_config_fails_startup(self):
        for env, needle in (({"TRACE_EXPORTER": "carrier-pigeon"}, "TRACE_EXPORTER"),
                            ({"TRACE_EXPORTER": "zipkin"}, "TRACER_URL"),
                            ({"TRACER_RATIO": "2"}, "TRACER_RATIO"),
                            ({"TRACE_EXPORTER": "otlp", "TRACER_URL": "http://x", "TRACER_HEADERS": "novalue"},
                             "TRACER_HEADERS")):
            with self.subTest(env=env):
                code, out, err = harness.run_to_exit(env=env)
                self.assertEqual(code, 1, out + err)
                self.assertIn(needle, out + err)


class OtlpGrpcExportTests(ServerTestCase):
    """GoFr's form, TRACER_URL=host:port, against a real gRPC server (Python grpcio) as the collector."""

    METHOD = "/opentelemetry.proto.collector.trace.v1.TraceService/Export"

    @classmethod
    def setUpClass(cls):
        try:
            import grpc  # noqa: F401
        except ImportError:
            raise unittest.SkipTest("python3-grpcio not installed")
        cls.workdir = tempfile.mkdtemp(prefix="gofr-otlp-grpc-")
        cls.request_class = otlp.compile_request_class(otlp.PROTO_ROOT, cls.workdir)

    def start_collector(self):
        import grpc
        from concurrent import futures
        received = []
        method = self.METHOD

        class Handler(grpc.GenericRpcHandler):
            def service(self, details):
                if details.method != method:
                    return None

                def export(request, context):
                    received.append((request, dict(context.invocation_metadata())))
                    return b""  # an empty ExportTraceServiceResponse

                return grpc.unary_unary_rpc_method_handler(export)

        server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        server.add_generic_rpc_handlers((Handler(),))
        port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        self.addCleanup(server.stop, None)
        return port, received

    def test_spans_reach_a_grpc_collector(self):
        port, received = self.start_collector()
        srv = self.start(env={"TRACE_EXPORTER": "jaeger", "TRACER_URL": "127.0.0.1:%d" % port,
                              "TRACER_AUTH_KEY": "Bearer token-1", "OTEL_BSP_SCHEDULE_DELAY": "50ms",
                              "APP_NAME": "orders"})
        srv.raw1(harness.request_bytes("GET", "/hello", {"traceparent": "00-%s-%s-01" % (TRACE_ID, PARENT_ID)}))
        deadline = time.monotonic() + 5
        while not received and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertTrue(received, "nothing exported:\n" + srv.stderr())
        body, metadata = received[0]
        self.assertEqual(metadata.get("authorization"), "Bearer token-1")
        spans = spans_of(self.request_class, [body])
        self.assertEqual(len(spans), 1)
        resource, _, span = spans[0]
        self.assertEqual(resource["service.name"], "orders")
        self.assertEqual((span.trace_id.hex(), span.parent_span_id.hex()), (TRACE_ID, PARENT_ID))
        self.assertEqual(span.name, "GET /hello")


if __name__ == "__main__":
    unittest.main()

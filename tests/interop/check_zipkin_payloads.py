"""Checks our Zipkin v2 and GoFr exporter JSON against the Zipkin v2 model and against OpenTelemetry JS.

export_payloads (tests/interop/export_payloads.cpp) encodes the batch of export_fixture.py. This test
  * validates the Zipkin payload with python3-jsonschema against zipkin2-span.schema.json, a JSON Schema
    transcription of zipkin2-api.yaml's Span model, and the GoFr payload against the same model less its
    duration >= 1 rule (GoFr truncates, so a sub-microsecond span has duration 0);
  * compares both payloads, span by span, with the spans written out by hand below from the OpenTelemetry Zipkin
    mapping and GoFr's exporter (pkg/gofr/exporter.go);
  * when Go is installed (golang-go), rebuilds the GoFr body and the Go Zipkin exporter's tag and annotation
    spellings with Go's own encoding/json, strconv and fmt (go_reference.go) and requires the same bytes;
  * when Node.js and @opentelemetry/exporter-zipkin are installed (GOFR_NODE_MODULES, default
    /opt/gofr-interop-node/node_modules, see scripts/install-deps.sh), feeds the same spans to that exporter's
    toZipkinSpan and compares, allowing only the differences listed in test_matches_opentelemetry_js.

Run with /usr/bin/python3; GOFR_EXPORT_PAYLOADS names the export_payloads binary (default build/tests/export_payloads).
"""

import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import export_fixture as fx  # noqa: E402
import jsonschema  # noqa: E402

SCHEMA_PATH = os.path.join(fx.HERE, "zipkin2-span.schema.json")
NODE_MODULES = os.environ.get("GOFR_NODE_MODULES", "/opt/gofr-interop-node/node_modules")

T1 = fx.TRACE_1
ENDPOINT = {"serviceName": "order-service"}

# The fixture as Zipkin v2 spans: times rounded to the nearest microsecond, duration at least 1, no kind for
# INTERNAL, attributes + service.name + status + dropped counts as string tags (floats as Go's %v, arrays as JSON),
# events as annotations with their attributes as JSON (Go's encoding/json, which escapes <, > and &).
ZIPKIN = [
    {"traceId": T1, "parentId": "b7ad6b7169203331", "id": "00f067aa0ba902b7", "kind": "SERVER",
     "name": "GET /orders/{id}", "timestamp": 1700000000123457, "duration": 100000, "localEndpoint": ENDPOINT,
     "annotations": [{"timestamp": 1700000000200000,
                      "value": 'exception: {"exception.message":"db \\u003ctimeout\\u003e \\u0026 \\"retry\\"",'
                               '"exception.type":"std::runtime_error"}'}],
     "tags": {"error": "db <timeout>", "http.request.method": "GET", "http.response.status_code": "500",
              "http.route": "/orders/{id}", "otel.dropped_attributes_count": "1", "otel.status_code": "ERROR",
              "service.name": "order-service"}},
    {"traceId": T1, "parentId": "00f067aa0ba902b7", "id": "53995c3f42cd8ad8", "kind": "CLIENT",
     "name": "GET inventory /items", "timestamp": 1700000000130000, "duration": 50001, "localEndpoint": ENDPOINT,
     "annotations": [{"timestamp": 1700000000140000, "value": "retry"},
                     {"timestamp": 1700000000150000, "value": 'sent: {"bytes":1024}'}],
     "tags": {"bool.f": "false", "bool.t": "true", "bools": "[true,false]", "double": "3.25", "double.big": "1e+21",
              "double.neg": "-0.5", "double.small": "1e-07", "doubles": "[1.5,-2.25]", "empty": "", "empty.ints": "[]",
              "int": "-42", "int.max": "9223372036854775807", "ints": "[1,-2,3]", "otel.dropped_events_count": "2",
              "otel.dropped_links_count": "3", "otel.status_code": "OK", "service.name": "order-service",
              "str": "h\u00e9llo \u2603", "strings": '["a","b,c","\\"q\\""]'}},
    {"traceId": T1, "parentId": "00f067aa0ba902b7", "id": "1a2b3c4d5e6f7081", "name": "render",
     "timestamp": 1700000000190000, "duration": 1, "localEndpoint": ENDPOINT,
     "tags": {"service.name": "order-service"}},
    {"traceId": T1, "parentId": "53995c3f42cd8ad8", "id": "2b3c4d5e6f708192", "kind": "PRODUCER",
     "name": "kafka-publish orders", "timestamp": 1700000000160000, "duration": 2, "localEndpoint": ENDPOINT,
     "tags": {"messaging.system": "kafka", "service.name": "order-service"}},
    {"traceId": "5bf92f3577b34da6a3ce929d0e0e4737", "id": "3c4d5e6f708192a3", "kind": "CONSUMER",
     "name": "kafka-subscribe orders", "timestamp": 1700000001000000, "duration": 400, "localEndpoint": ENDPOINT,
     "tags": {"service.name": "order-service"}},
]

# The fixture as GoFr's exporter sends it: microseconds truncated, a root's parentId all zeros, attributes and the
# resource's service.name as string tags (floats as strconv 'f'), nothing else.
GOFR_FIELDS = ["traceId", "id", "parentId", "name", "timestamp", "duration", "tags", "localEndpoint"]
GOFR = [
    {"traceId": T1, "id": "00f067aa0ba902b7", "parentId": "b7ad6b7169203331", "name": "GET /orders/{id}",
     "timestamp": 1700000000123456, "duration": 100000,
     "tags": {"http.request.method": "GET", "http.response.status_code": "500", "http.route": "/orders/{id}",
              "service.name": "order-service"},
     "localEndpoint": ENDPOINT},
    {"traceId": T1, "id": "53995c3f42cd8ad8", "parentId": "00f067aa0ba902b7", "name": "GET inventory /items",
     "timestamp": 1700000000130000, "duration": 50000,
     "tags": {"bool.f": "false", "bool.t": "true", "bools": "[true,false]", "double": "3.25",
              "double.big": "1000000000000000000000", "double.neg": "-0.5", "double.small": "0.0000001",
              "doubles": "[1.5,-2.25]", "empty": "", "empty.ints": "[]", "int": "-42",
              "int.max": "9223372036854775807", "ints": "[1,-2,3]", "service.name": "order-service",
              "str": "h\u00e9llo \u2603", "strings": '["a","b,c","\\"q\\""]'},
     "localEndpoint": ENDPOINT},
    {"traceId": T1, "id": "1a2b3c4d5e6f7081", "parentId": "00f067aa0ba902b7", "name": "render",
     "timestamp": 1700000000190000, "duration": 0, "tags": {"service.name": "order-service"},
     "localEndpoint": ENDPOINT},
    {"traceId": T1, "id": "2b3c4d5e6f708192", "parentId": "53995c3f42cd8ad8", "name": "kafka-publish orders",
     "timestamp": 1700000000160000, "duration": 1,
     "tags": {"messaging.system": "kafka", "service.name": "order-service"}, "localEndpoint": ENDPOINT},
    {"traceId": "5bf92f3577b34da6a3ce929d0e0e4737", "id": "3c4d5e6f708192a3", "parentId": "0000000000000000",
     "name": "kafka-subscribe orders", "timestamp": 1700000001000000, "duration": 400,
     "tags": {"service.name": "order-service"}, "localEndpoint": ENDPOINT},
]

# @opentelemetry/api SpanKind numbers, by OTLP kind number.
JS_KIND = {1: 0, 2: 1, 3: 2, 4: 3, 5: 4}


def load_schema():
    with open(SCHEMA_PATH) as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    return schema


class ZipkinPayloads(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        payloads = fx.export_payloads()
        cls.zipkin_text = payloads["zipkin_json"].decode("utf-8")
        cls.gofr_text = payloads["gofr_json"].decode("utf-8")
        cls.zipkin = json.loads(cls.zipkin_text)
        cls.gofr = json.loads(cls.gofr_text)

    def assert_valid(self, schema, document):
        errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(document), key=lambda e: list(e.path))
        self.assertEqual([], ["%s: %s" % (list(e.path), e.message) for e in errors])

    def test_zipkin_is_valid_v2(self):
        self.assert_valid(load_schema(), self.zipkin)

    def test_the_schema_rejects_what_zipkin_would(self):
        schema = load_schema()
        for mutate in (lambda s: s.update(traceId=s["traceId"].upper()), lambda s: s.update(duration=0),
                       lambda s: s.pop("id"), lambda s: s.update(kind="INTERNAL"),
                       lambda s: s["tags"].update(n=1), lambda s: s.update(timestamp=1.5)):
            span = copy.deepcopy(self.zipkin[0])
            mutate(span)
            self.assertFalse(jsonschema.Draft7Validator(schema).is_valid([span]), span)

    def test_zipkin_spans_match_the_fixture(self):
        self.assertEqual(len(self.zipkin), len(ZIPKIN))
        for got, want in zip(self.zipkin, ZIPKIN):
            with self.subTest(span=want["name"]):
                self.assertEqual(got, want)
        # The attributes riding in an annotation are a JSON object of the event's typed attribute values.
        value = self.zipkin[0]["annotations"][0]["value"]
        name, _, attributes = value.partition(": ")
        self.assertEqual((name, json.loads(attributes)),
                         ("exception", {k: v for k, _, v in fx.SPANS[0]["events"][0][2]}))

    def test_gofr_is_zipkin_shaped(self):
        schema = load_schema()
        schema["definitions"]["Span"]["properties"]["duration"]["minimum"] = 0
        self.assert_valid(schema, self.gofr)

    def test_gofr_spans_match_the_fixture(self):
        self.assertEqual(len(self.gofr), len(GOFR))
        for got, want in zip(self.gofr, GOFR):
            with self.subTest(span=want["name"]):
                self.assertEqual(got, want)
                # Go's json.Marshal: struct fields in declaration order, map keys sorted.
                self.assertEqual(list(got), GOFR_FIELDS)
                self.assertEqual(list(got["tags"]), sorted(got["tags"]))
        # ... and byte for byte what json.Marshal writes: compact, non-ASCII as is, <, > and & as \u escapes.
        go_json = json.dumps(GOFR, separators=(",", ":"), ensure_ascii=False)
        go_json = go_json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        self.assertEqual(self.gofr_text, go_json)

    def test_matches_go_standard_library(self):
        go = shutil.which("go")
        if go is None:
            self.skipTest("go not installed (golang-go, see scripts/install-deps.sh)")
        spans = [{"traceId": s["trace_id"], "spanId": s["span_id"], "parentSpanId": s["parent_span_id"],
                  "name": s["name"], "start": str(s["start"]), "end": str(s["end"]),
                  "attributes": [list(a) for a in s["attributes"]],
                  "events": [{"name": n, "time": str(t), "attributes": [list(x) for x in a]}
                             for n, t, a in s["events"]]} for s in fx.SPANS]
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, GO111MODULE="off", GOPROXY="off", GOFLAGS="")
            env.setdefault("GOCACHE", os.path.join(tmp, "gocache"))
            result = subprocess.run([go, "run", os.path.join(fx.HERE, "go_reference.go")],
                                    input=json.dumps({"service": fx.SERVICE, "spans": spans}), env=env, cwd=tmp,
                                    capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        reference = json.loads(result.stdout)
        self.assertEqual(self.gofr_text, reference["gofr"])
        for ours, tags, annotations in zip(self.zipkin, reference["zipkinTags"], reference["zipkinAnnotations"]):
            with self.subTest(span=ours["name"]):
                self.assertEqual({k: ours["tags"][k] for k in tags}, tags)
                self.assertEqual([a["value"] for a in ours.get("annotations", [])], annotations)

    def test_matches_opentelemetry_js(self):
        node = shutil.which("node")
        transform = os.path.join(NODE_MODULES, "@opentelemetry", "exporter-zipkin", "build", "src", "transform.js")
        if node is None or not os.path.exists(transform):
            self.skipTest("node or @opentelemetry/exporter-zipkin not installed (see scripts/install-deps.sh)")
        spans = []
        for s in fx.SPANS:
            spans.append({
                "name": s["name"], "kind": JS_KIND[s["kind"]], "traceId": s["trace_id"], "spanId": s["span_id"],
                "parentSpanId": s["parent_span_id"], "parentRemote": s["parent_remote"],
                "traceFlags": s["trace_flags"], "start": str(s["start"]), "end": str(s["end"]),
                "attributes": {k: v for k, _, v in s["attributes"]},
                "statusCode": s["status"][0], "statusMessage": s["status"][1],
                "events": [{"name": n, "time": str(t), "attributes": {k: v for k, _, v in a}}
                           for n, t, a in s["events"]],
                "dropped": list(s["dropped"]),
            })
        env = dict(os.environ, NODE_PATH=NODE_MODULES)
        result = subprocess.run([node, os.path.join(fx.HERE, "zipkin_reference.js")],
                                input=json.dumps({"service": fx.SERVICE, "spans": spans}), env=env,
                                capture_output=True, text=True, check=True)
        reference = json.loads(result.stdout)
        self.assertEqual(len(reference), len(self.zipkin))
        for ours, js, fixture in zip(self.zipkin, reference, fx.SPANS):
            with self.subTest(span=fixture["name"]):
                for key in ("traceId", "parentId", "id", "kind", "name", "localEndpoint"):
                    self.assertEqual(ours.get(key), js.get(key), key)
                # JS leaves the start unrounded (fractional microseconds); Zipkin wants whole ones.
                self.assertEqual(ours["timestamp"], round(js["timestamp"]))
                # Zipkin: "durations of less than one are rounded up"; JS sends 0 for a zero-length span.
                self.assertEqual(ours["duration"], max(js["duration"], 1))
                # JS stringifies arrays with String() ("1,2"); the OTel Zipkin mapping and Go say JSON ("[1,2]").
                # JS numbers are doubles, so it cannot spell int64 max. Go's %v writes 1e-07 where JS writes 1e-7.
                differ = {k for k, t, _ in fixture["attributes"] if t.endswith("[]")} | {"int.max", "double.small"}
                self.assertEqual({k: v for k, v in ours["tags"].items() if k not in differ},
                                 {k: v for k, v in js["tags"].items() if k not in differ})
                self.assertEqual(set(ours["tags"]), set(js["tags"]))
                # JS annotations carry the event name only; the mapping (and Go) append the attributes as JSON.
                self.assertEqual(len(ours.get("annotations", [])), len(js.get("annotations", [])))
                for a, b in zip(ours.get("annotations", []), js.get("annotations", [])):
                    self.assertEqual(a["timestamp"], b["timestamp"])
                    self.assertTrue(a["value"] == b["value"] or a["value"].startswith(b["value"] + ": "), a)


if __name__ == "__main__":
    unittest.main()

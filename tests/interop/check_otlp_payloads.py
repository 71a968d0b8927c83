"""Decodes our OTLP payloads with Google's protobuf runtime and the official OTLP schema.

export_payloads (a C++ program built from tests/interop/export_payloads.cpp) encodes the batch of export_fixture.py;
this test compiles the vendored opentelemetry-proto files (tests/interop/proto, see its README) with protoc, loads
them into Google's runtime (Debian's python3-protobuf) and checks that:
  * the protobuf payload parses as an ExportTraceServiceRequest holding exactly the fixture, including the
    Span/Link `flags` words, and is the canonical encoding (the runtime re-serialises it to the same bytes);
  * a receiver built from the vendored, older schema (without the `flags` fields) still parses it;
  * the JSON payload follows the OTLP/JSON rules (hex ids, integer enums, lowerCamelCase keys, 64-bit integers as
    strings) and, read by json_format with the ids turned into proto3's base64, is the same message.

Needs: protoc (protobuf-compiler) and python3-protobuf. Run with /usr/bin/python3; GOFR_EXPORT_PAYLOADS names the
export_payloads binary (default build/tests/export_payloads).
"""

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import export_fixture as fx  # noqa: E402
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory  # noqa: E402

PROTO_ROOT = os.path.join(fx.HERE, "proto")
SERVICE_PROTO = "opentelemetry/proto/collector/trace/v1/trace_service.proto"
TRACE_PROTO = "opentelemetry/proto/trace/v1/trace.proto"
REQUEST = "opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest"


def add_flags_fields(text):
    """The vendored trace.proto plus the two fields current OTLP added: Span.flags = 16 and Span.Link.flags = 6,
    both fixed32 (opentelemetry-proto's trace.proto). Each anchor must occur exactly once."""
    edits = [
        ("  uint32 dropped_links_count = 14;\n", "  fixed32 flags = 16;\n"),  # Span
        ("    uint32 dropped_attributes_count = 5;\n", "    fixed32 flags = 6;\n"),  # Span.Link
    ]
    for anchor, field in edits:
        assert text.count(anchor) == 1, anchor
        text = text.replace(anchor, anchor + field)
    return text


def compile_request_class(proto_root, workdir):
    """protoc compiles the schema to a descriptor set; a fresh descriptor pool per schema variant keeps the two
    variants (same file and message names) apart in one process."""
    out = os.path.join(workdir, "descriptors.pb")
    subprocess.run(["protoc", "-I", proto_root, "--include_imports", "--descriptor_set_out=" + out, SERVICE_PROTO],
                   check=True)
    with open(out, "rb") as f:
        files = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    for file_proto in files.file:
        pool.Add(file_proto)
    return message_factory.MessageFactory(pool).GetPrototype(pool.FindMessageTypeByName(REQUEST))


def any_value(value):
    """(type, python value) of an AnyValue, typed as in export_fixture; an empty array is ("[]", [])."""
    which = value.WhichOneof("value")
    if which == "array_value":
        items = [any_value(v) for v in value.array_value.values]
        if not items:
            return "[]", []
        kinds = {k for k, _ in items}
        assert len(kinds) == 1, "heterogeneous array"
        return kinds.pop() + "[]", [v for _, v in items]
    kind = {"string_value": "string", "bool_value": "bool", "int_value": "int", "double_value": "double"}[which]
    return kind, getattr(value, which)


def attributes(key_values):
    return [(kv.key,) + any_value(kv.value) for kv in key_values]


def expected_attributes(fixture_attributes):
    return [(k, "[]", []) if t.endswith("[]") and not v else (k, t, v) for k, t, v in fixture_attributes]


class OtlpPayloads(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="otlp-interop-")
        cls.payloads = fx.export_payloads()
        vendored_dir = os.path.join(cls.tmp, "vendored")
        os.mkdir(vendored_dir)
        cls.VendoredRequest = compile_request_class(PROTO_ROOT, vendored_dir)
        current_root = os.path.join(cls.tmp, "current")
        shutil.copytree(PROTO_ROOT, current_root)
        trace_proto = os.path.join(current_root, TRACE_PROTO)
        with open(trace_proto) as f:
            patched = add_flags_fields(f.read())
        with open(trace_proto, "w") as f:
            f.write(patched)
        cls.Request = compile_request_class(current_root, cls.tmp)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def decode(self):
        request = self.Request()
        request.ParseFromString(self.payloads["otlp_protobuf"])
        return request

    def test_protobuf_holds_the_fixture(self):
        request = self.decode()
        self.assertEqual(len(request.resource_spans), 1)
        resource_spans = request.resource_spans[0]
        self.assertEqual(attributes(resource_spans.resource.attributes), fx.RESOURCE)
        self.assertEqual(len(resource_spans.scope_spans), 1)
        scope_spans = resource_spans.scope_spans[0]
        self.assertEqual((scope_spans.scope.name, scope_spans.scope.version), fx.SCOPE)
        self.assertEqual(len(scope_spans.spans), len(fx.SPANS))
        for span, want in zip(scope_spans.spans, fx.SPANS):
            with self.subTest(span=want["name"]):
                self.check_span(span, want)

    def check_span(self, span, want):
        self.assertEqual(span.trace_id.hex(), want["trace_id"])
        self.assertEqual(span.span_id.hex(), want["span_id"])
        self.assertEqual(span.parent_span_id.hex(), want["parent_span_id"])  # empty bytes for a root
        self.assertEqual(span.trace_state, want["trace_state"])
        self.assertEqual(span.name, want["name"])
        self.assertEqual(span.kind, want["kind"])
        self.assertEqual(span.DESCRIPTOR.enum_types_by_name["SpanKind"].values_by_number[span.kind].name,
                         ["", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER",
                          "SPAN_KIND_CONSUMER"][want["kind"]])
        self.assertEqual(span.start_time_unix_nano, want["start"])
        self.assertEqual(span.end_time_unix_nano, want["end"])
        # bits 0-7 the W3C flags; bit 8 "remoteness known", always; bit 9 the parent is remote.
        self.assertEqual(span.flags, want["trace_flags"] | fx.HAS_IS_REMOTE
                         | (fx.IS_REMOTE if want["parent_remote"] else 0))
        self.assertEqual(attributes(span.attributes), expected_attributes(want["attributes"]))
        self.assertEqual([(e.name, e.time_unix_nano, attributes(e.attributes)) for e in span.events],
                         [(n, t, expected_attributes(a)) for n, t, a in want["events"]])
        links = [(link.trace_id.hex(), link.span_id.hex(), link.flags, link.trace_state, attributes(link.attributes))
                 for link in span.links]
        self.assertEqual(links, [(t, s, f | fx.HAS_IS_REMOTE | (fx.IS_REMOTE if remote else 0), state,
                                  expected_attributes(a)) for t, s, f, remote, state, a in want["links"]])
        self.assertEqual((span.status.code, span.status.message), want["status"])
        self.assertEqual(span.HasField("status"), want["status"][0] != 0)  # UNSET is sent as no Status at all
        self.assertEqual((span.dropped_attributes_count, span.dropped_events_count, span.dropped_links_count),
                         want["dropped"])

    def test_protobuf_is_canonical(self):
        # Google's serialiser writes fields in number order and leaves defaults out; equal bytes mean we do too.
        self.assertEqual(self.decode().SerializeToString(deterministic=True), self.payloads["otlp_protobuf"])

    def test_an_older_receiver_still_parses_it(self):
        request = self.VendoredRequest()
        request.ParseFromString(self.payloads["otlp_protobuf"])
        spans = request.resource_spans[0].scope_spans[0].spans
        self.assertEqual([s.name for s in spans], [w["name"] for w in fx.SPANS])
        self.assertFalse(hasattr(spans[0], "flags"))
        # The unknown `flags` fields are kept and re-sent in place (they are the last field of Span and Link).
        self.assertEqual(request.SerializeToString(deterministic=True), self.payloads["otlp_protobuf"])

    def test_json_follows_the_otlp_json_rules(self):
        document = json.loads(self.payloads["otlp_json"].decode("utf-8"))
        hex_id = {16: re.compile(r"^[0-9a-f]{32}$"), 8: re.compile(r"^[0-9a-f]{16}$")}
        decimal = re.compile(r"^-?[0-9]+$")

        def walk(node, path):
            if isinstance(node, dict):
                for key, value in node.items():
                    # lowerCamelCase field names (receivers MUST also accept snake_case, senders use camelCase)
                    self.assertRegex(key, r"^[a-z][A-Za-z]*$", path)
                    where = path + "." + key
                    if key == "traceId":
                        self.assertRegex(value, hex_id[16], where)
                    elif key in ("spanId", "parentSpanId"):
                        self.assertRegex(value, hex_id[8], where)
                    elif key in ("startTimeUnixNano", "endTimeUnixNano", "timeUnixNano", "intValue"):
                        self.assertIsInstance(value, str, where)  # 64-bit integers are strings
                        self.assertRegex(value, decimal, where)
                    elif key in ("kind", "code", "flags") or key.startswith("dropped"):
                        self.assertIsInstance(value, int, where)  # enums are integers, never names
                        self.assertNotIsInstance(value, bool, where)
                    walk(value, where)
            elif isinstance(node, list):
                for i, item in enumerate(node):
                    walk(item, "%s[%d]" % (path, i))

        walk(document, "$")
        spans = document["resourceSpans"][0]["scopeSpans"][0]["spans"]
        self.assertEqual([s["traceId"] for s in spans], [w["trace_id"] for w in fx.SPANS])
        self.assertEqual([s.get("parentSpanId", "") for s in spans], [w["parent_span_id"] for w in fx.SPANS])

    def test_json_is_the_same_message_as_protobuf(self):
        document = json.loads(self.payloads["otlp_json"].decode("utf-8"))

        # OTLP/JSON's one deviation from the proto3 mapping: ids are hex. Turn them into proto3's base64 so the
        # stock json_format reads them (it would otherwise take 32 hex digits as 24 base64 bytes).
        def ids_to_base64(span_or_link):
            for key in ("traceId", "spanId", "parentSpanId"):
                if key in span_or_link:
                    span_or_link[key] = base64.b64encode(bytes.fromhex(span_or_link[key])).decode("ascii")

        for span in document["resourceSpans"][0]["scopeSpans"][0]["spans"]:
            ids_to_base64(span)
            for link in span.get("links", []):
                ids_to_base64(link)
        from_json = json_format.Parse(json.dumps(document), self.Request())
        self.assertEqual(from_json, self.decode())


if __name__ == "__main__":
    unittest.main()

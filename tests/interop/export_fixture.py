"""The span batch that export_payloads.cpp encodes, restated independently for the interop checks.

Python standard library only. Times are nanoseconds since the epoch; ids are lower-case hex; attribute values are
Python values tagged with their OTel type, so a check can tell an int from a double and an empty array's type.
Change this file together with export_payloads.cpp.
"""

import os
import subprocess
import tempfile

SERVICE = "order-service"
RESOURCE = [
    ("service.name", "string", "order-service"),
    ("telemetry.sdk.language", "string", "cpp"),
    ("process.pid", "int", 4242),
]
SCOPE = ("gofr-cpp", "0.1.0")

TRACE_1 = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACESTATE = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"

# kind: the OTLP Span.SpanKind number (1 internal, 2 server, 3 client, 4 producer, 5 consumer).
# status: (OTLP Status.StatusCode number, message).
SPANS = [
    dict(
        name="GET /orders/{id}", kind=2, trace_id=TRACE_1, span_id="00f067aa0ba902b7",
        parent_span_id="b7ad6b7169203331", parent_remote=True, trace_flags=0x03, trace_state=TRACESTATE,
        start=1700000000123456789, end=1700000000223456789,
        attributes=[
            ("http.request.method", "string", "GET"),
            ("http.route", "string", "/orders/{id}"),
            ("http.response.status_code", "int", 500),
        ],
        events=[
            ("exception", 1700000000200000000, [
                ("exception.type", "string", "std::runtime_error"),
                ("exception.message", "string", 'db <timeout> & "retry"'),
            ]),
        ],
        links=[],
        status=(2, "db <timeout>"),
        dropped=(1, 0, 0),
    ),
    dict(
        name="GET inventory /items", kind=3, trace_id=TRACE_1, span_id="53995c3f42cd8ad8",
        parent_span_id="00f067aa0ba902b7", parent_remote=False, trace_flags=0x01, trace_state=TRACESTATE,
        start=1700000000130000000, end=1700000000180000500,
        attributes=[
            ("str", "string", "h\u00e9llo \u2603"),
            ("empty", "string", ""),
            ("bool.t", "bool", True),
            ("bool.f", "bool", False),
            ("int", "int", -42),
            ("int.max", "int", 9223372036854775807),
            ("double", "double", 3.25),
            ("double.neg", "double", -0.5),
            ("double.big", "double", 1e21),
            ("double.small", "double", 1e-7),
            ("bools", "bool[]", [True, False]),
            ("ints", "int[]", [1, -2, 3]),
            ("doubles", "double[]", [1.5, -2.25]),
            ("strings", "string[]", ["a", "b,c", '"q"']),
            ("empty.ints", "int[]", []),
        ],
        events=[
            ("retry", 1700000000140000000, []),
            ("sent", 1700000000150000250, [("bytes", "int", 1024)]),
        ],
        # (trace_id, span_id, trace_flags, remote, trace_state, attributes)
        links=[
            ("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203310", 0x01, True, "vendor=abc",
             [("link.kind", "string", "follows")]),
            (TRACE_1, "00f067aa0ba902b7", 0x03, False, "", []),
        ],
        status=(1, ""),
        dropped=(0, 2, 3),
    ),
    dict(
        name="render", kind=1, trace_id=TRACE_1, span_id="1a2b3c4d5e6f7081",
        parent_span_id="00f067aa0ba902b7", parent_remote=False, trace_flags=0x01, trace_state="",
        start=1700000000190000000, end=1700000000190000000,
        attributes=[], events=[], links=[], status=(0, ""), dropped=(0, 0, 0),
    ),
    dict(
        name="kafka-publish orders", kind=4, trace_id=TRACE_1, span_id="2b3c4d5e6f708192",
        parent_span_id="53995c3f42cd8ad8", parent_remote=False, trace_flags=0x01, trace_state="",
        start=1700000000160000000, end=1700000000160001500,
        attributes=[("messaging.system", "string", "kafka")], events=[], links=[], status=(0, ""),
        dropped=(0, 0, 0),
    ),
    dict(
        name="kafka-subscribe orders", kind=5, trace_id="5bf92f3577b34da6a3ce929d0e0e4737",
        span_id="3c4d5e6f708192a3", parent_span_id="", parent_remote=False, trace_flags=0x00, trace_state="",
        start=1700000001000000000, end=1700000001000400000,
        attributes=[], events=[], links=[], status=(0, ""), dropped=(0, 0, 0),
    ),
]

HAS_IS_REMOTE = 0x100  # SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK
IS_REMOTE = 0x200  # SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.normpath(os.path.join(HERE, "..", "..", "build"))


def export_payloads():
    """Runs export_payloads (GOFR_EXPORT_PAYLOADS, else build/tests/export_payloads) and returns its four payloads
    as bytes: otlp_protobuf, otlp_json, zipkin_json, gofr_json."""
    binary = os.environ.get("GOFR_EXPORT_PAYLOADS") or os.path.join(BUILD, "tests", "export_payloads")
    names = ["otlp.pb", "otlp.json", "zipkin.json", "gofr.json"]
    with tempfile.TemporaryDirectory() as tmp:
        paths = [os.path.join(tmp, n) for n in names]
        subprocess.run([binary] + paths, check=True)
        out = {}
        for key, path in zip(["otlp_protobuf", "otlp_json", "zipkin_json", "gofr_json"], paths):
            with open(path, "rb") as f:
                out[key] = f.read()
        return out

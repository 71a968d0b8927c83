#pragma once
// The interface of libgofr_otlp_grpc.so, the module that sends OTLP export requests over gRPC (ADR 0011). It is a
// plain C interface over bytes, so the module needs nothing of the framework but grpc++, and a service that exports
// over HTTP, or not at all, never loads grpc++.
#include <cstddef>

extern "C" {

struct gofr_otlp_grpc_channel;

// A channel to `target` (host:port), over TLS with the system's roots when `tls` is non-zero. Connects lazily.
using gofr_otlp_grpc_open_fn = gofr_otlp_grpc_channel* (*)(const char* target, int tls);

// One unary call to TraceService/Export with `request` (an ExportTraceServiceRequest), `metadata` as `pairs`
// name/value pairs (names lower-case), within `timeout_ms`. Returns 1 on OK; otherwise 0 with the status code and
// message written, NUL-terminated and truncated, into `error`.
using gofr_otlp_grpc_export_fn = int (*)(gofr_otlp_grpc_channel* channel, const char* request, std::size_t size,
                                         const char* const* metadata, std::size_t pairs, long long timeout_ms,
                                         char* error, std::size_t error_capacity);

using gofr_otlp_grpc_close_fn = void (*)(gofr_otlp_grpc_channel* channel);
}

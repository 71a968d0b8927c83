#pragma once
// OTLP over gRPC, the form GoFr uses for TRACE_EXPORTER=otlp|jaeger with TRACER_URL=host:port: a unary call to
// opentelemetry.proto.collector.trace.v1.TraceService/Export carrying the same ExportTraceServiceRequest bytes the
// OTLP/HTTP exporter sends. The call is made by libgofr_otlp_grpc.so, loaded when this exporter is first made
// (ADR 0011): grpc++ is 9 MB of resident pages that a service exporting over HTTP does not need.
#include <chrono>
#include <string>
#include <vector>

#include "gofr/tracing/span_data.hpp"
#include "tracing/export/http_transport.hpp"
#include "tracing/export/otlp_grpc_module.hpp"
#include "tracing/export/otlp_protobuf.hpp"
#include "tracing/span_exporter.hpp"

namespace gofr::tracing {

class OtlpGrpcExporter final : public SpanExporter {
 public:
  // `target` is host:port. `tls` off is GoFr's behaviour (plaintext, WithInsecure); a collector behind TLS needs
  // OTEL_EXPORTER_OTLP_INSECURE=false. Header names are sent lower-cased, as gRPC metadata must be. Throws
  // config_error when the module cannot be loaded.
  OtlpGrpcExporter(const std::string& target, bool tls, HttpTransport::Headers headers,
                   std::chrono::milliseconds timeout, const Resource& resource, const InstrumentationScope& scope);
  ~OtlpGrpcExporter() override;
  OtlpGrpcExporter(const OtlpGrpcExporter&) = delete;
  OtlpGrpcExporter& operator=(const OtlpGrpcExporter&) = delete;

  const SpanFormat& format() const noexcept override { return format_; }
  bool export_spans(std::span<const std::string_view> spans, std::string& error) override;
  std::string_view name() const noexcept override { return "otlp/grpc"; }

 private:
  struct Module;
  const Module* module_;
  gofr_otlp_grpc_channel* channel_ = nullptr;
  HttpTransport::Headers headers_;
  std::vector<const char*> metadata_;  // name, value, name, value…: pointers into headers_, as the module takes them
  std::chrono::milliseconds timeout_;
  OtlpProtobufFormat format_;
};

}  // namespace gofr::tracing

#include "tracing/export/otlp_grpc_exporter.hpp"

#include <algorithm>
#include <cctype>

#include "core/shared_library.hpp"
#include "tracing/export/otlp_grpc_module.hpp"

namespace gofr::tracing {

// The module's functions, resolved once; the module stays loaded for the life of the process.
struct OtlpGrpcExporter::Module {
  gofr_otlp_grpc_open_fn open;
  gofr_otlp_grpc_export_fn send;
  gofr_otlp_grpc_close_fn close;

  static const Module& get() {
    static const Module module = [] {
      const auto library = gofr::detail::SharedLibrary::load_module(
          "otlp_grpc", "OTLP over gRPC (TRACER_URL=host:port, or OTEL_EXPORTER_OTLP_PROTOCOL=grpc)");
      return Module{library.function<gofr_otlp_grpc_open_fn>("gofr_otlp_grpc_open"),
                    library.function<gofr_otlp_grpc_export_fn>("gofr_otlp_grpc_export"),
                    library.function<gofr_otlp_grpc_close_fn>("gofr_otlp_grpc_close")};
    }();
    return module;
  }
};

OtlpGrpcExporter::OtlpGrpcExporter(const std::string& target, bool tls, HttpTransport::Headers headers,
                                   std::chrono::milliseconds timeout, const Resource& resource,
                                   const InstrumentationScope& scope)
    : module_(&Module::get()), headers_(std::move(headers)), timeout_(timeout), format_(resource, scope) {
  channel_ = module_->open(target.c_str(), tls ? 1 : 0);
  for (auto& [name, value] : headers_) {
    std::ranges::transform(name, name.begin(), [](unsigned char c) { return std::tolower(c); });
    metadata_.push_back(name.c_str());
    metadata_.push_back(value.c_str());
  }
}

OtlpGrpcExporter::~OtlpGrpcExporter() { module_->close(channel_); }

bool OtlpGrpcExporter::export_spans(std::span<const std::string_view> spans, std::string& error) {
  const std::string request = format_.frame(spans);
  char message[512];
  if (module_->send(channel_, request.data(), request.size(), metadata_.data(), headers_.size(), timeout_.count(),
                    message, sizeof message)) {
    return true;
  }
  error = message;
  return false;
}

}  // namespace gofr::tracing

#include "tracing/export/otlp_grpc_exporter.hpp"

#include <algorithm>
#include <cctype>

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/completion_queue.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/status.h>


namespace gofr::tracing {

namespace {
constexpr const char* export_method = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
}

struct OtlpGrpcExporter::Channel {
  std::shared_ptr<grpc::Channel> channel;
  grpc::GenericStub stub;
  explicit Channel(std::shared_ptr<grpc::Channel> c) : channel(std::move(c)), stub(channel) {}
};

OtlpGrpcExporter::OtlpGrpcExporter(std::string target, bool tls, HttpTransport::Headers headers,
                                   std::chrono::milliseconds timeout, const Resource& resource,
                                   const InstrumentationScope& scope)
    : headers_(std::move(headers)), timeout_(timeout), format_(resource, scope) {
  auto credentials =
      tls ? grpc::SslCredentials(grpc::SslCredentialsOptions{}) : grpc::InsecureChannelCredentials();
  channel_ = std::make_unique<Channel>(grpc::CreateChannel(target, credentials));
  for (auto& [name, value] : headers_) {
    std::ranges::transform(name, name.begin(), [](unsigned char c) { return std::tolower(c); });
  }
}

OtlpGrpcExporter::~OtlpGrpcExporter() = default;

bool OtlpGrpcExporter::export_spans(std::span<const std::string_view> spans, std::string& error) {
  const std::string payload = format_.frame(spans);
  grpc::Slice slice(payload.data(), payload.size());
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  for (const auto& [name, value] : headers_) context.AddMetadata(name, value);

  grpc::CompletionQueue queue;
  auto call = channel_->stub.PrepareUnaryCall(&context, export_method, request, &queue);
  call->StartCall();
  grpc::Status status;
  call->Finish(&response, &status, this);
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  if (status.ok()) return true;
  error = "gRPC status " + std::to_string(static_cast<int>(status.error_code())) + ": " + status.error_message();
  return false;
}

}  // namespace gofr::tracing

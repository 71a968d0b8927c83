// libgofr_otlp_grpc.so: OTLP export requests sent with grpc++'s generic stub, which carries the request bytes as they
// are, so no generated code is needed. Loaded by OtlpGrpcExporter (otlp_grpc_exporter.cpp).
#include "tracing/export/otlp_grpc_module.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/completion_queue.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/status.h>

namespace {
constexpr const char* export_method = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

void write_error(const grpc::Status& status, char* error, std::size_t capacity) {
  if (capacity == 0) return;
  const auto text =
      "gRPC status " + std::to_string(static_cast<int>(status.error_code())) + ": " + status.error_message();
  const auto n = std::min(text.size(), capacity - 1);
  std::memcpy(error, text.data(), n);
  error[n] = '\0';
}
}  // namespace

struct gofr_otlp_grpc_channel {
  std::shared_ptr<grpc::Channel> channel;
  grpc::GenericStub stub;
  explicit gofr_otlp_grpc_channel(std::shared_ptr<grpc::Channel> c) : channel(std::move(c)), stub(channel) {}
};

extern "C" {

[[gnu::visibility("default")]] gofr_otlp_grpc_channel* gofr_otlp_grpc_open(const char* target, int tls) {
  auto credentials = tls ? grpc::SslCredentials(grpc::SslCredentialsOptions{}) : grpc::InsecureChannelCredentials();
  return new gofr_otlp_grpc_channel(grpc::CreateChannel(target, credentials));
}

[[gnu::visibility("default")]] int gofr_otlp_grpc_export(gofr_otlp_grpc_channel* channel, const char* request,
                                                         std::size_t size, const char* const* metadata,
                                                         std::size_t pairs, long long timeout_ms, char* error,
                                                         std::size_t error_capacity) {
  grpc::Slice slice(request, size);
  grpc::ByteBuffer body(&slice, 1);
  grpc::ByteBuffer response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(timeout_ms));
  for (std::size_t i = 0; i < pairs; ++i) context.AddMetadata(metadata[2 * i], metadata[2 * i + 1]);

  grpc::CompletionQueue queue;
  auto call = channel->stub.PrepareUnaryCall(&context, export_method, body, &queue);
  call->StartCall();
  grpc::Status status;
  call->Finish(&response, &status, channel);
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  if (status.ok()) return 1;
  write_error(status, error, error_capacity);
  return 0;
}

[[gnu::visibility("default")]] void gofr_otlp_grpc_close(gofr_otlp_grpc_channel* channel) { delete channel; }
}

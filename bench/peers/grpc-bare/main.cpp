// The bare peer of bench/grpc_unary.sh: a grpc++ callback server answering hello.Greeter/SayHello exactly as
// examples/grpc does, with nothing around it (no interceptor, log line, metrics or span).
// Usage: grpc_bare_server <port>
#include <cstdlib>
#include <memory>
#include <string>

#include <absl/synchronization/mutex.h>
#include <grpcpp/grpcpp.h>

#include "hello.grpc.pb.h"

namespace {

class Greeter final : public hello::Greeter::CallbackService {
  grpc::ServerUnaryReactor* SayHello(grpc::CallbackServerContext* context, const hello::HelloRequest* request,
                                     hello::HelloReply* reply) override {
    auto* reactor = context->DefaultReactor();
    if (request->name().empty()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "name is required"));
    } else {
      reply->set_message("Hello " + request->name() + "!");
      reactor->Finish(grpc::Status::OK);
    }
    return reactor;
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  // As the framework does (src/grpc/grpc_server.cpp): Debian's abseil has its deadlock detector on by default.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  Greeter service;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(std::string("127.0.0.1:") + argv[1], grpc::InsecureServerCredentials());
  builder.RegisterService(&service);
  const auto server = builder.BuildAndStart();
  if (!server) return 1;
  server->Wait();
}

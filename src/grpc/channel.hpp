#pragma once
// A downstream gRPC service added with app.add_grpc_service: its grpc++ channel, made once and shared by every
// request (a channel multiplexes calls over HTTP/2 connections and reconnects on its own), with the retry policy
// in its service config.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <grpcpp/channel.h>

#include "gofr/grpc/client.hpp"
#include "grpc/grpc_metrics.hpp"

namespace gofr::grpc::detail {

// A method called through a channel, checked against the descriptors, with its metrics row.
struct ClientMethod {
  std::string name;                        // "/pkg.Service/Method"
  std::string json_name;                   // name, JSON-escaped once for the log line
  GrpcMetrics::Method* metrics = nullptr;  // null when metrics are off
};

class Channel {
 public:
  // Throws std::invalid_argument for an empty target or a retry policy gRPC would reject.
  Channel(std::string name, std::string target, ClientOptions options);

  const std::string& name() const noexcept { return name_; }
  const std::string& target() const noexcept { return target_; }
  const ClientOptions& options() const noexcept { return options_; }
  const std::shared_ptr<::grpc::Channel>& channel() const noexcept { return channel_; }

  // The method called `name`, made by `make` the first time (which may throw: then nothing is kept, and the next
  // call makes it again). One lookup per call.
  const ClientMethod& method(const std::string& name, const std::function<ClientMethod()>& make);

 private:
  std::string name_, target_;
  ClientOptions options_;
  std::shared_ptr<::grpc::Channel> channel_;
  std::mutex methods_mutex_;
  std::map<std::string, ClientMethod, std::less<>> methods_;  // node-based: references stay valid
};

// The service config of `options`: the load-balancing policy and, when set, retryPolicy and retryThrottling.
std::string service_config(const ClientOptions& options);

}  // namespace gofr::grpc::detail

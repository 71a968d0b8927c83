#pragma once
// A downstream gRPC service added with app.add_grpc_service: its grpc++ channel, made once and shared by every
// request (a channel multiplexes calls over HTTP/2 connections and reconnects on its own), with the retry policy
// in its service config.
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>

#include <grpcpp/channel.h>

#include "gofr/grpc/client.hpp"

namespace gofr::grpc::detail {

class Channel {
 public:
  // Throws std::invalid_argument for an empty target or a retry policy gRPC would reject.
  Channel(std::string name, std::string target, ClientOptions options);

  const std::string& name() const noexcept { return name_; }
  const std::string& target() const noexcept { return target_; }
  const ClientOptions& options() const noexcept { return options_; }
  const std::shared_ptr<::grpc::Channel>& channel() const noexcept { return channel_; }

  // Whether `method` was checked already (check_unary_method), marking it so.
  bool first_use(const std::string& method);

 private:
  std::string name_, target_;
  ClientOptions options_;
  std::shared_ptr<::grpc::Channel> channel_;
  std::mutex checked_mutex_;
  std::unordered_set<std::string> checked_;
};

// The service config of `options`: the load-balancing policy and, when set, retryPolicy and retryThrottling.
std::string service_config(const ClientOptions& options);

}  // namespace gofr::grpc::detail

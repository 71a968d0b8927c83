#pragma once
// What every gRPC call of the app shares: the app's services, the worker threads that run coroutine handlers, the
// user's interceptors, and the calls in flight by their grpc++ context.
#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "core/services.hpp"
#include "gofr/grpc/service.hpp"
#include "grpc/call.hpp"
#include "logging/json_escape.hpp"

namespace gofr::grpc::detail {

struct Runtime {
  Runtime(const gofr::detail::Services& s, std::vector<boost::asio::any_io_executor> w, std::vector<Interceptor> i,
          bool disable_probe_logs)
      : services(s), workers(std::move(w)), interceptors(std::move(i)), log_disable_probes(disable_probe_logs) {}

  // The next worker in turn: coroutine handlers spread over the workers like HTTP connections do.
  const boost::asio::any_io_executor& next_worker() noexcept {
    return workers[next.fetch_add(1, std::memory_order_relaxed) % workers.size()];
  }
  // Gives `service` access to this runtime (its unary()/server_stream() helpers need it).
  void bind(ServiceBase& service) {
    service.runtime_ = this;
    std::string prefix = "/";
    prefix.append(service.full_name()).append("/");
    prefixes.push_back(std::move(prefix));
  }
  // The method named `name` ("/pkg.Service/Method"), made on first use. Takes a lock: callers on the hot path keep
  // what it returns (method_info's per-thread cache).
  const MethodInfo& method(std::string_view name, StreamType type) {
    std::lock_guard lock(methods_mutex);
    if (const auto it = methods.find(name); it != methods.end()) return it->second;
    auto* metrics = services.grpc_metrics
                        ? &services.grpc_metrics->method(name, GrpcMetrics::Side::server, type)
                        : nullptr;
    MethodInfo info{std::string(name), logging::json_escaped(name), type, metrics};
    return methods.emplace(std::string(name), std::move(info)).first->second;
  }

  // Whether `method` ("/pkg.Service/Method") belongs to one of the app's services.
  bool serves(std::string_view method) const noexcept {
    for (const auto& prefix : prefixes)
      if (method.starts_with(prefix)) return true;
    return false;
  }

  const gofr::detail::Services& services;
  const std::vector<boost::asio::any_io_executor> workers;
  const std::vector<Interceptor> interceptors;
  const bool log_disable_probes;  // LOG_DISABLE_PROBES: no log line for grpc.health.v1 calls
  std::vector<std::string> prefixes;  // "/pkg.Service/" of each of the app's services
  std::mutex methods_mutex;
  std::map<std::string, MethodInfo, std::less<>> methods;  // node-based: the references handed out stay valid

 private:
  std::atomic<std::size_t> next{0};
};

}  // namespace gofr::grpc::detail

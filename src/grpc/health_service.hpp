#pragma once
// grpc.health.v1.Health (Check and Watch) for the whole server ("") and every registered service, following the
// app's health; NOT_SERVING for good once the app drains, when every Watch stream sends it and ends so that it does
// not hold up the graceful stop.
//
// Served as grpc++'s generic callback service, with the two tiny messages coded by hand (health_codec.hpp); every
// other method that reaches it gets UNIMPLEMENTED, as grpc++ would answer without it (and, like there, unobserved:
// a metrics row per made-up method name would let any client grow the metrics without bound). Check and Watch
// calls are observed like the app's own: log line, metrics, deadline (no span: probes would bury real traces).
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <grpcpp/generic/async_generic_service.h>

#include "grpc/health_codec.hpp"

namespace gofr::grpc::detail {

struct Runtime;
struct MethodInfo;

// What the full names of grpc.health.v1's methods start with ("/grpc.health.v1.Health/Check").
inline constexpr std::string_view health_method_prefix = "/grpc.health.v1.Health/";

class HealthService final : public ::grpc::CallbackGenericService {
 public:
  // A Watch stream, told about every change.
  class Watcher {
   public:
    virtual void changed(ServingStatus status, bool draining) = 0;

   protected:
    ~Watcher() = default;
  };

  // `services`: the full names of the registered services, besides "" for the server.
  HealthService(Runtime& runtime, const std::vector<std::string>& services);

  void set_serving(bool serving);
  void drain();

  // The status of `service`; nullopt when it is not registered.
  std::optional<ServingStatus> status(const std::string& service) const;
  // Registers `watcher` for `service` and returns its current status (SERVICE_UNKNOWN when not registered) and
  // whether the app is draining.
  std::pair<ServingStatus, bool> watch(Watcher& watcher, const std::string& service);
  void unwatch(Watcher& watcher);

  ::grpc::ServerGenericBidiReactor* CreateReactor(::grpc::GenericCallbackServerContext* context) override;

 private:
  void update(ServingStatus status);

  Runtime& runtime_;
  const MethodInfo& check_;
  const MethodInfo& watch_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, ServingStatus> statuses_;
  std::unordered_map<Watcher*, std::string> watchers_;
  bool draining_ = false;
};

}  // namespace gofr::grpc::detail

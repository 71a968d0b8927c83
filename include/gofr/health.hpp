#pragma once
// Health checks behind /.well-known/health. Each registered check runs concurrently with its own timeout, and
// the aggregated answer is cached briefly (HEALTH_CACHE_TTL) so that probes cannot stampede dependencies.
//   UP       every check is up                         → 200
//   DEGRADED a non-critical check is down               → 200
//   DOWN     a critical check is down, or draining      → 503
#include <chrono>
#include <functional>
#include <string>

#include <boost/json/object.hpp>

#include "gofr/task.hpp"

namespace gofr {

enum class HealthStatus { up, down };

struct Health {
  HealthStatus status = HealthStatus::up;
  // Shown under "details" (GoFr's shape: {"status":"UP","details":{"host":…}}).
  boost::json::object details;

  static Health up(boost::json::object details = {}) { return {HealthStatus::up, std::move(details)}; }
  static Health down(boost::json::object details = {}) { return {HealthStatus::down, std::move(details)}; }
};

// Runs on a worker thread; it must not block (await I/O, or `offload` blocking work).
using HealthCheck = std::function<Task<Health>()>;

struct HealthCheckOptions {
  // A critical check that is down makes the service DOWN (503); any other makes it DEGRADED (200).
  bool critical = true;
  // A check that takes longer is reported DOWN with {"error":"health check timed out"}.
  std::chrono::milliseconds timeout{1000};
};

}  // namespace gofr

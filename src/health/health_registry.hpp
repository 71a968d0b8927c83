#pragma once
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "gofr/health.hpp"

namespace gofr::detail {

// The checks behind /.well-known/health and the cached report built from them.
class HealthRegistry {
 public:
  struct Report {
    int status = 200;  // 200 for UP and DEGRADED, 503 for DOWN
    std::string body;  // {"data":{…}}
  };

  HealthRegistry(std::string app_name, std::string app_version, std::chrono::milliseconds cache_ttl)
      : app_name_(std::move(app_name)), app_version_(std::move(app_version)), cache_ttl_(cache_ttl) {}

  void add(std::string name, HealthCheck check, HealthCheckOptions options);
  // Runs every check concurrently on the calling coroutine's executor, unless a report younger than the cache
  // TTL exists or another probe is already running the checks (then the previous report is returned).
  // `draining` forces DOWN without running the checks.
  Task<Report> report(bool draining);

 private:
  struct Entry {
    std::string name;
    HealthCheck check;
    HealthCheckOptions options;
  };
  Task<Report> compute();

  std::string app_name_, app_version_;
  std::chrono::milliseconds cache_ttl_;
  std::vector<Entry> entries_;
  std::mutex mutex_;
  Report cached_;
  std::chrono::steady_clock::time_point cached_at_{};
  bool has_cache_ = false;
  bool computing_ = false;
};

}  // namespace gofr::detail

#pragma once
// What every request can reach: the app's config, logger, blocking pool and tracer. Owned by the app, shared read-only
// by the workers.
#include <boost/asio/thread_pool.hpp>

#include "gofr/config.hpp"
#include "gofr/logging.hpp"
#include "metrics/registry.hpp"
#include "tracing/tracer.hpp"

namespace gofr::detail {

struct Services {
  const Config& config;
  Logger& logger;
  boost::asio::thread_pool& blocking_pool;
  const tracing::Tracer& tracer;
  metrics::Registry* metrics = nullptr;  // null when METRICS_PORT=0: the server records nothing
  Metrics& metrics_api;                  // the user API, usable even when nothing is served
  std::string app_name;
  std::string app_version;
};

}  // namespace gofr::detail

#pragma once
// What every request can reach: the app's config, logger, blocking pool and tracer. Owned by the app, shared read-only
// by the workers.
#include <boost/asio/thread_pool.hpp>

#include "gofr/config.hpp"
#include "gofr/logging.hpp"
#include "tracing/tracer.hpp"

namespace gofr::detail {

struct Services {
  const Config& config;
  Logger& logger;
  boost::asio::thread_pool& blocking_pool;
  const tracing::Tracer& tracer;
  std::string app_name;
  std::string app_version;
};

}  // namespace gofr::detail

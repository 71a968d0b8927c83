#pragma once
// The app's Redis from GoFr's REDIS_* variables: one pipelined connection per worker thread (connection.hpp), the
// TLS context they share, and the "redis" health entry.
#include <memory>
#include <mutex>
#include <unordered_map>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include "core/telemetry.hpp"
#include "gofr/config.hpp"
#include "gofr/health.hpp"
#include "redis/connection.hpp"

namespace gofr::redis::detail {

class Datasource {
 public:
  Datasource(RedisOptions options, boost::asio::ssl::context tls_context, gofr::detail::Telemetry telemetry);
  ~Datasource();
  Datasource(const Datasource&) = delete;
  Datasource& operator=(const Datasource&) = delete;

  // The connection of the event loop behind `executor`, made on first use.
  std::shared_ptr<Connection> connection(const boost::asio::any_io_executor& executor);

  // Closes every connection. Before the worker threads' event loops are destroyed: each connection's socket
  // belongs to one of them.
  void close() noexcept;

  const RedisOptions& options() const noexcept { return options_; }
  const std::string& host() const noexcept { return host_; }  // "host:port": the health detail and metric label
  const gofr::detail::Telemetry& telemetry() const noexcept { return telemetry_; }

 private:
  const RedisOptions options_;
  const std::string host_;
  boost::asio::ssl::context tls_context_;
  const gofr::detail::Telemetry telemetry_;
  Reachability reachability_;
  std::mutex mutex_;
  std::unordered_map<const void*, std::shared_ptr<Connection>> by_loop_;
};

// The Redis REDIS_HOST names, or null when it is unset or empty. Nothing connects yet. Throws config_error for a
// setting it cannot use (a bad port or database, a TLS file that cannot be read).
std::unique_ptr<Datasource> datasource_from_config(const Config& config, gofr::detail::Telemetry telemetry);

// GoFr's "redis" entry: UP when INFO Stats answers within a second, with {"host", "stats":{…INFO Stats…}}; DOWN with
// "error" otherwise. Runs on a worker thread.
Task<Health> check_health(Datasource& datasource);

// Registers app_redis_stats (milliseconds) with the app's metrics.
void register_redis_metrics(Metrics& metrics);

}  // namespace gofr::redis::detail

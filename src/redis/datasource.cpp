#include "redis/datasource.hpp"

#include "metrics/datasource_buckets.hpp"

#include <boost/asio/execution/context.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/this_coro.hpp>
#include <fmt/format.h>

namespace gofr::redis::detail {

namespace asio = boost::asio;

Datasource::Datasource(RedisOptions options, asio::ssl::context tls_context, gofr::detail::Telemetry telemetry)
    : options_(std::move(options)),
      host_(options_.host + ":" + options_.port),
      tls_context_(std::move(tls_context)), telemetry_(telemetry) {}

Datasource::~Datasource() { close(); }

std::shared_ptr<Connection> Datasource::connection(const asio::any_io_executor& executor) {
  const void* loop = &asio::query(executor, asio::execution::context);
  const std::lock_guard lock(mutex_);
  auto& connection = by_loop_[loop];
  if (!connection) connection = std::make_shared<Connection>(executor, options_, tls_context_, reachability_);
  return connection;
}

void Datasource::close() noexcept {
  std::unordered_map<const void*, std::shared_ptr<Connection>> closing;
  {
    const std::lock_guard lock(mutex_);
    closing.swap(by_loop_);
  }
  for (auto& [loop, connection] : closing) connection->close();
}

std::unique_ptr<Datasource> datasource_from_config(const Config& config, gofr::detail::Telemetry telemetry) {
  const auto host = config.get_or("REDIS_HOST", "");
  if (host.empty()) return nullptr;
  RedisOptions o;
  o.host = host;
  o.port = std::to_string(config.get_int("REDIS_PORT", 6379, 1, 65535));
  o.user = config.get_or("REDIS_USER", "");
  o.password = config.get_or("REDIS_PASSWORD", "");
  o.database = static_cast<int>(config.get_int("REDIS_DB", 0, 0, 1000000));
  o.tls = config.get_bool("REDIS_TLS_ENABLED", false);
  asio::ssl::context tls(asio::ssl::context::tls_client);
  if (o.tls) {
    // The server's certificate is verified against REDIS_TLS_CA_CERT, or the system's CAs; REDIS_TLS_CERT and
    // REDIS_TLS_KEY are the client's own, for servers that ask for one (tls-auth-clients).
    try {
      tls.set_verify_mode(asio::ssl::verify_peer);
      if (const auto ca = config.get_or("REDIS_TLS_CA_CERT", ""); !ca.empty()) {
        tls.load_verify_file(ca);
      } else {
        tls.set_default_verify_paths();
      }
      const auto cert = config.get_or("REDIS_TLS_CERT", ""), key = config.get_or("REDIS_TLS_KEY", "");
      if (!cert.empty()) tls.use_certificate_chain_file(cert);
      if (!key.empty()) tls.use_private_key_file(key, asio::ssl::context::pem);
    } catch (const boost::system::system_error& e) {
      throw config_error(fmt::format("REDIS_TLS_CA_CERT, REDIS_TLS_CERT or REDIS_TLS_KEY cannot be used: {}", e.what()));
    }
  }
  return std::make_unique<Datasource>(std::move(o), std::move(tls), telemetry);
}

void register_redis_metrics(Metrics& metrics) {
  // GoFr records this histogram in microseconds while describing it in milliseconds;
  // gofr-cpp records milliseconds, as described (docs/differences-from-gofr.md).
  try {
    metrics.new_histogram("app_redis_stats", "Response time of Redis commands in milliseconds.",
                          metrics::datasource_buckets());
  } catch (const std::invalid_argument&) {  // registered already
  }
}

Task<Health> check_health(Datasource& datasource) {
  boost::json::object details{{"host", datasource.host()}};
  try {
    auto connection = datasource.connection(co_await asio::this_coro::executor);
    std::vector<std::vector<std::string>> info{{"INFO", "Stats"}};
    auto replies = co_await connection->send(std::move(info), Connection::Clock::now() + std::chrono::seconds(1));
    if (replies.at(0).error) throw *replies.at(0).error;
    boost::json::object stats;
    const auto& text = replies.at(0).reply.string;
    for (std::size_t start = 0; start < text.size();) {
      auto end = text.find("\r\n", start);
      if (end == std::string::npos) end = text.size();
      const auto line = std::string_view(text).substr(start, end - start);
      if (const auto colon = line.find(':'); colon != std::string_view::npos && !line.starts_with('#')) {
        stats[line.substr(0, colon)] = line.substr(colon + 1);
      }
      start = end + 2;
    }
    details["stats"] = std::move(stats);
  } catch (const std::exception& e) {
    details["error"] = e.what();
    co_return Health::down(std::move(details));
  }
  co_return Health::up(std::move(details));
}

}  // namespace gofr::redis::detail

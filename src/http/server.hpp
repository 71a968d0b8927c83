#pragma once
// The HTTP/1.1 server: one io_context per worker thread, each with its own SO_REUSEPORT acceptor, so a
// connection is accepted, parsed, routed, handled and answered on one thread with no shared state on the way.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "core/services.hpp"
#include "http/dispatcher.hpp"

namespace gofr::detail {

struct ServerOptions {
  std::uint16_t port = 8000;
  std::size_t workers = 1;
  std::size_t max_header_bytes = 64 * 1024;
  std::uint64_t max_body_bytes = 32 * 1024 * 1024;
  std::chrono::nanoseconds header_timeout = std::chrono::seconds(5);  // GoFr's ReadHeaderTimeout
  std::chrono::nanoseconds idle_timeout = std::chrono::seconds(120);  // keep-alive wait for the next request
  std::chrono::nanoseconds body_timeout = std::chrono::seconds(60);   // between body bytes
  bool log_disable_probes = false;
  bool log_requests = true;  // the metrics server does not log scrapes (GoFr's does not either)
  std::string thread_name = "gofr-http";  // worker threads are named <thread_name>-<n> (top -H, perf, gdb)
  std::shared_ptr<boost::asio::ssl::context> tls;  // set: serve HTTPS only
};

class Server {
 public:
  Server(const Services& services, const Dispatcher& dispatcher, ServerOptions options);
  ~Server();

  // Binds every worker's acceptor and starts the threads. Throws std::system_error when the port is taken.
  // Connections wait in the listen backlog until accept().
  void start();
  // Starts taking connections. Separate from start() so that whatever else must serve first (the gRPC server, on
  // these workers) is up before a probe gets its first answer.
  void accept();
  std::uint16_t port() const noexcept { return port_; }
  // The workers' event loops, once started: other servers (gRPC) run their coroutine handlers there too.
  std::vector<boost::asio::any_io_executor> executors();

  // Stops accepting (after taking what is already queued), closes idle keep-alive connections, and makes every
  // later response carry Connection: close.
  void begin_drain();
  // Waits until no connection is left or the deadline passes; returns the number still open.
  std::size_t wait_for_connections(std::chrono::steady_clock::time_point deadline);
  // Closes every connection and the listeners, stops the loops and joins the threads (idempotent). The loops'
  // state is destroyed with the Server, after whatever still completes into it (see App::run).
  void stop();

  struct Worker;

 private:
  void spawn_connection(Worker& worker, boost::asio::ip::tcp::socket socket);
  void connection_opened();
  void connection_closed();

  const Services& services_;
  const Dispatcher& dispatcher_;
  ServerOptions options_;
  std::uint16_t port_ = 0;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::mutex open_mutex_;
  std::condition_variable open_changed_;
  std::size_t open_count_ = 0;  // connections open across all workers, for the drain to wait on
  bool stopped_ = false;
};

}  // namespace gofr::detail

#include "http/server.hpp"

#include <condition_variable>
#include <list>
#include <mutex>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <pthread.h>
#include <sys/socket.h>

#include "http/connection.hpp"

namespace gofr::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Member order matters: the io_context is destroyed before the registry its pending coroutines still touch,
// and the acceptor before the io_context it belongs to.
struct Server::Worker {
  std::list<ConnectionState*> connections;  // touched only on this worker's thread
  bool draining = false;                    // connections created from now on answer with Connection: close
  asio::io_context io{1};
  // Keeps the loop running between start() and accept(), and whenever no connection is open.
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  std::optional<tcp::acceptor> acceptor;
  std::thread thread;
};

void Server::connection_opened() {
  std::lock_guard lock(open_mutex_);
  ++open_count_;
}

void Server::connection_closed() {
  {
    std::lock_guard lock(open_mutex_);
    --open_count_;
  }
  open_changed_.notify_all();
}

void Server::spawn_connection(Worker& worker, tcp::socket socket) {
  boost::system::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  connection_opened();
  ConnectionContext cx{services_, dispatcher_, options_, worker.connections, worker.draining};
  auto done = [this](std::exception_ptr) { connection_closed(); };
  if (options_.tls) {
    asio::co_spawn(worker.io, serve_tls(cx, asio::ssl::stream<tcp::socket>(std::move(socket), *options_.tls)), done);
  } else {
    asio::co_spawn(worker.io, serve_plain(cx, std::move(socket)), done);
  }
}

namespace {

tcp::acceptor open_acceptor(asio::io_context& io, std::uint16_t port) {
  tcp::acceptor acceptor(io);
  const tcp::endpoint endpoint(tcp::v6(), port);
  boost::system::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  tcp::endpoint chosen = endpoint;
  if (ec) {  // no IPv6 on this host
    chosen = tcp::endpoint(tcp::v4(), port);
    acceptor.open(chosen.protocol());
  } else {
    acceptor.set_option(asio::ip::v6_only(false));
  }
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  const int one = 1;
  ::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  acceptor.bind(chosen);
  acceptor.listen(asio::socket_base::max_listen_connections);
  return acceptor;
}

// SO_REUSEPORT lets another process that also sets it share the port silently; a plain bind first proves the
// port is free, so a second instance fails start-up like GoFr's instead of stealing half the traffic.
void ensure_port_free(asio::io_context& io, std::uint16_t port) {
  if (port == 0) return;
  tcp::acceptor probe(io);
  boost::system::error_code ec;
  probe.open(tcp::v6(), ec);
  // SO_REUSEADDR lets the probe bind over a previous instance's TIME_WAIT sockets, yet still fails on a live
  // listener: a restart right after a drain is not mistaken for a conflict.
  if (!ec) {
    probe.set_option(asio::ip::v6_only(false));
    probe.set_option(tcp::acceptor::reuse_address(true));
    probe.bind(tcp::endpoint(tcp::v6(), port), ec);
  } else {
    probe.open(tcp::v4());
    probe.set_option(tcp::acceptor::reuse_address(true));
    probe.bind(tcp::endpoint(tcp::v4(), port), ec);
  }
  if (ec) throw std::system_error(ec, "http port " + std::to_string(port) + " is blocked or unreachable");
}

}  // namespace

Server::Server(const Services& services, const Dispatcher& dispatcher, ServerOptions options)
    : services_(services), dispatcher_(dispatcher), options_(std::move(options)) {}

Server::~Server() {
  stop();
  workers_.clear();
}

void Server::start() {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.workers); ++i) {
    workers_.push_back(std::make_unique<Worker>());
  }
  ensure_port_free(workers_.front()->io, options_.port);
  std::uint16_t port = options_.port;
  for (auto& w : workers_) {
    w->acceptor.emplace(open_acceptor(w->io, port));
    port = w->acceptor->local_endpoint().port();  // HTTP_PORT=0: every worker shares the first one's port
  }
  port_ = port;

  for (auto& w : workers_) {
    Worker* worker = w.get();
    const auto name = options_.thread_name + "-" + std::to_string(&w - workers_.data());
    worker->thread = std::thread([worker, name] {
      ::pthread_setname_np(::pthread_self(), name.substr(0, 15).c_str());
      worker->io.run();
    });
  }
}

void Server::accept() {
  for (auto& w : workers_) {
    Worker* worker = w.get();
    asio::co_spawn(
        worker->io,
        [this, worker]() -> Task<void> {
          for (;;) {
            boost::system::error_code ec;
            tcp::socket socket = co_await worker->acceptor->async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (ec == asio::error::operation_aborted || !worker->acceptor->is_open()) co_return;
            if (ec) continue;  // EMFILE, ECONNABORTED…: keep accepting
            spawn_connection(*worker, std::move(socket));
          }
        },
        asio::detached);
  }
}

std::vector<asio::any_io_executor> Server::executors() {
  std::vector<asio::any_io_executor> out;
  for (auto& w : workers_) out.push_back(w->io.get_executor());
  return out;
}

void Server::begin_drain() {
  for (auto& w : workers_) {
    Worker* worker = w.get();
    asio::post(worker->io, [this, worker] {
      worker->draining = true;
      if (worker->acceptor && worker->acceptor->is_open()) {
        // Take what the kernel already queued so no completed handshake is reset, then stop listening.
        worker->acceptor->non_blocking(true);
        for (;;) {
          boost::system::error_code ec;
          tcp::socket socket = worker->acceptor->accept(ec);
          if (ec) break;
          spawn_connection(*worker, std::move(socket));
        }
        boost::system::error_code ignored;
        worker->acceptor->close(ignored);
      }
      for (auto* c : worker->connections) c->drain();
    });
  }
}

std::size_t Server::wait_for_connections(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(open_mutex_);
  open_changed_.wait_until(lock, deadline, [&] { return open_count_ == 0; });
  return open_count_;
}

void Server::stop() {
  if (stopped_) return;
  stopped_ = true;
  for (auto& w : workers_) {
    Worker* worker = w.get();
    asio::post(worker->io, [worker] {
      boost::system::error_code ignored;
      if (worker->acceptor) worker->acceptor->close(ignored);
      for (auto* c : worker->connections) c->close();
    });
  }
  // The sockets are closed, so the connection coroutines unwind at once; the bound only guards against a
  // handler that ignores cancellation.
  wait_for_connections(std::chrono::steady_clock::now() + std::chrono::milliseconds(500));
  for (auto& w : workers_) {
    w->io.stop();
    if (w->thread.joinable()) w->thread.join();
  }
  // The io_contexts live on until the destructor: work still running elsewhere (the blocking pool) may complete
  // into them, and must be able to.
}

}  // namespace gofr::detail

#pragma once
// One HTTP/1.1 connection: read (with limits and timeouts), dispatch, write, log — request after request.
#include <chrono>
#include <functional>
#include <list>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>

#include "core/services.hpp"
#include "gofr/task.hpp"
#include "http/dispatcher.hpp"

namespace gofr::detail {

struct ServerOptions;

// What the worker knows about a live connection, so a drain can reach it.
class ConnectionState {
 public:
  virtual ~ConnectionState() = default;
  // Closes the connection if it waits for a request; otherwise lets the current response finish with
  // Connection: close.
  virtual void drain() = 0;
  // Closes it now.
  virtual void close() = 0;
};

struct ConnectionContext {
  const Services& services;
  const Dispatcher& dispatcher;
  const ServerOptions& options;
  std::list<ConnectionState*>& registry;  // the worker's live connections
  const bool& draining;                   // the worker's drain flag, for connections started during a drain
};

Task<void> serve_plain(ConnectionContext context, boost::asio::ip::tcp::socket socket);
Task<void> serve_tls(ConnectionContext context, boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream);

}  // namespace gofr::detail

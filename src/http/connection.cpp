#include "http/connection.hpp"

#include <algorithm>
#include <cerrno>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <fmt/format.h>
#include <sys/socket.h>

#include "http/in_flight.hpp"
#include "http/request_data.hpp"
#include "http/request_log.hpp"
#include "metrics/http_metrics.hpp"
#include "http/request_validation.hpp"
#include "http/server_span.hpp"
#include "http/server.hpp"
#include "http/wire.hpp"

namespace gofr::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using clock = std::chrono::steady_clock;
using namespace asio::experimental::awaitable_operators;
using http::Rejection;
using http::detail::RequestHead;
using http::detail::RequestParser;
using http::detail::RequestData;

namespace {

constexpr auto use_ec = [](boost::system::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); };

template <class Stream>
tcp::socket& socket_of(Stream& stream) {
  if constexpr (std::is_same_v<Stream, tcp::socket>) {
    return stream;
  } else {
    return stream.next_layer();
  }
}

// Beast accepts only HTTP/1.0 and 1.1; RFC 9112 §2.3 says a 1.x request with a higher minor version is answered
// as 1.1. Rewrites "HTTP/1.<d>" at the end of the request line to "HTTP/1.1"; false when it is not that case.
bool downgrade_minor_version(char* data, std::size_t size) {
  const std::string_view text(data, size);
  const auto eol = text.find('\r');
  if (eol == std::string_view::npos || eol < 8) return false;
  char* v = data + eol - 8;
  if (std::string_view(v, 7) != "HTTP/1." || v[7] < '2' || v[7] > '9') return false;
  v[7] = '1';
  return true;
}

template <class Stream>
class Connection final : public ConnectionState {
 public:
  Connection(ConnectionContext context, Stream stream)
      : cx_(context), stream_(std::move(stream)), timer_(stream_.get_executor()) {
    boost::system::error_code ec;
    remote_ = socket_of(stream_).remote_endpoint(ec);
    remote_text_ = http::detail::format_endpoint(remote_);
    cx_.registry.push_front(this);
    registered_ = cx_.registry.begin();
    draining_ = cx_.draining;  // accepted from the queue during a drain: serve one request, then close
  }
  ~Connection() override { cx_.registry.erase(registered_); }

  // Like Go's Shutdown: a connection waiting between requests is closed at once, unless request bytes already
  // sit in the kernel, or it is new and has not sent its first request yet (it is served, with
  // Connection: close, or ends at the header timeout).
  void drain() override {
    draining_ = true;
    boost::system::error_code ec;
    const bool bytes_waiting = socket_of(stream_).available(ec) > 0;
    if (idle_ && !bytes_waiting && !first_) cancel_io();
  }

  // Closes the socket now: pending reads and writes fail, so even a streaming producer stops at its next write.
  void close() override {
    draining_ = true;
    boost::system::error_code ec;
    socket_of(stream_).close(ec);
  }

  Task<void> run() {
    deadline_ = clock::now() + cx_.options.header_timeout;
    if constexpr (std::is_same_v<Stream, tcp::socket>) {
      boost::system::error_code ec;
      socket_of(stream_).non_blocking(true, ec);  // write_now() writes without waiting when it can
    }
    arm_watchdog();
    co_await serve_guarded();
    if (linger_) co_await linger();
    finished_ = true;
    timer_.cancel();
    // The handler may already be queued: it must run before the connection it points to goes away.
    while (watchdog_pending_) co_await asio::post(stream_.get_executor(), asio::use_awaitable);
    boost::system::error_code ec;
    socket_of(stream_).shutdown(tcp::socket::shutdown_both, ec);
    socket_of(stream_).close(ec);
  }

 private:
  enum class Read { done, closed, rejected };

  void cancel_io() {
    boost::system::error_code ec;
    socket_of(stream_).cancel(ec);
  }

  // Moves the deadline; the watchdog is re-armed only when the new deadline is earlier than the armed one,
  // so the common case (a later deadline) costs no timer operation.
  void set_deadline(clock::time_point deadline) {
    deadline_ = deadline;
    if (deadline < armed_) timer_.cancel();
  }

  // The connection's timeouts, as a plain timer handler: a coroutine raced against serve() with `||` cost every
  // connection, idle or not, 2 KiB of frames and parallel-group state.
  void arm_watchdog() {
    armed_ = deadline_;
    timer_.expires_at(armed_);
    ++watchdog_pending_;
    timer_.async_wait([this](const boost::system::error_code&) {
      --watchdog_pending_;
      if (!finished_) on_watchdog();
    });
  }

  void on_watchdog() {
    const auto now = clock::now();
    if (busy_) {  // handlers are bounded by REQUEST_TIMEOUT, not by the connection's timeouts
      deadline_ = now + cx_.options.idle_timeout;
    } else if (now >= deadline_) {
      timed_out_ = true;
      cancel_io();
      deadline_ = clock::time_point::max();  // until the 408 or the linger sets one of its own
    }
    arm_watchdog();  // also when woken early: set_deadline() moved the deadline up
  }

  // An exception ends the connection, not the worker.
  Task<void> serve_guarded() {
    try {
      co_await serve();
    } catch (const std::exception& e) {
      cx_.services.logger.errorf("connection from {} aborted: {}", remote_text_, e.what());
    } catch (...) {
      cx_.services.logger.errorf("connection from {} aborted by an unknown exception", remote_text_);
    }
  }

  // After a rejection the client may still be sending (a large body): closing with unread data would make the
  // kernel send RST, and the client could lose the error response. Stop sending, then read and discard for a
  // bounded time and size before closing, as Go's server does.
  Task<void> linger() {
    auto& socket = socket_of(stream_);
    boost::system::error_code ec;
    socket.shutdown(tcp::socket::shutdown_send, ec);
    asio::steady_timer limit(stream_.get_executor(), std::chrono::milliseconds(500));
    auto discard = [&]() -> Task<void> {
      std::array<char, 16 * 1024> sink;
      for (std::size_t total = 0; total < (4u << 20);) {
        boost::system::error_code read_ec;
        total += co_await socket.async_read_some(asio::buffer(sink), use_ec(read_ec));
        if (read_ec) co_return;
      }
    };
    co_await (discard() || limit.async_wait(use_ec(ec)));
  }

  // Reads more bytes into the buffer; false on EOF, error or timeout. As nginx's client_header_buffer_size, a read
  // asks for 1 KiB, which holds most request heads; one that fills what it asked for makes the next one twice the
  // size, up to 16 KiB, for large heads and bodies.
  Task<bool> read_more(boost::system::error_code& ec) {
    const auto n = co_await stream_.async_read_some(buffer_.prepare(read_size_), use_ec(ec));
    buffer_.commit(n);
    if (n == read_size_ && read_size_ < max_read_size) read_size_ *= 2;
    co_return !ec;
  }

  // Between requests: a connection that grew its buffer for a large request gives it back, so an idle connection
  // keeps 1 KiB whatever it was sent before.
  void shrink_buffer() {
    if (read_size_ == min_read_size || buffer_.size() > 0) return;
    read_size_ = min_read_size;
    buffer_.shrink_to_fit();
  }

  Task<void> write_raw(std::string_view bytes) {
    boost::system::error_code ec;
    co_await asio::async_write(stream_, asio::buffer(bytes), use_ec(ec));
  }

  // Callers pass a named Rejection: GCC 12 destroys temporaries bound to a coroutine's reference parameters
  // twice when the call is co_awaited (a double free seen with `co_await reject({408, "…"}, record)`).
  Task<void> reject(const Rejection& r, RequestLogRecord& record) {
    set_deadline(clock::now() + cx_.options.header_timeout);
    co_await write_raw(http::simple_error_response(r.status, r.message));
    linger_ = true;
    if (record.start == std::chrono::system_clock::time_point{}) record.start = std::chrono::system_clock::now();
    record.status = r.status;
    // A request refused before dispatch is the client's fault even when the status is 5xx (501 for an unknown
    // method, 505): logging it at ERROR would let any scanner fill the error stream.
    log_request(cx_.services.logger, record, Level::info);
  }

  // Reads and parses the request head, whose first bytes are buffered (a pipelined request may be there whole).
  Task<Read> read_head(InFlight& request) {
    auto& parser = request.parser;
    auto& record = request.record;
    // serve() calls this once bytes of the request are buffered: its header timeout runs from here.
    header_start_ = clock::now();
    record.start = std::chrono::system_clock::now();
    boost::system::error_code ec;
    while (!parser->is_header_done()) {
      if (buffer_.size() > 0) {
        const auto used = parser->put(buffer_.data(), ec);
        buffer_.consume(used);
        if (!ec) continue;
        if (ec == bhttp::error::bad_version) {
          const auto pending = buffer_.data();
          if (downgrade_minor_version(static_cast<char*>(pending.data()), pending.size())) {
            reset(request);
            ec = {};
            continue;
          }
        }
        if (ec != bhttp::error::need_more) {
          const auto pending = buffer_.cdata();
          const auto rejection =
              http::rejection_for(ec, {static_cast<const char*>(pending.data()), pending.size()});
          co_await reject(rejection, record);
          co_return Read::rejected;
        }
        ec = {};
      }
      set_deadline(std::min(deadline_, header_start_ + cx_.options.header_timeout));
      if (!co_await read_more(ec)) {
        // A partial request that timed out gets 408; an idle or vanished client is just closed.
        if (timed_out_ && buffer_.size() > 0) {
          const Rejection timeout{408, "request header timeout"};
          co_await reject(timeout, record);
          co_return Read::rejected;
        }
        co_return Read::closed;
      }
    }
    co_return Read::done;
  }

  void reset(InFlight& request) {
    request.head.clear();
    auto& parser = request.parser.emplace(request.head);
    parser.header_limit(static_cast<std::uint32_t>(cx_.options.max_header_bytes));
    parser.body_limit(cx_.options.max_body_bytes);
    parser.eager(false);
  }

  // Reads the body, all of it within HTTP_READ_BODY_TIMEOUT of the head.
  Task<Read> read_body(RequestParser& parser, RequestLogRecord& record) {
    std::optional<clock::time_point> body_deadline;  // from the first wait for body bytes: most requests have none
    parser.eager(true);
    boost::system::error_code ec;
    while (!parser.is_done()) {
      if (buffer_.size() > 0) {
        const auto used = parser.put(buffer_.data(), ec);
        buffer_.consume(used);
        if (!ec) continue;
        if (ec != bhttp::error::need_more) {
          const auto rejection = http::rejection_for(ec);
          co_await reject(rejection, record);
          co_return Read::rejected;
        }
        ec = {};
      }
      if (!body_deadline) body_deadline = clock::now() + cx_.options.body_timeout;
      set_deadline(*body_deadline);
      if (!co_await read_more(ec)) {
        if (timed_out_) {
          const Rejection timeout{408, "request body timeout"};
          co_await reject(timeout, record);
          co_return Read::rejected;
        }
        co_return Read::closed;
      }
    }
    co_return Read::done;
  }

  Task<void> serve() {
    if constexpr (!std::is_same_v<Stream, tcp::socket>) {
      boost::system::error_code ec;
      co_await stream_.async_handshake(asio::ssl::stream_base::server, use_ec(ec));
      if (ec) co_return;
    }
    for (;;) {
      // Wait for the request line: an empty buffer means the connection is idle and may be closed by a drain.
      idle_ = buffer_.size() == 0;
      if (idle_ && draining_ && !first_) co_return;
      shrink_buffer();
      if (!first_) set_deadline(responded_at_ + (idle_ ? cx_.options.idle_timeout : cx_.options.header_timeout));
      // The wait happens here, in this small frame: exchange()'s parser, log record and request scope exist only
      // while a request is in flight, so an idle keep-alive connection does not hold them.
      if (idle_) {
        boost::system::error_code ec;
        if (!co_await read_more(ec)) co_return;
        idle_ = false;
      }
      if (!co_await exchange()) co_return;
      first_ = false;
    }
  }

  // One request and its response; returns whether the connection stays open.
  Task<bool> exchange() {
    InFlightLease in_flight;
    auto& parser = in_flight->parser;
    auto& record = in_flight->record;
    auto& data = in_flight->data;
    reset(*in_flight);
    record.remote = remote_text_;
    if (co_await read_head(*in_flight) != Read::done) co_return false;
    const auto started = clock::now();

    const auto& msg = in_flight->head;
    data.message = &msg;
    data.method = msg.method_string();
    data.remote = remote_;
    data.remote_text = remote_text_;
    data.secure = !std::is_same_v<Stream, tcp::socket>;
    record.fill_from(msg);

    auto rejection = http::validate_request(msg, data);
    const auto expectation = rejection ? http::Expectation::none : http::expectation_of(msg);
    if (expectation == http::Expectation::unsupported) {
      rejection = Rejection{417, "unsupported expectation: " + std::string(msg[bhttp::field::expect])};
    }
    if (rejection) {
      co_await reject(*rejection, record);
      co_return false;
    }
    if (expectation == http::Expectation::continue_100 && !parser->is_done()) {
      co_await write_raw("HTTP/1.1 100 Continue\r\n\r\n");
    }
    if (co_await read_body(*parser, record) != Read::done) co_return false;

    auto& scope = in_flight->start_scope(cx_.services);
    http::Request request(data);
    Context ctx(request, scope);
    busy_ = true;
    co_await dispatch(ctx);
    busy_ = false;
    co_return co_await respond(ctx, *parser, record, started);
  }

  // Writes the response and logs the request; returns whether the connection stays open.
  Task<bool> respond(Context& ctx, const RequestParser& parser, RequestLogRecord& record, clock::time_point started) {
    auto& scope = ctx.scope();
    boost::system::error_code ec;
    if (client_gone_) scope.response.status = 499;
    // One clock read serves the metric, the log's response time (GoFr's middleware takes both when the handler
    // returns) and the write deadline; only a write that had to wait reads it again.
    const auto decided = clock::now();
    bool waited = false;
    // Observed when the response is decided, before it is written, as GoFr's middleware does: the client that
    // reads the response and then scrapes /metrics finds its request counted.
    if (auto* metrics = cx_.services.metrics) {
      metrics->http().observe(scope.route_template, ctx.method(), scope.response.status,
                              std::chrono::duration<double>(decided - started).count());
    }
    if (client_gone_) {
      // Nobody may read it, but a client that only half-closed still gets an answer, as with GoFr.
      co_await write_raw(http::simple_error_response(499, "client closed request"));
      ec = asio::error::connection_aborted;
      waited = true;
    } else {
      const bool http10 = parser.get().version() == 10;
      const bool head = ctx.method() == "HEAD";
      const bool body_allowed = http::body_allowed(scope.response.status);
      const bool streamed = scope.stream && body_allowed;
      // A streamed body to an HTTP/1.0 client ends when the connection does.
      const bool keep_alive = parser.keep_alive() && !draining_ && !(streamed && http10);
      thread_local std::string head_bytes;  // every connection of this worker, one response at a time
      head_bytes.clear();
      http::serialize_head(head_bytes, scope.response,
                           {.keep_alive = keep_alive, .http10 = http10, .streamed = streamed}, scope.head_extra);
      set_deadline(std::max(deadline_, decided + cx_.options.idle_timeout));
      std::string_view body;
      if (!head && body_allowed) body = scope.response.body;
      std::size_t sent = write_now(head_bytes, body, ec);
      if (!ec && sent < head_bytes.size() + body.size()) {
        // The rest waits for the socket; the head is copied out of the shared buffer first.
        out_.assign(head_bytes, std::min(sent, head_bytes.size()));
        body.remove_prefix(sent > head_bytes.size() ? sent - head_bytes.size() : 0);
        const std::array<asio::const_buffer, 2> rest{asio::buffer(out_), asio::buffer(body)};
        co_await asio::async_write(stream_, rest, use_ec(ec));
        waited = true;
      }
      bool producer_failed = false;
      if (!ec && streamed && !head) {
        ec = co_await send_stream(ctx, !http10, producer_failed);
        waited = true;
      }
      if (ec && !producer_failed) scope.response.status = 499;
      if (!ec && !keep_alive) ec = asio::error::eof;  // not an error: just the end of this connection
    }
    record.status = scope.response.status;
    end_server_span(ctx, scope);
    responded_at_ = waited ? clock::now() : decided;
    record.elapsed = responded_at_ - started;
    record.trace_id = ctx.trace_id();
    record.span_id = {scope.span_id.data(), scope.span_id.size()};
    if (cx_.options.log_requests && !(scope.probe && cx_.options.log_disable_probes)) {
      log_request(cx_.services.logger, record);
    }
    co_return !ec;
  }

  // Writes what the socket takes without waiting, as it almost always takes a whole small response: no operation
  // queued, no completion dispatched, no coroutine suspended. Returns the bytes written; would-block is not an
  // error. A TLS stream writes nothing here.
  std::size_t write_now(std::string_view head, std::string_view body, boost::system::error_code& ec) {
    if constexpr (std::is_same_v<Stream, tcp::socket>) {
      const std::array<asio::const_buffer, 2> buffers{asio::buffer(head), asio::buffer(body)};
      const auto sent = stream_.write_some(buffers, ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) ec = {};
      return sent;
    } else {
      return 0;
    }
  }

  class ChunkWriter final : public response::StreamWriter {
   public:
    ChunkWriter(Connection& connection, bool chunked) : connection_(connection), chunked_(chunked) {}
    Task<void> write(std::string_view chunk) override {
      if (chunk.empty()) co_return;  // an empty chunk would end the body
      if (const auto ec = co_await connection_.write_chunk(chunk, chunked_)) throw boost::system::system_error(ec);
    }

   private:
    Connection& connection_;
    bool chunked_;
  };

  // Writes one piece of a streamed body; each write must make progress within the idle timeout.
  Task<boost::system::error_code> write_chunk(std::string_view data, bool chunked) {
    char size_line[24];
    std::size_t size_length = 0;
    if (chunked) size_length = static_cast<std::size_t>(fmt::format_to(size_line, "{:x}\r\n", data.size()) - size_line);
    const std::array<asio::const_buffer, 3> buffers{asio::buffer(size_line, size_length), asio::buffer(data),
                                                    asio::buffer(chunked ? "\r\n" : "", chunked ? 2 : 0)};
    set_deadline(clock::now() + cx_.options.idle_timeout);
    busy_ = false;
    boost::system::error_code ec;
    co_await asio::async_write(stream_, buffers, use_ec(ec));
    busy_ = true;
    co_return ec;
  }

  // Runs the handler's producer after the head went out; an error leaves the body unterminated.
  Task<boost::system::error_code> send_stream(Context& ctx, bool chunked, bool& producer_failed) {
    busy_ = true;
    ChunkWriter writer(*this, chunked);
    boost::system::error_code ec;
    try {
      co_await ctx.scope().stream(writer);
      if (chunked) {
        set_deadline(clock::now() + cx_.options.idle_timeout);
        busy_ = false;
        co_await asio::async_write(stream_, asio::buffer("0\r\n\r\n", 5), use_ec(ec));
      }
    } catch (const boost::system::system_error& e) {
      ec = e.code();
    } catch (const std::exception& e) {
      ctx.error(std::string("streamed response aborted: ") + e.what());
      producer_failed = true;
    } catch (...) {
      ctx.error("streamed response aborted by an unknown exception");
      producer_failed = true;
    }
    if (producer_failed) ec = asio::error::connection_aborted;
    busy_ = false;
    co_return ec;
  }

  // Handlers that suspend are raced against the client going away: if it closes its end, the handler is
  // cancelled at its next suspension point and the request is logged as 499.
  Task<void> dispatch(Context& ctx) {
    const auto& dispatcher = cx_.dispatcher;
    if (const Route* route = dispatcher.begin(ctx)) {
      if (dispatcher.immediate(*route)) {
        dispatcher.run_immediate(ctx, *route);
      } else {
        co_await (dispatcher.run(ctx, *route) || watch_for_hangup(ctx.scope()));
      }
    }
    dispatcher.finish(ctx);
  }

  // Completes only when the peer closed its side (EOF or reset). Bytes of a pipelined request end the watch.
  Task<void> watch_for_hangup(RequestScope& scope) {
    auto& socket = socket_of(stream_);
    boost::system::error_code ec;
    co_await socket.async_wait(tcp::socket::wait_read, use_ec(ec));
    if (!ec) {
      char probe;
      const auto n = ::recv(socket.native_handle(), &probe, 1, MSG_PEEK | MSG_DONTWAIT);
      if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))) {
        // Not a hangup: wait until cancelled by the handler finishing.
        asio::steady_timer forever(stream_.get_executor(), clock::time_point::max());
        co_await forever.async_wait(use_ec(ec));
        co_return;
      }
    }
    if (ec == asio::error::operation_aborted) co_return;  // the handler finished first
    client_gone_ = true;
    scope.client_gone = true;
  }

  ConnectionContext cx_;
  Stream stream_;
  asio::steady_timer timer_;
  tcp::endpoint remote_;
  std::string remote_text_;
  beast::flat_buffer buffer_;
  std::string out_;
  std::list<ConnectionState*>::iterator registered_;
  clock::time_point deadline_{};
  clock::time_point armed_ = clock::time_point::max();
  clock::time_point header_start_{};
  clock::time_point responded_at_{};  // when the last response was decided or, if it had to wait, written
  static constexpr std::size_t min_read_size = 1024, max_read_size = 16 * 1024;
  std::size_t read_size_ = min_read_size;  // what the next read asks for
  bool idle_ = true;
  bool busy_ = false;
  bool draining_ = false;
  bool timed_out_ = false;
  bool client_gone_ = false;
  bool linger_ = false;  // a rejection was sent: drain the client's remaining bytes before closing
  bool first_ = true;    // no request served yet on this connection
  bool finished_ = false;          // run() is closing: the watchdog must not touch the connection
  int watchdog_pending_ = 0;       // the watchdog's handler is queued or waiting
};

}  // namespace

Task<void> serve_plain(ConnectionContext context, tcp::socket socket) {
  Connection<tcp::socket> connection(context, std::move(socket));
  co_await connection.run();
}

Task<void> serve_tls(ConnectionContext context, asio::ssl::stream<tcp::socket> stream) {
  Connection<asio::ssl::stream<tcp::socket>> connection(context, std::move(stream));
  co_await connection.run();
}

}  // namespace gofr::detail

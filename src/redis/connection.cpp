#include "redis/connection.hpp"

#include <array>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

namespace gofr::redis::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {
constexpr auto first_backoff = 100ms;
constexpr auto longest_backoff = 5000ms;
}  // namespace

Connection::Connection(asio::any_io_executor executor, const RedisOptions& options, asio::ssl::context& tls_context,
                       Reachability& reachability)
    : executor_(std::move(executor)), options_(options), tls_context_(tls_context), reachability_(reachability) {}

Connection::~Connection() { close(); }

std::string Connection::address() const { return options_.host + ":" + options_.port; }

Task<std::vector<Decoded>> Connection::send(std::vector<std::vector<std::string>> commands, Clock::time_point deadline) {
  if (state_ == State::closed) {
    const auto reached = Clock::time_point(Clock::duration(reachability_.last_connected.load()));
    if (Clock::now() < next_attempt_ && reached <= last_failure_) {
      throw Error(fmt::format("Redis at {} is unreachable ({}); next attempt in {} ms", address(), last_error_,
                              std::chrono::ceil<std::chrono::milliseconds>(next_attempt_ - Clock::now()).count()),
                  "unavailable");
    }
    state_ = State::connecting;
    asio::co_spawn(executor_, connect_and_read(shared_from_this()), asio::detached);
  }
  auto batch = std::make_shared<Batch>(executor_, commands.size());
  batch->done.expires_at(deadline);
  for (const auto& command : commands) append_command(outbox_, command);
  waiting_.push_back(batch);
  if (state_ == State::open) start_flush();

  boost::system::error_code ec;
  co_await batch->done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  if (!batch->finished) {
    // The caller was cancelled (its client went away): the batch stays queued and absorbs its replies.
    if (ec) throw boost::system::system_error(ec);
    fail_all(Error(fmt::format("no reply from Redis at {} before the deadline", address()), "timeout"), true);
  }
  if (batch->failure) throw *batch->failure;
  co_return std::move(batch->replies);
}

// `self` keeps the connection alive while the coroutine runs.
Task<void> Connection::connect_and_read([[maybe_unused]] std::shared_ptr<Connection> self) {
  try {
    co_await open_socket();
  } catch (const std::exception& e) {
    last_error_ = e.what();
    backoff_ = backoff_.count() == 0 ? first_backoff : std::min(backoff_ * 2, longest_backoff);
    fail_all(Error(fmt::format("cannot connect to Redis at {}: {}", address(), last_error_), "unavailable"), false);
    last_failure_ = Clock::now();
    next_attempt_ = last_failure_ + backoff_;
    co_return;
  }
  backoff_ = std::chrono::milliseconds(0);
  reachability_.last_connected = Clock::now().time_since_epoch().count();
  // Authentication and the database come first, ahead of whatever was queued while connecting.
  std::vector<std::vector<std::string>> handshake;
  if (!options_.password.empty()) {
    handshake.push_back(options_.user.empty() ? std::vector<std::string>{"AUTH", options_.password}
                                              : std::vector<std::string>{"AUTH", options_.user, options_.password});
  }
  if (options_.database != 0) handshake.push_back({"SELECT", std::to_string(options_.database)});
  if (!handshake.empty()) {
    auto batch = std::make_shared<Batch>(executor_, handshake.size());
    batch->handshake = true;
    std::string head;
    for (const auto& command : handshake) append_command(head, command);
    outbox_.insert(0, head);
    waiting_.push_front(batch);
  }
  state_ = State::open;
  start_flush();  // what was queued while connecting
  co_await read_replies();
}

Task<void> Connection::open_socket() {
  auto stream = std::make_shared<asio::ssl::stream<tcp::socket>>(executor_, tls_context_);
  // The connect timeout closes whatever is in progress: the lookup or the TCP or TLS handshake.
  tcp::resolver resolver(executor_);
  asio::steady_timer timeout(executor_, options_.connect_timeout);
  bool timed_out = false;
  timeout.async_wait([&, stream](const boost::system::error_code& ec) {
    if (ec) return;
    timed_out = true;
    resolver.cancel();
    boost::system::error_code ignored;
    stream->lowest_layer().close(ignored);
  });
  try {
    const auto endpoints = co_await resolver.async_resolve(options_.host, options_.port, asio::use_awaitable);
    co_await asio::async_connect(stream->next_layer(), endpoints, asio::use_awaitable);
    stream->next_layer().set_option(tcp::no_delay(true));
    if (options_.tls) {
      SSL_set_tlsext_host_name(stream->native_handle(), options_.host.c_str());
      stream->set_verify_callback(asio::ssl::host_name_verification(options_.host));
      co_await stream->async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
    }
  } catch (const boost::system::system_error& e) {
    timeout.cancel();
    if (timed_out) throw Error(fmt::format("timed out after {} ms", options_.connect_timeout.count()), "unavailable");
    throw;
  }
  timeout.cancel();
  stream_ = std::move(stream);
  reader_ = std::make_unique<ReplyReader>();
}

// One writer at a time: commands queued while a write is in flight go out together in the next one.
void Connection::start_flush() {
  if (writing_ || outbox_.empty()) return;
  writing_ = true;
  asio::co_spawn(executor_, flush(shared_from_this()), asio::detached);
}

Task<void> Connection::flush([[maybe_unused]] std::shared_ptr<Connection> self) {
  while (!outbox_.empty() && state_ == State::open) {
    const auto stream = stream_;  // the current socket: after a reconnect, the new one
    std::string sending;
    sending.swap(outbox_);
    boost::system::error_code ec;
    if (options_.tls) {
      co_await asio::async_write(*stream, asio::buffer(sending), asio::redirect_error(asio::use_awaitable, ec));
    } else {
      co_await asio::async_write(stream->next_layer(), asio::buffer(sending),
                                 asio::redirect_error(asio::use_awaitable, ec));
    }
    if (ec && stream_ == stream) {
      fail_all(Error(fmt::format("lost the connection to Redis at {}: {}", address(), ec.message()), "unavailable"),
               true);
    }
  }
  writing_ = false;
}

Task<void> Connection::read_replies() {
  const auto stream = stream_;
  std::array<char, 16 * 1024> buffer;
  for (;;) {
    boost::system::error_code ec;
    std::size_t n = 0;
    if (options_.tls) {
      n = co_await stream->async_read_some(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
    } else {
      n = co_await stream->next_layer().async_read_some(asio::buffer(buffer),
                                                        asio::redirect_error(asio::use_awaitable, ec));
    }
    if (stream_ != stream) co_return;  // closed meanwhile; a newer connection may be running
    if (ec) {
      fail_all(Error(fmt::format("lost the connection to Redis at {}: {}", address(), ec.message()), "unavailable"),
               true);
      co_return;
    }
    try {
      reader_->feed(buffer.data(), n);
      while (auto decoded = reader_->next()) {
        deliver(std::move(*decoded));
        if (stream_ != stream) co_return;  // a refused handshake closed it
      }
    } catch (const Error& e) {
      fail_all(e, true);
      co_return;
    }
  }
}

void Connection::deliver(Decoded decoded) {
  if (waiting_.empty()) {
    fail_all(Error("Redis sent a reply nobody asked for", "protocol"), true);
    return;
  }
  auto& batch = *waiting_.front();
  if (batch.handshake && decoded.error) {
    last_error_ = decoded.error->what();
    backoff_ = backoff_.count() == 0 ? first_backoff : std::min(backoff_ * 2, longest_backoff);
    fail_all(Error(fmt::format("Redis at {} refused the connection: {}", address(), last_error_),
                   decoded.error->code()),
             false);
    last_failure_ = Clock::now();
    next_attempt_ = last_failure_ + backoff_;
    return;
  }
  batch.replies.push_back(std::move(decoded));
  if (batch.replies.size() < batch.expected) return;
  const auto done = std::move(waiting_.front());
  waiting_.pop_front();
  finish(*done);
}

void Connection::finish(Batch& batch) {
  batch.finished = true;
  batch.done.cancel();
}

void Connection::fail_all(const Error& error, bool retry_at_once) {
  state_ = State::closed;
  if (stream_) {
    boost::system::error_code ignored;
    stream_->lowest_layer().close(ignored);
    stream_.reset();
  }
  outbox_.clear();
  reader_.reset();
  if (retry_at_once) next_attempt_ = Clock::time_point{};
  auto failed = std::move(waiting_);
  waiting_.clear();
  for (auto& batch : failed) {
    batch->failure = error;
    finish(*batch);
  }
}

void Connection::close() noexcept {
  try {
    fail_all(Error("the connection to Redis was closed", "unavailable"), false);
  } catch (...) {  // building the message failed: nothing else can
  }
}

}  // namespace gofr::redis::detail

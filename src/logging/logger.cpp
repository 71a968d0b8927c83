#include <pthread.h>
#include <csignal>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <thread>
#include <vector>

#include "gofr/logging.hpp"
#include "logging/json_escape.hpp"
#include "logging/line_builder.hpp"
#include "logging/timestamp.hpp"

namespace gofr {

std::string_view to_string(Level level) noexcept {
  switch (level) {
    case Level::debug:
      return "DEBUG";
    case Level::info:
      return "INFO";
    case Level::notice:
      return "NOTICE";
    case Level::warn:
      return "WARN";
    case Level::error:
      return "ERROR";
    case Level::fatal:
      return "FATAL";
  }
  return "INFO";
}

std::optional<Level> parse_level(std::string_view text) noexcept {
  std::string upper(text);
  std::ranges::transform(upper, upper.begin(), [](unsigned char c) { return std::toupper(c); });
  for (auto level : {Level::debug, Level::info, Level::notice, Level::warn, Level::error, Level::fatal}) {
    if (upper == to_string(level)) return level;
  }
  return std::nullopt;
}

// The background writer: producers append formatted lines to a shared batch (one buffer per stream) under a short
// lock; one thread swaps the batch out and writes it with as few syscalls as possible. The buffers swap back and
// forth with their capacity, so that in the steady state nothing is allocated or freed per line. A full queue
// drops the line instead of waiting.
class Logger::Sink {
 public:
  Sink(std::size_t capacity, int out_fd, int err_fd)
      : capacity_(capacity),
        out_fd_(out_fd < 0 ? STDOUT_FILENO : out_fd),
        err_fd_(err_fd < 0 ? STDERR_FILENO : err_fd),
        writer_([this] {
          ::pthread_setname_np(::pthread_self(), "gofr-log");
          // The app's SIGINT/SIGTERM go to the thread that waits for them, never to this one (it starts before
          // App::run holds them back).
          sigset_t all;
          sigfillset(&all);
          ::pthread_sigmask(SIG_BLOCK, &all, nullptr);
          run();
        }) {}

  ~Sink() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    writer_.join();
  }

  void push(std::string_view line, bool to_stderr) {
    bool wake = false;
    {
      std::lock_guard lock(mutex_);
      if (pending_lines_ >= capacity_) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return;
      }
      (to_stderr ? pending_err_ : pending_out_).append(line);
      ++pending_lines_;
      // Wake the writer when it sleeps with nothing to do, or when a batch is full. Otherwise it is inside its
      // batching window and picks the line up when the window ends: one wake-up per batch, not per line.
      wake = writer_idle_ || pending_lines_ == batch_size;
      writer_idle_ = false;
    }
    if (wake) wake_.notify_one();
  }

  void flush() {
    std::unique_lock lock(mutex_);
    const auto target = enqueued_total_ + pending_lines_;
    flush_requested_ = true;
    wake_.notify_one();
    flushed_.wait(lock, [&] { return written_total_ >= target || stopping_; });
  }

  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::size_t batch_size = 512;
  static constexpr auto batch_window = std::chrono::milliseconds(5);

  void run() {
    std::string out, err;
    std::unique_lock lock(mutex_);
    for (;;) {
      writer_idle_ = pending_lines_ == 0;
      wake_.wait(lock, [&] { return pending_lines_ > 0 || stopping_ || flush_requested_; });
      // The batching window: writing every line on its own would cost a wake-up and a write per request.
      wake_.wait_for(lock, batch_window,
                     [&] { return pending_lines_ >= batch_size || stopping_ || flush_requested_; });
      flush_requested_ = false;
      if (pending_lines_ == 0 && stopping_) return;
      out.swap(pending_out_);
      err.swap(pending_err_);
      const auto n = std::exchange(pending_lines_, 0);
      enqueued_total_ += n;
      lock.unlock();
      write_all(out_fd_, out);
      write_all(err_fd_, err);
      out.clear();
      err.clear();
      lock.lock();
      written_total_ += n;
      flushed_.notify_all();
    }
  }

  static void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
      const auto n = ::write(fd, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return;  // nowhere left to report a broken log stream
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  const std::size_t capacity_;
  const int out_fd_;
  const int err_fd_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable flushed_;
  std::string pending_out_, pending_err_;  // the lines queued, per stream
  std::size_t pending_lines_ = 0;
  bool writer_idle_ = true;
  bool stopping_ = false;
  bool flush_requested_ = false;
  std::uint64_t enqueued_total_ = 0;
  std::uint64_t written_total_ = 0;
  std::atomic<std::uint64_t> dropped_{0};
  std::thread writer_;
};

Logger::Logger(LoggerOptions options)
    : level_(options.level),
      pretty_(options.pretty.value_or(::isatty(options.out_fd < 0 ? STDOUT_FILENO : options.out_fd) == 1)),
      version_(std::move(options.framework_version)),
      sink_(std::make_unique<Sink>(options.queue_capacity, options.out_fd, options.err_fd)) {}

Logger::~Logger() = default;

namespace {

std::string_view colour_of(Level level) {
  switch (level) {
    case Level::debug:
      return "\033[36m";
    case Level::info:
      return "\033[34m";
    case Level::notice:
      return "\033[33m";
    case Level::warn:
      return "\033[33m";
    case Level::error:
    case Level::fatal:
      return "\033[31m";
  }
  return "";
}

}  // namespace

void Logger::log(Level level, std::string_view message, std::string_view trace_id, std::string_view span_id) {
  if (!enabled(level)) return;
  std::string quoted;
  quoted.reserve(message.size() + 2);
  quoted.push_back('"');
  logging::append_json_escaped(quoted, message);
  quoted.push_back('"');
  log_json(level, quoted, trace_id, span_id);
}

namespace {

thread_local std::string thread_line;
thread_local bool thread_line_busy = false;

}  // namespace

Logger::LineBuffer::LineBuffer() : line_(thread_line_busy ? &own_ : &thread_line) {
  if (line_ == &thread_line) {
    thread_line_busy = true;
    thread_line.clear();
  }
}

Logger::LineBuffer::~LineBuffer() {
  if (line_ == &thread_line) thread_line_busy = false;
}

void Logger::log_json(Level level, std::string_view message_json, std::string_view trace_id,
                      std::string_view span_id) {
  if (!enabled(level)) return;
  LineBuffer buffer;
  auto& line = buffer.text();
  if (pretty_) {
    line.append(colour_of(level)).append(to_string(level)).append("\033[0m [");
    logging::append_clock_time(line);
    line.append("] ");
    if (!trace_id.empty()) line.append("\033[90m").append(trace_id).append("\033[0m ");
    // A plain string message is shown without its JSON quotes.
    if (message_json.size() >= 2 && message_json.front() == '"') {
      line.append(message_json.substr(1, message_json.size() - 2));
    } else {
      line.append(message_json);
    }
  } else {
    begin_json_line(line, level);
    line.append(message_json);
    return end_json_line(line, level, trace_id, span_id);
  }
  line.push_back('\n');
  sink_->push(line, level >= Level::error);
}

void Logger::begin_json_line(std::string& line, Level level) const {
  logging::LineBuilder out(line);
  out << R"({"level":")" << to_string(level) << R"(","time":")";
  out.advance(logging::write_rfc3339(out.reserve(logging::rfc3339_max_size), std::chrono::system_clock::now()));
  out << R"(","message":)";
}

void Logger::end_json_line(std::string& line, Level level, std::string_view trace_id, std::string_view span_id) {
  {
    logging::LineBuilder out(line);
    if (!trace_id.empty()) out << R"(,"trace_id":")" << trace_id << '"';
    if (!span_id.empty()) out << R"(,"span_id":")" << span_id << '"';
    out << R"(,"gofrVersion":")" << version_ << "\"}\n";
  }
  sink_->push(line, level >= Level::error);
}

void Logger::flush() { sink_->flush(); }

std::uint64_t Logger::dropped() const noexcept { return sink_->dropped(); }

}  // namespace gofr

#include "gofr/logging.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <thread>
#include <vector>

#include "logging/json_escape.hpp"
#include "logging/timestamp.hpp"

namespace gofr {

std::string_view to_string(Level level) noexcept {
  switch (level) {
    case Level::debug: return "DEBUG";
    case Level::info: return "INFO";
    case Level::notice: return "NOTICE";
    case Level::warn: return "WARN";
    case Level::error: return "ERROR";
    case Level::fatal: return "FATAL";
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

// The background writer: producers append formatted lines under a short lock; one thread swaps the batch out and
// writes it with as few syscalls as possible. A full queue drops the line instead of waiting.
class Logger::Sink {
 public:
  Sink(std::size_t capacity, int out_fd, int err_fd)
      : capacity_(capacity), out_fd_(out_fd < 0 ? STDOUT_FILENO : out_fd), err_fd_(err_fd < 0 ? STDERR_FILENO : err_fd),
        writer_([this] { run(); }) {}

  ~Sink() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    writer_.join();
  }

  void push(std::string line, bool to_stderr) {
    bool wake = false;
    {
      std::lock_guard lock(mutex_);
      if (pending_.size() >= capacity_) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return;
      }
      pending_.push_back({std::move(line), to_stderr});
      // Wake the writer only when it is idle; while it is writing it will pick this line up on its next pass.
      wake = writer_idle_;
      writer_idle_ = false;
    }
    if (wake) wake_.notify_one();
  }

  void flush() {
    std::unique_lock lock(mutex_);
    const auto target = enqueued_total_ + pending_.size();
    wake_.notify_one();
    flushed_.wait(lock, [&] { return written_total_ >= target || stopping_; });
  }

  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

 private:
  struct Line {
    std::string text;
    bool to_stderr;
  };

  void run() {
    std::vector<Line> batch;
    std::string out, err;
    std::unique_lock lock(mutex_);
    for (;;) {
      writer_idle_ = pending_.empty();
      wake_.wait(lock, [&] { return !pending_.empty() || stopping_; });
      if (pending_.empty() && stopping_) return;
      batch.swap(pending_);
      enqueued_total_ += batch.size();
      lock.unlock();
      out.clear();
      err.clear();
      for (auto& line : batch) (line.to_stderr ? err : out).append(line.text);
      write_all(out_fd_, out);
      write_all(err_fd_, err);
      const auto n = batch.size();
      batch.clear();
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
  std::vector<Line> pending_;
  bool writer_idle_ = true;
  bool stopping_ = false;
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
    case Level::debug: return "\033[36m";
    case Level::info: return "\033[34m";
    case Level::notice: return "\033[33m";
    case Level::warn: return "\033[33m";
    case Level::error:
    case Level::fatal: return "\033[31m";
  }
  return "";
}

}  // namespace

void Logger::log(Level level, std::string_view message, std::string_view trace_id) {
  if (!enabled(level)) return;
  std::string quoted;
  quoted.reserve(message.size() + 2);
  quoted.push_back('"');
  logging::append_json_escaped(quoted, message);
  quoted.push_back('"');
  log_json(level, quoted, trace_id);
}

void Logger::log_json(Level level, std::string_view message_json, std::string_view trace_id) {
  if (!enabled(level)) return;
  std::string line;
  line.reserve(message_json.size() + 128);
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
    line.append(R"({"level":")").append(to_string(level)).append(R"(","time":")");
    logging::append_rfc3339_now(line);
    line.append(R"(","message":)").append(message_json);
    if (!trace_id.empty()) line.append(R"(,"trace_id":")").append(trace_id).append("\"");
    line.append(R"(,"gofrVersion":")").append(version_).append("\"}");
  }
  line.push_back('\n');
  sink_->push(std::move(line), level >= Level::error);
}

void Logger::flush() { sink_->flush(); }

std::uint64_t Logger::dropped() const noexcept { return sink_->dropped(); }

}  // namespace gofr

#include <pthread.h>
#include <csignal>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstring>
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

// The background writer: producers append their lines to a shared batch under a short lock, as text or as records
// still to format (log_deferred); one thread swaps the batch out, formats the records in order with the text lines,
// and writes each stream with as few syscalls as possible. The buffers swap back and forth with their capacity, so
// that in the steady state nothing is allocated or freed per line. A full queue drops the line instead of waiting.
class Logger::Sink {
 public:
  Sink(const Logger& logger, std::size_t capacity, int out_fd, int err_fd)
      : logger_(logger),
        capacity_(capacity),
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
    enqueue([&](Batch& batch) {
      batch.entries.push_back({nullptr, batch.bytes.size(), line.size(), 0, to_stderr, Level::info, {}});
      batch.bytes.append(line);
    });
  }

  void push_record(Level level, const void* record, std::size_t size, RecordWriter write, std::string_view trace_id) {
    const auto time = std::chrono::system_clock::now();
    enqueue([&](Batch& batch) {
      batch.entries.push_back({write, batch.bytes.size(), size, trace_id.size(), level >= Level::error, level, time});
      batch.bytes.append(static_cast<const char*>(record), size);
      batch.bytes.append(trace_id);
    });
  }

  void flush() {
    std::unique_lock lock(mutex_);
    const auto target = enqueued_total_ + pending_.entries.size();
    flush_requested_ = true;
    wake_.notify_one();
    flushed_.wait(lock, [&] { return written_total_ >= target || stopping_; });
  }

  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::size_t batch_size = 512;
  static constexpr auto batch_window = std::chrono::milliseconds(5);

  // A queued line: text, or a record (with the trace id after it) that `write` serialises.
  struct Entry {
    RecordWriter write;  // null for text
    std::size_t offset;  // into Batch::bytes
    std::size_t size;
    std::size_t trace_size;
    bool to_stderr;
    Level level;
    std::chrono::system_clock::time_point time;
  };
  struct Batch {
    std::vector<Entry> entries;
    std::string bytes;
  };

  template <class Add>
  void enqueue(Add add) {
    bool wake = false;
    {
      std::lock_guard lock(mutex_);
      if (pending_.entries.size() >= capacity_) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return;
      }
      add(pending_);
      // Wake the writer when it sleeps with nothing to do, or when a batch is full. Otherwise it is inside its
      // batching window and picks the line up when the window ends: one wake-up per batch, not per line.
      wake = writer_idle_ || pending_.entries.size() == batch_size;
      writer_idle_ = false;
    }
    if (wake) wake_.notify_one();
  }

  void run() {
    Batch batch;
    std::string out, err;
    std::unique_lock lock(mutex_);
    for (;;) {
      writer_idle_ = pending_.entries.empty();
      wake_.wait(lock, [&] { return !pending_.entries.empty() || stopping_ || flush_requested_; });
      // The batching window: writing every line on its own would cost a wake-up and a write per request.
      wake_.wait_for(lock, batch_window,
                     [&] { return pending_.entries.size() >= batch_size || stopping_ || flush_requested_; });
      flush_requested_ = false;
      if (pending_.entries.empty() && stopping_) return;
      std::swap(batch, pending_);
      const auto n = batch.entries.size();
      enqueued_total_ += n;
      lock.unlock();
      format(batch, out, err);
      write_all(out_fd_, out);
      write_all(err_fd_, err);
      out.clear();
      err.clear();
      batch.entries.clear();
      batch.bytes.clear();
      lock.lock();
      written_total_ += n;
      flushed_.notify_all();
    }
  }

  // The batch's lines in order, each into its stream; the records formatted here, one after the other.
  void format(const Batch& batch, std::string& out, std::string& err) const {
    for (const auto& entry : batch.entries) {
      auto& line = entry.to_stderr ? err : out;
      const char* bytes = batch.bytes.data() + entry.offset;
      if (!entry.write) {
        line.append(bytes, entry.size);
        continue;
      }
      alignas(std::max_align_t) std::byte record[max_deferred_size];  // the bytes in `bytes` are not aligned
      std::memcpy(record, bytes, entry.size);
      logger_.begin_json_line(line, entry.level, entry.time);
      entry.write(record, line);
      logger_.finish_json_line(line, {bytes + entry.size, entry.trace_size}, {});
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

  const Logger& logger_;
  const std::size_t capacity_;
  const int out_fd_;
  const int err_fd_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable flushed_;
  Batch pending_;
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
      sink_(std::make_unique<Sink>(*this, options.queue_capacity, options.out_fd, options.err_fd)) {}

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

void Logger::begin_json_line(std::string& line, Level level, std::chrono::system_clock::time_point time) const {
  logging::LineBuilder out(line);
  out << R"({"level":")" << to_string(level) << R"(","time":")";
  out.advance(logging::write_rfc3339(out.reserve(logging::rfc3339_max_size), time));
  out << R"(","message":)";
}

void Logger::finish_json_line(std::string& line, std::string_view trace_id, std::string_view span_id) const {
  logging::LineBuilder out(line);
  if (!trace_id.empty()) out << R"(,"trace_id":")" << trace_id << '"';
  if (!span_id.empty()) out << R"(,"span_id":")" << span_id << '"';
  out << R"(,"gofrVersion":")" << version_ << "\"}\n";
}

void Logger::end_json_line(std::string& line, Level level, std::string_view trace_id, std::string_view span_id) {
  finish_json_line(line, trace_id, span_id);
  sink_->push(line, level >= Level::error);
}

void Logger::queue_deferred(Level level, const void* record, std::size_t size, RecordWriter write,
                            std::string_view trace_id) {
  if (pretty_) {  // the terminal format is for people at a terminal, not for throughput: formatted here
    std::string message;
    write(record, message);
    return log_json(level, message, trace_id);
  }
  sink_->push_record(level, record, size, write, trace_id);
}

void Logger::flush() { sink_->flush(); }

std::uint64_t Logger::dropped() const noexcept { return sink_->dropped(); }

}  // namespace gofr

#pragma once
// Structured logging in GoFr's format: one JSON object per line
//   {"level":"INFO","time":"<RFC 3339, local offset>","message":…,"trace_id":"…","gofrVersion":"…"}
// or coloured text when stdout is a terminal. ERROR and FATAL go to stderr, everything else to stdout.
//
// Threading: every member function may be called from any thread. Lines are formatted on the caller's thread (or,
// for log_deferred, on the writer's) and written by a background thread through a bounded queue, so a slow stdout
// never blocks a request; when the queue is full the line is dropped and counted (`dropped()`). Lines logged by
// one thread are written in the order it logged them.
#include <atomic>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

namespace gofr {

enum class Level : std::uint8_t { debug, info, notice, warn, error, fatal };

std::string_view to_string(Level level) noexcept;
// Case-insensitive: DEBUG, INFO, NOTICE, WARN, ERROR, FATAL.
std::optional<Level> parse_level(std::string_view text) noexcept;

struct LoggerOptions {
  Level level = Level::info;
  // Colour text instead of JSON; by default when stdout is a terminal.
  std::optional<bool> pretty;
  std::string framework_version = "dev";
  // Lines buffered before new ones are dropped.
  std::size_t queue_capacity = 64 * 1024;
  // Where lines go; -1 means stdout / stderr. Tests point these at pipes.
  int out_fd = -1;
  int err_fd = -1;
};

class Logger {
 public:
  explicit Logger(LoggerOptions options = {});
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  bool enabled(Level level) const noexcept { return level >= level_.load(std::memory_order_relaxed); }
  Level level() const noexcept { return level_.load(std::memory_order_relaxed); }
  void set_level(Level level) noexcept { level_.store(level, std::memory_order_relaxed); }

  // `message` is written as a JSON string. `trace_id` and `span_id`, when given, become top-level fields.
  void log(Level level, std::string_view message, std::string_view trace_id = {}, std::string_view span_id = {});
  // `message_json` must be one serialised JSON value (an object for structured records); it is written as is.
  void log_json(Level level, std::string_view message_json, std::string_view trace_id = {},
                std::string_view span_id = {});

  // Like log_json, with the message serialised by `write(std::string&)` straight into the line: no copy.
  template <class Write>
  void log_record(Level level, Write&& write, std::string_view trace_id = {}) {
    if (!enabled(level)) return;
    if (pretty_) {
      std::string message;
      write(message);
      return log_json(level, message, trace_id);
    }
    LineBuffer buffer;
    begin_json_line(buffer.text(), level);
    write(buffer.text());
    end_json_line(buffer.text(), level, trace_id, {});
  }

  void debug(std::string_view m) { log(Level::debug, m); }
  void info(std::string_view m) { log(Level::info, m); }
  void notice(std::string_view m) { log(Level::notice, m); }
  void warn(std::string_view m) { log(Level::warn, m); }
  void error(std::string_view m) { log(Level::error, m); }
  // Logs at FATAL. Unlike GoFr it does not exit: library code never ends the process; the caller decides.
  void fatal(std::string_view m) { log(Level::fatal, m); }

  template <class... Args>
  void logf(Level level, fmt::format_string<Args...> format, Args&&... args) {
    if (enabled(level)) log(level, fmt::format(format, std::forward<Args>(args)...));
  }
  template <class... Args>
  void infof(fmt::format_string<Args...> f, Args&&... a) {
    logf(Level::info, f, std::forward<Args>(a)...);
  }
  template <class... Args>
  void debugf(fmt::format_string<Args...> f, Args&&... a) {
    logf(Level::debug, f, std::forward<Args>(a)...);
  }
  template <class... Args>
  void warnf(fmt::format_string<Args...> f, Args&&... a) {
    logf(Level::warn, f, std::forward<Args>(a)...);
  }
  template <class... Args>
  void errorf(fmt::format_string<Args...> f, Args&&... a) {
    logf(Level::error, f, std::forward<Args>(a)...);
  }

  static constexpr std::size_t max_deferred_size = 192;
  // A line whose message `record.write(std::string&)` serialises later, on the writer's thread: the record is
  // copied into the queue and formatted there with the others of its batch, off the caller's path. For lines
  // logged per request (gRPC calls), whose formatting cost more on a request thread, with its caches full of other
  // work, than on the writer. The line's time is taken now.
  template <class Record>
    requires std::is_trivially_copyable_v<Record> && (sizeof(Record) <= max_deferred_size) &&
             (alignof(Record) <= alignof(std::max_align_t)) && requires(const Record& r, std::string& s) { r.write(s); }
  void log_deferred(Level level, const Record& record, std::string_view trace_id = {}) {
    if (!enabled(level)) return;
    queue_deferred(level, &record, sizeof(Record), [](const void* r, std::string& out) {
      static_cast<const Record*>(r)->write(out);
    }, trace_id);
  }

  // Blocks until every line queued so far has been written.
  void flush();
  // Lines dropped because the queue was full.
  std::uint64_t dropped() const noexcept;

 private:
  class Sink;
  using RecordWriter = void (*)(const void* record, std::string& out);
  void queue_deferred(Level level, const void* record, std::size_t size, RecordWriter write,
                      std::string_view trace_id);
  // The thread's line being formatted, reused from line to line so that logging allocates nothing once warm; a
  // line formatted while another is (a write callback that logs) gets a string of its own.
  class LineBuffer {
   public:
    LineBuffer();
    ~LineBuffer();
    LineBuffer(const LineBuffer&) = delete;
    LineBuffer& operator=(const LineBuffer&) = delete;
    std::string& text() noexcept { return *line_; }

   private:
    std::string own_;
    std::string* line_;
  };
  void begin_json_line(std::string& line, Level level,
                       std::chrono::system_clock::time_point time = std::chrono::system_clock::now()) const;
  void finish_json_line(std::string& line, std::string_view trace_id, std::string_view span_id) const;
  // Completes the line and queues a copy of it.
  void end_json_line(std::string& line, Level level, std::string_view trace_id, std::string_view span_id);

  std::atomic<Level> level_;
  bool pretty_;
  std::string version_;
  std::unique_ptr<Sink> sink_;
};

}  // namespace gofr

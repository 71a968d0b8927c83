#pragma once
// One SQLite connection: statements prepared once and kept (an LRU of 64), parameters bound, never interpolated.
// Blocking, like SQLite itself: the framework runs it on the blocking pool, one connection per running call.
// Opened in WAL mode with a busy timeout, so readers do not block the writer and a locked database waits a little
// instead of failing at once; foreign keys are enforced.
#include <chrono>
#include <list>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gofr/sql/types.hpp"
#include "sql/connection_pool.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace gofr::sql::detail {

class SqliteConnection final : public PooledConnection {
 public:
  // `path` is a file name (created if missing) or ":memory:". Throws Error when it cannot be opened.
  explicit SqliteConnection(const std::string& path, std::chrono::milliseconds busy_timeout = std::chrono::seconds(5));
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // `statement` uses ? or $n parameters (placeholders.hpp). Throw Error with SQLite's message and result code.
  // At most `max_rows` rows are read.
  std::vector<Row> query(std::string_view statement, std::span<const Value> args,
                         std::size_t max_rows = static_cast<std::size_t>(-1));
  Result exec(std::string_view statement, std::span<const Value> args);
  // Statements without parameters, possibly several separated by ';' (migrations, BEGIN/COMMIT).
  void exec_script(const std::string& script);

  bool in_transaction() const noexcept override;

 private:
  struct Cached {
    sqlite3_stmt* statement;
    std::list<std::string>::iterator age;
  };

  void enter_wal_mode(std::chrono::milliseconds busy_timeout);
  sqlite3_stmt* prepare(std::string_view statement, std::span<const Value> args);
  [[noreturn]] void fail(int code, std::string_view what) const;

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Cached> cache_;
  std::list<std::string> ages_;  // most recently used first
  static constexpr std::size_t cache_size = 64;
};

}  // namespace gofr::sql::detail

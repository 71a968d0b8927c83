#include "sql/sqlite_connection.hpp"

#include <algorithm>
#include <cctype>
#include <thread>

#include <fmt/format.h>

#include "sql/libsqlite3.hpp"
#include "sql/placeholders.hpp"

namespace gofr::sql::detail {

namespace {

// Resets a statement however the call ends, so that it can be reused and holds no read lock.
struct Reset {
  sqlite3_stmt* statement;
  ~Reset() {
    libsqlite3().sqlite3_reset(statement);
    libsqlite3().sqlite3_clear_bindings(statement);
  }
};

Value column_value(sqlite3_stmt* statement, int i) {
  switch (libsqlite3().sqlite3_column_type(statement, i)) {
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(libsqlite3().sqlite3_column_int64(statement, i));
    case SQLITE_FLOAT:
      return libsqlite3().sqlite3_column_double(statement, i);
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(libsqlite3().sqlite3_column_text(statement, i));
      return std::string(text, static_cast<std::size_t>(libsqlite3().sqlite3_column_bytes(statement, i)));
    }
    case SQLITE_BLOB: {
      const auto* bytes = static_cast<const char*>(libsqlite3().sqlite3_column_blob(statement, i));
      const auto size = static_cast<std::size_t>(libsqlite3().sqlite3_column_bytes(statement, i));
      return Blob{std::string(bytes ? bytes : "", size)};
    }
    default:
      return std::monostate{};
  }
}

// The statement's first word is `keyword` (any case).
bool starts_with_keyword(std::string_view text, std::string_view keyword) {
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || text.size() - start < keyword.size()) return false;
  const auto word = text.substr(start, keyword.size());
  return std::equal(word.begin(), word.end(), keyword.begin(), [](char a, char b) {
    return std::toupper(static_cast<unsigned char>(a)) == b;
  });
}

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, std::chrono::milliseconds busy_timeout) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  if (const int rc = libsqlite3().sqlite3_open_v2(path.c_str(), &db_, flags, nullptr); rc != SQLITE_OK) {
    const std::string message = db_ ? libsqlite3().sqlite3_errmsg(db_) : libsqlite3().sqlite3_errstr(rc);
    libsqlite3().sqlite3_close_v2(db_);
    db_ = nullptr;
    throw Error(fmt::format("cannot open SQLite database {:?}: {}", path, message), std::to_string(rc));
  }
  libsqlite3().sqlite3_extended_result_codes(db_, 1);
  libsqlite3().sqlite3_busy_timeout(db_, static_cast<int>(busy_timeout.count()));
  try {
    enter_wal_mode(busy_timeout);
    exec_script("PRAGMA foreign_keys=ON");
  } catch (...) {  // the destructor does not run for a constructor that throws
    libsqlite3().sqlite3_close_v2(db_);
    throw;
  }
}

// Switching a new database to WAL takes an exclusive lock that SQLite does not wait for through the busy handler:
// a second process opening the same new file at that moment (replicas starting together) gets SQLITE_BUSY at once.
// It is tried again until the busy timeout.
void SqliteConnection::enter_wal_mode(std::chrono::milliseconds busy_timeout) {
  const auto give_up = std::chrono::steady_clock::now() + busy_timeout;
  for (;;) {
    const int rc = libsqlite3().sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return;
    if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= give_up) fail(rc, "cannot enter WAL mode");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

SqliteConnection::~SqliteConnection() {
  for (auto& [text, cached] : cache_) libsqlite3().sqlite3_finalize(cached.statement);
  libsqlite3().sqlite3_close_v2(db_);
}

void SqliteConnection::fail(int code, std::string_view what) const {
  const int extended = libsqlite3().sqlite3_extended_errcode(db_);
  throw Error(fmt::format("{}: {}", what, libsqlite3().sqlite3_errmsg(db_)),
              std::to_string(extended ? extended : code));
}

sqlite3_stmt* SqliteConnection::prepare(std::string_view text, std::span<const Value> args) {
  const auto sql = rewrite_placeholders(text, Dialect::sqlite);
  sqlite3_stmt* statement = nullptr;
  if (auto it = cache_.find(sql); it != cache_.end()) {
    ages_.splice(ages_.begin(), ages_, it->second.age);
    statement = it->second.statement;
  } else {
    const char* tail = nullptr;
    const int rc = libsqlite3().sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &statement, &tail);
    if (rc != SQLITE_OK) {
      fail(rc, "cannot prepare statement");
    }
    if (!statement) throw Error("the statement is empty", std::to_string(SQLITE_MISUSE));
    if (tail && *tail && std::string_view(tail).find_first_not_of(" \t\r\n;") != std::string_view::npos) {
      libsqlite3().sqlite3_finalize(statement);
      throw Error("one statement per call: use exec_script or a transaction for several", std::to_string(SQLITE_MISUSE));
    }
    if (cache_.size() >= cache_size) {
      const auto oldest = cache_.find(ages_.back());
      libsqlite3().sqlite3_finalize(oldest->second.statement);
      cache_.erase(oldest);
      ages_.pop_back();
    }
    ages_.push_front(sql);
    cache_.emplace(sql, Cached{statement, ages_.begin()});
  }
  const int expected = libsqlite3().sqlite3_bind_parameter_count(statement);
  if (expected != static_cast<int>(args.size())) {
    throw Error(fmt::format("the statement has {} parameters, {} values were given", expected, args.size()),
                std::to_string(SQLITE_RANGE));
  }
  for (int i = 0; i < expected; ++i) {
    const auto& v = args[static_cast<std::size_t>(i)];
    int rc = SQLITE_OK;
    if (const auto* n = std::get_if<std::int64_t>(&v)) {
      rc = libsqlite3().sqlite3_bind_int64(statement, i + 1, *n);
    } else if (const auto* d = std::get_if<double>(&v)) {
      rc = libsqlite3().sqlite3_bind_double(statement, i + 1, *d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      rc = libsqlite3().sqlite3_bind_text64(statement, i + 1, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    } else if (const auto* b = std::get_if<Blob>(&v)) {
      rc = libsqlite3().sqlite3_bind_blob64(statement, i + 1, b->bytes.data(), b->bytes.size(), SQLITE_TRANSIENT);
    } else {
      rc = libsqlite3().sqlite3_bind_null(statement, i + 1);
    }
    if (rc != SQLITE_OK) {
      libsqlite3().sqlite3_clear_bindings(statement);
      fail(rc, "cannot bind parameter " + std::to_string(i + 1));
    }
  }
  return statement;
}

std::vector<Row> SqliteConnection::query(std::string_view text, std::span<const Value> args, std::size_t max_rows) {
  auto* statement = prepare(text, args);
  const Reset reset{statement};
  const int n = libsqlite3().sqlite3_column_count(statement);
  auto columns = std::make_shared<std::vector<std::string>>();
  for (int i = 0; i < n; ++i) columns->emplace_back(libsqlite3().sqlite3_column_name(statement, i));
  std::vector<Row> rows;
  while (rows.size() < max_rows) {
    const int rc = libsqlite3().sqlite3_step(statement);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) fail(rc, "query failed");
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) values.push_back(column_value(statement, i));
    rows.emplace_back(columns, std::move(values));
  }
  return rows;
}

Result SqliteConnection::exec(std::string_view text, std::span<const Value> args) {
  auto* statement = prepare(text, args);
  const Reset reset{statement};
  const auto changes_before = libsqlite3().sqlite3_total_changes64(db_);
  int rc;
  while ((rc = libsqlite3().sqlite3_step(statement)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) fail(rc, "statement failed");
  // sqlite3_changes64 and the last rowid keep the values of the last statement that changed rows: after a CREATE
  // TABLE, or an INSERT OR IGNORE that ignored, they would report an earlier statement's.
  if (libsqlite3().sqlite3_total_changes64(db_) == changes_before) return {};
  Result result{.rows_affected = libsqlite3().sqlite3_changes64(db_)};
  if (starts_with_keyword(text, "INSERT") || starts_with_keyword(text, "REPLACE")) {
    result.last_insert_id = libsqlite3().sqlite3_last_insert_rowid(db_);
  }
  return result;
}

void SqliteConnection::exec_script(const std::string& script) {
  char* error = nullptr;
  if (const int rc = libsqlite3().sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &error); rc != SQLITE_OK) {
    const std::string message = error ? error : libsqlite3().sqlite3_errstr(rc);
    libsqlite3().sqlite3_free(error);
    throw Error(message, std::to_string(rc));
  }
}

bool SqliteConnection::in_transaction() const noexcept { return libsqlite3().sqlite3_get_autocommit(db_) == 0; }

}  // namespace gofr::sql::detail

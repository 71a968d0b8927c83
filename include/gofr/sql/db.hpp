#pragma once
// The app's SQL database, on behalf of the request being served (GoFr's ctx.SQL):
//
//   auto rows  = co_await ctx.sql().query("SELECT id, name FROM items WHERE price < ?", limit);
//   auto item  = co_await ctx.sql().select_one<Item>("SELECT * FROM items WHERE id = ?", id);
//   auto items = co_await ctx.sql().select<Item>("SELECT * FROM items ORDER BY id");
//   auto done  = co_await ctx.sql().exec("UPDATE items SET price = ? WHERE id = ?", price, id);
//
//   auto tx = co_await ctx.sql().begin();
//   co_await tx.exec("INSERT INTO orders (item_id) VALUES (?)", id);
//   co_await tx.exec("UPDATE items SET stock = stock - 1 WHERE id = ?", id);
//   co_await tx.commit();  // a transaction that is not committed is rolled back
//
// Parameters are always bound, never pasted into the statement: write `?` (in order) or `$1`, `$2` … (by number) in
// any dialect. Each connection prepares a statement once and keeps it, so a statement run again is not parsed again.
// Every statement gets a CLIENT span, GoFr's DEBUG log line and the app_sql_stats histogram. See docs/sql.md.
//
// Threading: use a DB or Transaction from the handler that got it; the call resumes on the handler's worker thread.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>

#include "gofr/sql/types.hpp"
#include "gofr/task.hpp"

namespace gofr {
class Context;
}

namespace gofr::sql {

namespace detail {
class Datasource;  // the app's database: driver, pool and what its spans, logs and metrics say of it
class Session;     // one connection held for a call or a transaction

// "createdAt" and "created_at" → "created_at": how a described member's name meets its column (GoFr's Select).
std::string snake_case(std::string_view name);

template <class T>
void read_row(const Row& row, T& out) {
  static_assert(boost::describe::has_describe_members<T>::value,
                "select<T>: describe T with BOOST_DESCRIBE_STRUCT, or use query() and read the rows");
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto member) {
    const auto column = snake_case(member.name);
    const auto& names = row.columns();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == column) {
        out.*member.pointer = row.get<std::remove_cvref_t<decltype(out.*member.pointer)>>(i);
        return;
      }
    }
  });  // a member without a column keeps its default, a column without a member is ignored
}
}  // namespace detail

// What DB and Transaction have in common: statements with bound parameters.
class Statements {
 public:
  // Every row of the result.
  template <class... A>
  Task<std::vector<Row>> query(std::string_view statement, const A&... args) {
    return run_query(std::string(statement), values(args...), no_limit);
  }
  // The first row, or nullopt when there is none (GoFr's QueryRow).
  template <class... A>
  Task<std::optional<Row>> query_one(std::string_view statement, const A&... args) {
    return run_query_one(std::string(statement), values(args...));
  }
  // A statement that returns no rows: rows affected and, for a SQLite INSERT, the new rowid.
  template <class... A>
  Task<Result> exec(std::string_view statement, const A&... args) {
    return run_exec(std::string(statement), values(args...));
  }
  // The rows as T, a struct described with BOOST_DESCRIBE_STRUCT: each public member takes the column of its
  // snake_case name (GoFr's Select). Throws Error when a column's value does not fit its member.
  template <class T, class... A>
  Task<std::vector<T>> select(std::string_view statement, const A&... args) {
    return select_rows<T>(std::string(statement), values(args...), no_limit);
  }
  template <class T, class... A>
  Task<std::optional<T>> select_one(std::string_view statement, const A&... args) {
    return select_first<T>(std::string(statement), values(args...));
  }

  Dialect dialect() const noexcept;

 protected:
  Statements(Context* ctx, detail::Datasource& datasource, detail::Session* session) noexcept
      : ctx_(ctx), datasource_(&datasource), session_(session), transaction_(session != nullptr) {}

  Context* ctx_;  // the request the statements run for; null for the app's own (migrations)
  detail::Datasource* datasource_;
  detail::Session* session_;  // the transaction's connection (null once it has ended)
  bool transaction_;          // false: each statement takes a connection from the pool

 private:
  static constexpr std::size_t no_limit = static_cast<std::size_t>(-1);

  template <class... A>
  static std::vector<Value> values(const A&... args) {
    std::vector<Value> out;
    out.reserve(sizeof...(A));
    (out.push_back(to_value(args)), ...);
    return out;
  }

  Task<std::unique_ptr<detail::Session>> session_for_statement();
  Task<std::vector<Row>> run_query(std::string statement, std::vector<Value> args, std::size_t max_rows);
  Task<std::optional<Row>> run_query_one(std::string statement, std::vector<Value> args);
  Task<Result> run_exec(std::string statement, std::vector<Value> args);

  template <class T>
  Task<std::vector<T>> select_rows(std::string statement, std::vector<Value> args, std::size_t max_rows) {
    auto rows = co_await run_query(std::move(statement), std::move(args), max_rows);
    std::vector<T> out(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) detail::read_row(rows[i], out[i]);
    co_return out;
  }
  template <class T>
  Task<std::optional<T>> select_first(std::string statement, std::vector<Value> args) {
    auto rows = co_await select_rows<T>(std::move(statement), std::move(args), 1);
    if (rows.empty()) co_return std::nullopt;
    co_return std::move(rows.front());
  }
};

// A transaction: its statements run on one connection between BEGIN and commit(). Destroyed without commit() (a
// handler that threw, or returned early) it is rolled back.
class Transaction : public Statements {
 public:
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Task<void> commit();
  Task<void> rollback();

 private:
  friend class DB;
  Transaction(Context* ctx, detail::Datasource& datasource, std::unique_ptr<detail::Session> session) noexcept;
  Task<void> finish(std::string_view statement);

  std::unique_ptr<detail::Session> owned_;
};

// ctx.sql(): statements on the app's database, each on a pooled connection for its own duration.
class DB : public Statements {
 public:
  DB(Context& ctx, detail::Datasource& datasource) noexcept : Statements(&ctx, datasource, nullptr) {}
  // Statements the app runs for itself, outside any request (migrations): root spans, no request deadline.
  explicit DB(detail::Datasource& datasource) noexcept : Statements(nullptr, datasource, nullptr) {}

  // BEGIN on a connection of its own, kept until commit, rollback or destruction.
  Task<Transaction> begin();
};

}  // namespace gofr::sql

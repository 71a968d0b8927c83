// ctx.sql(): each statement observed (observed_statement.hpp), on the transaction's connection or on one taken from
// the pool for the statement alone.
#include "gofr/sql/db.hpp"

#include <cctype>

#include "gofr/context.hpp"
#include "sql/datasource.hpp"
#include "sql/observed_statement.hpp"

namespace gofr::sql {

namespace {

// How long a statement may wait for a pooled connection when the request has no deadline of its own.
constexpr auto unbounded_request_wait = std::chrono::seconds(30);

detail::Datasource::Clock::time_point wait_until(const Context* ctx) {
  const auto deadline = ctx ? ctx->deadline() : std::nullopt;
  return deadline.value_or(detail::Datasource::Clock::now() + unbounded_request_wait);
}

detail::Session::Deadline statement_deadline(const Context* ctx) {
  return ctx ? ctx->deadline() : std::nullopt;
}

}  // namespace

namespace detail {

std::string snake_case(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 4);
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (std::isupper(c)) {
      // A word starts at an upper-case letter after a lower-case one or a digit, or before a lower-case one in a
      // run of capitals ("HTTPCode" → "http_code").
      const bool after_lower = i > 0 && (std::islower(static_cast<unsigned char>(name[i - 1])) ||
                                         std::isdigit(static_cast<unsigned char>(name[i - 1])));
      const bool ends_run = i > 0 && std::isupper(static_cast<unsigned char>(name[i - 1])) && i + 1 < name.size() &&
                            std::islower(static_cast<unsigned char>(name[i + 1]));
      if (after_lower || ends_run) out.push_back('_');
      out.push_back(static_cast<char>(std::tolower(c)));
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace detail

Dialect Statements::dialect() const noexcept { return datasource_->dialect(); }

// Outside a transaction, a connection of the statement's own.
Task<std::unique_ptr<detail::Session>> Statements::session_for_statement() {
  if (transaction_) throw Error("the transaction has already been committed or rolled back", "transaction_done");
  co_return co_await datasource_->acquire(wait_until(ctx_));
}

Task<std::vector<Row>> Statements::run_query(std::string statement, std::vector<Value> args, std::size_t max_rows) {
  detail::ObservedStatement observed(ctx_, *datasource_, statement, args);
  try {
    if (session_) co_return co_await session_->query(statement, args, max_rows, statement_deadline(ctx_));
    auto session = co_await session_for_statement();
    co_return co_await session->query(statement, args, max_rows, statement_deadline(ctx_));
  } catch (const std::exception& e) {
    observed.failed(e);
    throw;
  }
}

Task<std::optional<Row>> Statements::run_query_one(std::string statement, std::vector<Value> args) {
  auto rows = co_await run_query(std::move(statement), std::move(args), 1);
  if (rows.empty()) co_return std::nullopt;
  co_return std::move(rows.front());
}

Task<Result> Statements::run_exec(std::string statement, std::vector<Value> args) {
  detail::ObservedStatement observed(ctx_, *datasource_, statement, args);
  try {
    if (session_) co_return co_await session_->exec(statement, args, statement_deadline(ctx_));
    auto session = co_await session_for_statement();
    co_return co_await session->exec(statement, args, statement_deadline(ctx_));
  } catch (const std::exception& e) {
    observed.failed(e);
    throw;
  }
}

Task<Transaction> DB::begin() {
  // SQLite takes the write lock at BEGIN IMMEDIATE, so two transactions that read and then write queue behind the
  // busy timeout instead of one failing with SQLITE_BUSY when it tries to write.
  const std::string statement = dialect() == Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN";
  const std::vector<Value> none;
  detail::ObservedStatement observed(ctx_, *datasource_, statement, none);
  try {
    auto session = co_await datasource_->acquire(wait_until(ctx_));
    co_await session->exec(statement, none, statement_deadline(ctx_));
    co_return Transaction(ctx_, *datasource_, std::move(session));
  } catch (const std::exception& e) {
    observed.failed(e);
    throw;
  }
}

Transaction::Transaction(Context* ctx, detail::Datasource& datasource, std::unique_ptr<detail::Session> session) noexcept
    : Statements(ctx, datasource, session.get()), owned_(std::move(session)) {}

Transaction::Transaction(Transaction&& other) noexcept
    : Statements(other.ctx_, *other.datasource_, other.session_), owned_(std::move(other.owned_)) {
  transaction_ = true;
  other.session_ = nullptr;
}

// A session still held here is inside its transaction: giving it back rolls it back (the pool's job, since a
// destructor cannot wait for the database).
Transaction::~Transaction() = default;

Task<void> Transaction::commit() { return finish("COMMIT"); }
Task<void> Transaction::rollback() { return finish("ROLLBACK"); }

Task<void> Transaction::finish(std::string_view end) {
  if (!owned_) throw Error("the transaction has already been committed or rolled back", "transaction_done");
  const std::string statement(end);
  const std::vector<Value> none;
  detail::ObservedStatement observed(ctx_, *datasource_, statement, none);
  try {
    co_await owned_->exec(statement, none, statement_deadline(ctx_));
  } catch (const std::exception& e) {
    observed.failed(e);
    throw;  // the session stays held: destroying the transaction gives it back and rolls back what is left
  }
  owned_.reset();  // back to the pool, outside any transaction
  session_ = nullptr;
}

}  // namespace gofr::sql

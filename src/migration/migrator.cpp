#include "migration/migrator.hpp"

#include <unistd.h>

#include <chrono>
#include <random>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

namespace gofr::migration::detail {

namespace asio = boost::asio;
namespace chr = std::chrono;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view lock_key = "gofr_migrations_lock";
constexpr auto lock_ttl = 15s;
constexpr auto lock_refresh = 5s;
constexpr auto lock_retry = 500ms;
constexpr auto lock_give_up = 5min;  // 20 lifetimes of a lock whose holder died: someone is holding it for real

std::int64_t unix_ms(chr::system_clock::time_point t) {
  return chr::duration_cast<chr::milliseconds>(t.time_since_epoch()).count();
}

// Who holds the lock, for the row and for whoever has to investigate it: host, pid and a random part.
std::string make_owner_id() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  std::random_device random;
  return fmt::format("{}-{}-{:08x}", host, ::getpid(), random());
}

// Another replica holds the lock (the key exists) or is writing (SQLite's file lock): try again shortly.
bool lock_taken(const sql::Error& e) {
  const auto& code = e.code();
  return code == "1555" || code == "2067" || code == "5" || code == "517" || code == "6" || code == "23505";
}

asio::awaitable<void> sleep_for(chr::steady_clock::duration d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(asio::use_awaitable);
}

class Migrator {
 public:
  Migrator(const Migrations& migrations, sql::detail::Datasource& datasource, Logger& logger,
           asio::any_io_executor executor)
      : migrations_(migrations), db_(datasource), logger_(logger), executor_(std::move(executor)),
        owner_(make_owner_id()) {}

  Task<void> run() {
    co_await create_if_missing(
        "CREATE TABLE IF NOT EXISTS gofr_migrations (version BIGINT NOT NULL, method VARCHAR(4) NOT NULL, "
        "start_time TIMESTAMP NOT NULL, duration BIGINT, PRIMARY KEY (version, method))");
    if (migrations_.rbegin()->first <= co_await last_applied()) {
      logger_.info("no pending migrations");
      co_return;  // nothing to do: no lock taken (GoFr's rule), so replicas restarting do not queue on it
    }
    co_await create_if_missing(
        "CREATE TABLE IF NOT EXISTS gofr_migration_locks (lock_key VARCHAR(64) PRIMARY KEY, "
        "owner_id VARCHAR(255) NOT NULL, expires_at BIGINT NOT NULL)");
    co_await lock();
    auto refresher = start_refreshing();
    std::exception_ptr failure;
    try {
      co_await apply_pending();
    } catch (...) {
      failure = std::current_exception();
    }
    refresher->stop();
    co_await unlock();
    if (failure) std::rethrow_exception(failure);
  }

 private:
  // Keeps the lock alive while migrations run; a refresh that fails is logged and tried again next time.
  struct Refresher {
    explicit Refresher(asio::any_io_executor executor) : timer(executor) {}
    asio::steady_timer timer;
    bool stopped = false;
    void stop() {
      stopped = true;
      timer.cancel();
    }
  };

  // CREATE TABLE IF NOT EXISTS is not atomic in PostgreSQL: two instances creating the table at once both pass the
  // check, and the second fails on the catalog's unique index. The table exists then, which is all that was asked.
  Task<void> create_if_missing(std::string statement) {
    try {
      co_await db_.exec(statement);
    } catch (const sql::Error& e) {
      if (e.code() != "23505" && e.code() != "42P07" && e.code() != "42710") throw;  // unique, table, type
    }
  }

  Task<std::int64_t> last_applied() {
    const auto row = co_await db_.query_one("SELECT MAX(version) AS version FROM gofr_migrations");
    co_return row ? row->get<std::optional<std::int64_t>>("version").value_or(0) : 0;
  }

  // The lock row: inserted when absent or expired (its holder died), else tried again every 500 ms.
  Task<void> lock() {
    const auto give_up = chr::steady_clock::now() + lock_give_up;
    for (bool waiting_logged = false;;) {
      try {
        const auto now = chr::system_clock::now();
        co_await db_.exec("DELETE FROM gofr_migration_locks WHERE lock_key = ? AND expires_at < ?", lock_key,
                          unix_ms(now));
        co_await db_.exec("INSERT INTO gofr_migration_locks (lock_key, owner_id, expires_at) VALUES (?, ?, ?)",
                          lock_key, owner_, unix_ms(now + lock_ttl));
        logger_.infof("migration lock acquired by {}", owner_);
        co_return;
      } catch (const sql::Error& e) {
        if (!lock_taken(e)) throw;
      }
      if (chr::steady_clock::now() >= give_up) {
        throw std::runtime_error(fmt::format("the migration lock was held by another instance for {}", lock_give_up));
      }
      if (!std::exchange(waiting_logged, true)) logger_.info("waiting for another instance to finish its migrations");
      co_await sleep_for(lock_retry);
    }
  }

  Task<void> unlock() {
    try {
      co_await db_.exec("DELETE FROM gofr_migration_locks WHERE lock_key = ? AND owner_id = ?", lock_key, owner_);
    } catch (const sql::Error& e) {  // it expires on its own
      logger_.warnf("could not release the migration lock: {}", e.what());
    }
  }

  std::shared_ptr<Refresher> start_refreshing() {
    auto refresher = std::make_shared<Refresher>(executor_);
    asio::co_spawn(executor_, refresh(refresher), asio::detached);
    return refresher;
  }

  Task<void> refresh(std::shared_ptr<Refresher> refresher) {
    while (!refresher->stopped) {
      refresher->timer.expires_after(lock_refresh);
      boost::system::error_code ec;
      co_await refresher->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (refresher->stopped) break;
      try {
        co_await db_.exec("UPDATE gofr_migration_locks SET expires_at = ? WHERE lock_key = ? AND owner_id = ?",
                          unix_ms(chr::system_clock::now() + lock_ttl), lock_key, owner_);
      } catch (const sql::Error& e) {
        logger_.warnf("could not refresh the migration lock: {}", e.what());
      }
    }
  }

  // Another instance may have run some while this one waited for the lock: the applied version is read again.
  Task<void> apply_pending() {
    const auto applied = co_await last_applied();
    for (const auto& [version, up] : migrations_) {
      if (version <= applied) continue;
      co_await apply(version, up);
    }
  }

  Task<void> apply(std::int64_t version, const Up& up) {
    logger_.infof("running migration {}", version);
    const auto started = chr::system_clock::now();
    const auto clock = chr::steady_clock::now();
    try {
      auto tx = co_await db_.begin();
      Datasource datasource{tx};
      co_await up(datasource);
      const auto ms = chr::duration_cast<chr::milliseconds>(chr::steady_clock::now() - clock).count();
      co_await tx.exec("INSERT INTO gofr_migrations (version, method, start_time, duration) VALUES (?, 'UP', ?, ?)",
                       version, fmt::format("{:%Y-%m-%d %H:%M:%S}", chr::floor<chr::seconds>(started)), ms);
      co_await tx.commit();
      logger_.infof("migration {} ran successfully in {} ms", version, ms);
    } catch (const std::exception& e) {  // the transaction is rolled back as it goes
      throw std::runtime_error(fmt::format("migration {} failed and was rolled back: {}", version, e.what()));
    }
  }

  const Migrations& migrations_;
  sql::DB db_;
  Logger& logger_;
  asio::any_io_executor executor_;
  const std::string owner_;
};

}  // namespace

std::optional<std::string> run_migrations(const Migrations& migrations, sql::detail::Datasource* datasource,
                                          Logger& logger) {
  if (migrations.empty()) return std::nullopt;
  if (!datasource) return "app.migrate: there is no SQL database to migrate (set DB_DIALECT, see docs/sql.md)";
  if (migrations.begin()->first <= 0) {
    return fmt::format("app.migrate: version {} is not positive", migrations.begin()->first);
  }
  asio::io_context io(1);
  Migrator migrator(migrations, *datasource, logger, io.get_executor());
  std::optional<std::string> error;
  asio::co_spawn(io, migrator.run(), [&](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& x) {
      error = x.what();
    }
  });
  io.run();
  return error;
}

}  // namespace gofr::migration::detail

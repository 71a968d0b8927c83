// Migrations on a real SQLite file: applied once in order, recorded in gofr_migrations, each in a transaction (a
// failure rolls back its changes and stops the rest), and two instances racing on the lock run each one once.
#include "migration/migrator.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include <boost/asio/thread_pool.hpp>
#include <gtest/gtest.h>

#include "metrics/registry.hpp"
#include "sql/sqlite_connection.hpp"
#include "sql/sqlite_datasource.hpp"

namespace gofr::migration::detail {
namespace {

namespace asio = boost::asio;

class Migrations : public ::testing::Test {
 protected:
  std::filesystem::path file = std::filesystem::temp_directory_path() /
                               ("gofr-migrate-" + std::to_string(::getpid()) + "-" +
                                ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
  asio::thread_pool blocking{4};
  Logger logger{LoggerOptions{.level = Level::fatal}};
  metrics::Registry registry{{}, logger};
  tracing::Tracer tracer{tracing::Sampler(0), nullptr};

  ~Migrations() override {
    for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
  }

  std::unique_ptr<sql::detail::SqliteDatasource> datasource() {
    return std::make_unique<sql::detail::SqliteDatasource>(
        sql::detail::SqlitePool::Options{.path = file.string(), .max_open = 2}, blocking,
        sql::detail::Telemetry{logger, registry.metrics(), tracer});
  }

  std::vector<sql::Row> query(const std::string& statement) {
    sql::detail::SqliteConnection db(file.string());
    return db.query(statement, {});
  }
};

Up create(std::string statement) {
  return [statement = std::move(statement)](Datasource& d) -> Task<void> { co_await d.sql.exec(statement); };
}

TEST_F(Migrations, RunOnceInOrderAndAreRecorded) {
  std::vector<std::int64_t> ran;
  const gofr::migration::Migrations all{
      {20240102, [&](Datasource& d) -> Task<void> {
         ran.push_back(20240102);
         co_await d.sql.exec("INSERT INTO items (name) VALUES (?)", "first");
       }},
      {20240101, [&](Datasource& d) -> Task<void> {
         ran.push_back(20240101);
         co_await d.sql.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
       }},
  };
  auto db = datasource();
  EXPECT_EQ(run_migrations(all, db.get(), logger), std::nullopt);
  EXPECT_EQ(ran, (std::vector<std::int64_t>{20240101, 20240102}));
  EXPECT_EQ(run_migrations(all, db.get(), logger), std::nullopt);  // nothing pending the second time
  EXPECT_EQ(ran.size(), 2u);

  const auto rows = query("SELECT version, method, start_time, duration FROM gofr_migrations ORDER BY version");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].get<std::int64_t>("version"), 20240101);
  EXPECT_EQ(rows[0].get<std::string>("method"), "UP");
  EXPECT_EQ(rows[0].get<std::string>("start_time").size(), 19u);  // YYYY-MM-DD HH:MM:SS
  EXPECT_GE(rows[0].get<std::int64_t>("duration"), 0);
  EXPECT_EQ(query("SELECT count(*) AS n FROM items")[0].get<int>("n"), 1);
  EXPECT_TRUE(query("SELECT * FROM gofr_migration_locks").empty());  // released
}

TEST_F(Migrations, AFailureRollsBackItsChangesAndStopsTheRest) {
  bool later_ran = false;
  const gofr::migration::Migrations all{
      {1, create("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")},
      {2, [](Datasource& d) -> Task<void> {
         co_await d.sql.exec("INSERT INTO items (name) VALUES (?)", "kept only if 2 succeeds");
         co_await d.sql.exec("INSERT INTO items (name) VALUES (NULL)");  // NOT NULL
       }},
      {3, [&](Datasource&) -> Task<void> {
         later_ran = true;
         co_return;
       }},
  };
  auto db = datasource();
  const auto error = run_migrations(all, db.get(), logger);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("migration 2 failed"), std::string::npos) << *error;
  EXPECT_NE(error->find("NOT NULL constraint failed"), std::string::npos) << *error;
  EXPECT_FALSE(later_ran);
  EXPECT_EQ(query("SELECT count(*) AS n FROM items")[0].get<int>("n"), 0);
  EXPECT_EQ(query("SELECT max(version) AS v FROM gofr_migrations")[0].get<int>("v"), 1);
  EXPECT_TRUE(query("SELECT * FROM gofr_migration_locks").empty());
}

TEST_F(Migrations, TwoInstancesStartingTogetherRunEachOnce) {
  std::atomic<int> runs{0};
  const gofr::migration::Migrations all{
      {1, create("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)")},
      {2, [&](Datasource& d) -> Task<void> {
         ++runs;
         co_await d.sql.exec("INSERT INTO items (name) VALUES (?)", "once");
         std::this_thread::sleep_for(std::chrono::milliseconds(300));  // hold the lock a while
       }},
  };
  auto first = datasource();
  auto second = datasource();
  std::optional<std::string> e1, e2;
  std::thread a([&] { e1 = run_migrations(all, first.get(), logger); });
  std::thread b([&] { e2 = run_migrations(all, second.get(), logger); });
  a.join();
  b.join();
  EXPECT_EQ(e1, std::nullopt);
  EXPECT_EQ(e2, std::nullopt);
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(query("SELECT count(*) AS n FROM items")[0].get<int>("n"), 1);
  EXPECT_EQ(query("SELECT count(*) AS n FROM gofr_migrations")[0].get<int>("n"), 2);
}

TEST_F(Migrations, NeedADatabase) {
  const gofr::migration::Migrations all{{1, create("SELECT 1")}};
  const auto error = run_migrations(all, nullptr, logger);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("DB_DIALECT"), std::string::npos);
  EXPECT_EQ(run_migrations({}, nullptr, logger), std::nullopt);
}

}  // namespace
}  // namespace gofr::migration::detail

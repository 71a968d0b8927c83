#pragma once
// Schema changes that run once per database, before the app serves (GoFr's app.Migrate):
//
//   app.migrate({
//       {20250101120000, [](gofr::migration::Datasource& d) -> gofr::Task<void> {
//          co_await d.sql.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
//        }},
//   });
//
// Keys are versions (a timestamp, by convention), run in ascending order; there are no down migrations. Each runs in
// a transaction together with its row in gofr_migrations, so it is applied entirely or not at all. Replicas that
// start together take a lock row in gofr_migration_locks, so each migration runs once. A migration that fails
// stops the rest: run() logs which one and why and returns 1. See docs/migrations.md.
#include <cstdint>
#include <functional>
#include <map>

#include "gofr/sql/db.hpp"
#include "gofr/task.hpp"

namespace gofr::migration {

// What a migration may change: the SQL database, inside the migration's transaction.
struct Datasource {
  sql::Statements& sql;
};

using Up = std::function<Task<void>(Datasource&)>;
using Migrations = std::map<std::int64_t, Up>;

}  // namespace gofr::migration

#pragma once
// Applies app.migrate()'s pending migrations to the SQL database, GoFr's way: bookkeeping in gofr_migrations, one
// transaction per migration, and a lock row in gofr_migration_locks (TTL 15 s, refreshed every 5 s, retried every
// 500 ms) so that replicas starting together run each migration once.
#include <optional>
#include <string>

#include "gofr/migration.hpp"
#include "sql/datasource.hpp"

namespace gofr::migration::detail {

// Blocks the calling thread until the pending migrations have run (statements go to the blocking pool). Returns
// the error that stopped them, naming the migration, or nullopt when all of them are applied.
std::optional<std::string> run_migrations(const Migrations& migrations, sql::detail::Datasource* datasource,
                                          Logger& logger);

}  // namespace gofr::migration::detail

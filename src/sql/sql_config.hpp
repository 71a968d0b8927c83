#pragma once
// The SQL datasource from GoFr's DB_* variables, and its health check.
#include <cstddef>
#include <memory>

#include "core/blocking_pool.hpp"
#include "gofr/config.hpp"
#include "gofr/health.hpp"
#include "sql/datasource.hpp"

namespace gofr::sql::detail {

// The database DB_DIALECT names, or null when it is unset (the app has no SQL). Nothing is opened yet: a database
// that is unreachable at start-up only makes the health check DOWN until it answers. Throws config_error for a
// dialect or setting it cannot use. A database starts `blocking`'s threads; its size bounds SQLite's pool, whose
// statements hold a blocking thread.
std::unique_ptr<Datasource> datasource_from_config(const Config& config, gofr::detail::BlockingPool& blocking,
                                                   Telemetry telemetry);

// GoFr's "sql" health entry: UP when a pooled connection answers SELECT 1 within a second (or every connection
// stays busy for half of it: "busy": true), with {"host", "stats":{maxOpenConnections, openConnections, inUse, idle,
// waitCount, waitDuration}} as details; DOWN with "error" otherwise.
Task<Health> check_health(Datasource& datasource);

}  // namespace gofr::sql::detail

// What the PostgreSQL driver costs per statement next to bare libpq, on one connection to the test server
// (scripts/test-backends.sh: 127.0.0.1:5433), the same prepared read each time:
//   BareLibpq      PQexecPrepared, blocking: the round trip and libpq's own work
//   Driver         PostgresConnection::query from a coroutine: placeholders, the statement cache, the socket wait
//                  on the event loop, the rows turned into values
//   DriverPooled   the same through the pool: a lease taken and given back around each statement
// Wall time per statement, the server on the same machine. Run: build/src/sql_benchmark
#include <libpq-fe.h>

#include <benchmark/benchmark.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "metrics/registry.hpp"
#include "sql/postgres_datasource.hpp"

namespace {

namespace asio = boost::asio;
using namespace gofr::sql;
using namespace gofr::sql::detail;

const char* conninfo = "host=127.0.0.1 port=5433 user=postgres password=gofr-test dbname=postgres";
const char* statement = "SELECT oid, typname FROM pg_type WHERE oid = $1";

PostgresOptions options() {
  PostgresOptions o;
  o.host = "127.0.0.1";
  o.port = "5433";
  o.user = "postgres";
  o.password = "gofr-test";
  o.database = "postgres";
  return o;
}

void BareLibpq(benchmark::State& state) {
  PGconn* conn = PQconnectdb(conninfo);
  if (PQstatus(conn) != CONNECTION_OK) return state.SkipWithError("PostgreSQL is not running on 5433");
  PQclear(PQprepare(conn, "read", statement, 0, nullptr));
  const char* values[] = {"23"};
  for (auto _ : state) {
    PGresult* r = PQexecPrepared(conn, "read", 1, values, nullptr, nullptr, 0);
    benchmark::DoNotOptimize(PQgetvalue(r, 0, 1));
    PQclear(r);
  }
  PQfinish(conn);
}
BENCHMARK(BareLibpq);

// Runs `iterations` statements in one coroutine on one io_context (the benchmark loop is inside it).
template <class Body>
void run_on_loop(benchmark::State& state, Body body) {
  asio::io_context io;
  bool failed = false;
  asio::co_spawn(io, body(state), [&](std::exception_ptr e) { failed = e != nullptr; });
  io.run();
  if (failed) state.SkipWithError("PostgreSQL is not running on 5433");
}

void Driver(benchmark::State& state) {
  gofr::detail::BlockingPool blocking(1);
  run_on_loop(state, [&](benchmark::State& s) -> gofr::Task<void> {
    auto c = co_await PostgresConnection::connect(options(), std::chrono::steady_clock::now() + std::chrono::seconds(5),
                                                  blocking);
    const std::string text = "SELECT oid, typname FROM pg_type WHERE oid = ?";
    const std::vector<Value> args{std::int64_t{23}};
    for (auto _ : s) benchmark::DoNotOptimize(co_await c->query(text, args, 1, std::nullopt));
  });
}
BENCHMARK(Driver);

void DriverPooled(benchmark::State& state) {
  gofr::detail::BlockingPool blocking(1);
  gofr::Logger logger(gofr::LoggerOptions{.level = gofr::Level::fatal});
  gofr::metrics::Registry registry({}, logger);
  const gofr::tracing::Tracer tracer(gofr::tracing::Sampler(0), nullptr);
  PostgresDatasource datasource({.connection = options(), .max_open = 1, .max_idle = 1}, blocking,
                                {logger, registry.metrics(), tracer});
  run_on_loop(state, [&](benchmark::State& s) -> gofr::Task<void> {
    const std::string text = "SELECT oid, typname FROM pg_type WHERE oid = ?";
    const std::vector<Value> args{std::int64_t{23}};
    for (auto _ : s) {
      auto session = co_await datasource.acquire(std::chrono::steady_clock::now() + std::chrono::seconds(5));
      benchmark::DoNotOptimize(co_await session->query(text, args, 1, std::nullopt));
    }
  });
}
BENCHMARK(DriverPooled);

}  // namespace

// The peer of bench/sql_read.sh: the same read the sample service's GET /items/{id} runs, issued by bare libpq with
// nothing around it. N threads, one connection each, the statement prepared once, synchronous round trips for D
// seconds. Prints queries per second and the p50/p99 latency in microseconds.
//   read_loop "host=127.0.0.1 port=5433 user=postgres password=… dbname=bench" THREADS SECONDS
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s CONNINFO THREADS SECONDS\n", argv[0]);
    return 2;
  }
  const std::string conninfo = argv[1];
  const int threads = std::atoi(argv[2]);
  const auto duration = std::chrono::seconds(std::atoi(argv[3]));
  std::atomic<bool> failed{false};
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
  std::vector<std::thread> workers;
  const auto end = std::chrono::steady_clock::now() + duration;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      PGconn* conn = PQconnectdb(conninfo.c_str());
      if (PQstatus(conn) != CONNECTION_OK) {
        std::fprintf(stderr, "%s", PQerrorMessage(conn));
        failed = true;
        return;
      }
      PQclear(PQprepare(conn, "read", "SELECT id, name, price FROM items WHERE id = $1", 0, nullptr));
      auto& mine = latencies[static_cast<std::size_t>(t)];
      for (int i = 0; std::chrono::steady_clock::now() < end; ++i) {
        const std::string id = std::to_string(1 + i % 1000);
        const char* values[] = {id.c_str()};
        const auto started = std::chrono::steady_clock::now();
        PGresult* r = PQexecPrepared(conn, "read", 1, values, nullptr, nullptr, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) failed = true;
        PQclear(r);
        mine.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started).count());
      }
      PQfinish(conn);
    });
  }
  for (auto& w : workers) w.join();
  if (failed) return 1;
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  const auto at = [&](double q) { return all.empty() ? 0 : all[static_cast<std::size_t>(q * (all.size() - 1))]; };
  std::printf("queries_per_second %.0f\np50_us %.0f\np99_us %.0f\n", all.size() / static_cast<double>(duration.count()),
              at(0.5), at(0.99));
  return 0;
}

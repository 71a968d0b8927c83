// The caller-side cost of a log line (formatting + enqueue); the writer thread's I/O is not on this path.
// Run: build/src/logging_benchmark
#include <fcntl.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include "gofr/logging.hpp"

namespace {

void BM_LogRequestSizedJsonLine(benchmark::State& state) {
  const int null_fd = ::open("/dev/null", O_WRONLY);
  gofr::Logger logger({.level = gofr::Level::info, .pretty = false, .out_fd = null_fd, .err_fd = null_fd});
  const std::string message =
      R"({"trace_id":"0123456789abcdef0123456789abcdef","span_id":"0123456789abcdef","start_time":)"
      R"("2026-11-26T00:00:00.123456789+00:00","response_time":42,"method":"GET","user_agent":"wrk",)"
      R"("ip":"127.0.0.1:50000","uri":"/hello","response":200})";
  for (auto _ : state) logger.log_json(gofr::Level::info, message);
  logger.flush();
  state.counters["dropped"] = static_cast<double>(logger.dropped());
  ::close(null_fd);
}
BENCHMARK(BM_LogRequestSizedJsonLine);

void BM_LogBelowLevel(benchmark::State& state) {
  gofr::Logger logger({.level = gofr::Level::info, .pretty = false});
  for (auto _ : state) logger.debug("not written");
}
BENCHMARK(BM_LogBelowLevel);

}  // namespace

// The same line from one and from two threads into one logger, as workers on different cores log. The reported
// wall time is divided by the lines of all threads: with perfect scaling, two threads halve it.
void BM_LogLineFromThreads(benchmark::State& state) {
  static const int null_fd = ::open("/dev/null", O_WRONLY);
  static gofr::Logger logger({.level = gofr::Level::info, .pretty = false, .out_fd = null_fd, .err_fd = null_fd});
  const std::string message =
      R"({"trace_id":"0123456789abcdef0123456789abcdef","span_id":"0123456789abcdef","start_time":)"
      R"("2026-11-26T00:00:00.123456789+00:00","response_time":42,"method":"GET","user_agent":"wrk",)"
      R"("ip":"127.0.0.1:50000","uri":"/hello","response":200})";
  for (auto _ : state) logger.log_json(gofr::Level::info, message);
  if (state.thread_index() == 0) state.counters["dropped"] = static_cast<double>(logger.dropped());
}
BENCHMARK(BM_LogLineFromThreads)->Threads(1)->Threads(2)->UseRealTime();

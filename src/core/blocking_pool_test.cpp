#include "core/blocking_pool.hpp"

#include <atomic>
#include <filesystem>
#include <future>

#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

namespace gofr::detail {
namespace {

std::size_t threads_of_this_process() {
  const std::filesystem::directory_iterator tasks("/proc/self/task");
  return static_cast<std::size_t>(std::distance(begin(tasks), end(tasks)));
}

TEST(BlockingPool, StartsItsThreadsOnFirstUseOnly) {
  const auto before = threads_of_this_process();
  BlockingPool pool(4);
  EXPECT_EQ(threads_of_this_process(), before) << "no thread before the first use";
  auto& started = pool.get();
  // At least: TSan's runtime starts a thread of its own with the first thread the process creates.
  const auto running = threads_of_this_process();
  EXPECT_GE(running, before + 4);
  EXPECT_EQ(&pool.get(), &started) << "one pool, started once";
  pool.stop();
  EXPECT_EQ(threads_of_this_process(), running - 4);
}

TEST(BlockingPool, RunsWorkAndStopWaitsForWhatIsRunning) {
  BlockingPool pool(2);
  std::promise<void> running;
  std::atomic<bool> finished{false};
  boost::asio::post(pool.get(), [&] {
    running.set_value();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    finished = true;
  });
  running.get_future().wait();
  pool.stop();
  EXPECT_TRUE(finished) << "stop() returned while work was still running";
}

TEST(BlockingPool, StartsFromManyThreadsAtOnce) {
  BlockingPool pool(2);
  std::vector<std::thread> callers;
  std::vector<boost::asio::thread_pool*> seen(8);
  for (std::size_t i = 0; i < seen.size(); ++i) callers.emplace_back([&, i] { seen[i] = &pool.get(); });
  for (auto& caller : callers) caller.join();
  for (auto* p : seen) EXPECT_EQ(p, seen.front());
}

TEST(BlockingPool, StopWithoutUseDoesNothing) {
  BlockingPool pool(3);
  pool.stop();
  pool.stop();
}

}  // namespace
}  // namespace gofr::detail

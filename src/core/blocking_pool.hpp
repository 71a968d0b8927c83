#pragma once
// The threads that run blocking work: ctx.offload (gofr/offload.hpp), SQLite statements, libpq's cancel requests.
// They start on first use, so a service that never blocks keeps no idle threads: BLOCKING_POOL_SIZE of them, 16 by
// default, would hold 180 KiB of stacks and crowd every thread listing.
#include <cstddef>
#include <mutex>
#include <optional>

#include <boost/asio/thread_pool.hpp>

namespace gofr::detail {

class BlockingPool {
 public:
  explicit BlockingPool(std::size_t threads) : threads_(threads) {}
  ~BlockingPool() { stop(); }
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  std::size_t size() const noexcept { return threads_; }
  // The pool, whose threads the first call starts. Thread-safe. Throws std::system_error when a thread cannot be
  // started; the next call tries again.
  boost::asio::thread_pool& get();
  // Waits for the work that is running; work not started yet is dropped. Nothing to do when never started. The
  // pool is gone afterwards: get() must not be called again.
  void stop() noexcept;

 private:
  const std::size_t threads_;
  std::once_flag started_;
  std::optional<boost::asio::thread_pool> pool_;
};

}  // namespace gofr::detail

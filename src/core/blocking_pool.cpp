#include "core/blocking_pool.hpp"

namespace gofr::detail {

boost::asio::thread_pool& BlockingPool::get() {
  std::call_once(started_, [this] { pool_.emplace(threads_); });
  return *pool_;
}

void BlockingPool::stop() noexcept {
  if (!pool_) return;
  pool_->stop();
  pool_->join();
  pool_.reset();
}

}  // namespace gofr::detail

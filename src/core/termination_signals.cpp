#include "core/termination_signals.hpp"

#include <pthread.h>

#include <ctime>
#include <system_error>

#include <boost/asio/buffer.hpp>

namespace gofr::detail {

TerminationSignals::TerminationSignals() {
  sigemptyset(&held_);
  sigaddset(&held_, SIGINT);
  sigaddset(&held_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &held_, &previous_);
}

TerminationSignals::~TerminationSignals() {
  caught_.reset();
  pending_.reset();
  // A second SIGTERM during the drain is still pending: with the mask restored it would kill the process on its way
  // out. The app has stopped already; it is absorbed.
  const timespec now{};
  while (sigtimedwait(&held_, nullptr, &now) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

void TerminationSignals::async_wait(boost::asio::io_context& control, std::function<void()> on_signal) {
  const int fd = signalfd(-1, &held_, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "signalfd");
  pending_.emplace(control, fd);
  pending_->async_read_some(boost::asio::buffer(&info_, sizeof info_),
                            [on_signal](const boost::system::error_code& ec, std::size_t) {
                              if (!ec) on_signal();
                            });
  caught_.emplace(control, SIGINT, SIGTERM);
  caught_->async_wait([on_signal](const boost::system::error_code& ec, int) {
    if (!ec) on_signal();
  });
}

}  // namespace gofr::detail

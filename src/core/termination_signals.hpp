#pragma once
// SIGINT and SIGTERM, the requests to shut down, delivered to the app's control loop and nowhere else.
//
// From the first line of App::run both are blocked in the calling thread, so every thread the app starts inherits
// the mask and none of them is ever interrupted. They stay pending until the control loop reads them from a
// signalfd: a signal sent while the app is still starting is honoured as soon as it serves (Kubernetes deletes pods
// that are not ready yet), never the default action that kills it mid-start. A process-wide handler (asio's
// signal_set) also catches one that lands on a thread the user started with the signals unblocked.
//
// Reading them synchronously also avoids asynchronous handlers on our threads altogether: a handler deferred by
// ThreadSanitizer while the control thread entered epoll_wait once hung a shutdown in CI.
#include <sys/signalfd.h>

#include <csignal>
#include <functional>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>

namespace gofr::detail {

class TerminationSignals {
 public:
  TerminationSignals();   // blocks SIGINT and SIGTERM in the calling thread (and the threads it starts)
  ~TerminationSignals();  // absorbs the ones that came during shutdown, then restores the thread's mask
  TerminationSignals(const TerminationSignals&) = delete;
  TerminationSignals& operator=(const TerminationSignals&) = delete;

  // `on_signal` runs on `control`'s loop when SIGINT or SIGTERM arrives, or at once if one already has.
  void async_wait(boost::asio::io_context& control, std::function<void()> on_signal);

 private:
  sigset_t held_{};
  sigset_t previous_{};
  std::optional<boost::asio::signal_set> caught_;
  std::optional<boost::asio::posix::stream_descriptor> pending_;
  signalfd_siginfo info_{};
};

}  // namespace gofr::detail

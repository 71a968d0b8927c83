// The fleet's launcher: starts catalog, orders and gateway as child processes of this same binary (FLEET_ROLE),
// wires their ports and addresses, and stops them front to back on SIGINT or SIGTERM, so that a request in flight
// finds every service behind it still serving. A service that exits on its own stops the fleet (exit 1); a
// launcher that is killed takes the services with it (they get SIGTERM and drain).
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "fleet.hpp"

extern char** environ;

namespace {

std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

struct Member {
  std::string role;
  std::vector<std::string> settings;  // NAME=value, over the launcher's own environment
  pid_t pid = -1;
  int status = 0;
};

// The launcher's environment with `settings` replacing the same names.
std::vector<std::string> environment_for(const Member& member) {
  std::vector<std::string> env(member.settings);
  for (char** e = environ; *e; ++e) {
    const std::string entry(*e);
    const auto name = entry.substr(0, entry.find('=') + 1);
    bool replaced = false;
    for (const auto& s : member.settings) replaced = replaced || s.starts_with(name);
    if (!replaced) env.push_back(entry);
  }
  return env;
}

bool spawn(Member& member) {
  auto env = environment_for(member);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::string name = "fleet-" + member.role;  // what ps shows
  char* argv[] = {name.data(), nullptr};
  const pid_t launcher = ::getpid();
  member.pid = ::fork();  // the launcher has no threads, so fork is safe; posix_spawn cannot set a death signal
  if (member.pid < 0) {
    std::fprintf(stderr, "fleet: cannot start %s: %s\n", member.role.c_str(), std::strerror(errno));
    return false;
  }
  if (member.pid == 0) {
    // A process group of its own, so that a terminal's Ctrl-C reaches the launcher alone, which then stops the
    // fleet in order; and SIGTERM when the launcher dies, so that no service outlives it.
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != launcher) ::_exit(1);  // it died before the line above
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);  // the service handles its signals itself
    ::execve("/proc/self/exe", argv, envp.data());
    ::_exit(127);
  }
  return true;
}

// SIGTERM, then wait for it: the service drains (SHUTDOWN_GRACE_PERIOD) and exits.
void stop(Member& member) {
  if (member.pid <= 0) return;
  ::kill(member.pid, SIGTERM);
  while (::waitpid(member.pid, &member.status, 0) < 0 && errno == EINTR) {
  }
  member.pid = -1;
}

bool exited_cleanly(const Member& member) { return WIFEXITED(member.status) && WEXITSTATUS(member.status) == 0; }

}  // namespace

int run_fleet() {
  const auto orders_port = env_or("ORDERS_HTTP_PORT", "8001");
  const auto catalog_grpc_port = env_or("CATALOG_GRPC_PORT", "9000");
  // Front to back: the order they are stopped in. They start back to front.
  std::vector<Member> fleet{
      {"gateway",
       {"FLEET_ROLE=gateway", "APP_NAME=gateway", "HTTP_PORT=" + env_or("HTTP_PORT", "8000"),
        "METRICS_PORT=" + env_or("METRICS_PORT", "2121"),
        "ORDERS_URL=" + env_or("ORDERS_URL", ("http://127.0.0.1:" + orders_port).c_str())}},
      {"orders",
       {"FLEET_ROLE=orders", "APP_NAME=orders", "HTTP_PORT=" + orders_port,
        "METRICS_PORT=" + env_or("ORDERS_METRICS_PORT", "2122"), "DB_DIALECT=sqlite",
        "DB_NAME=" + env_or("ORDERS_DB_NAME", "orders"),
        "CATALOG_ADDR=" + env_or("CATALOG_ADDR", ("127.0.0.1:" + catalog_grpc_port).c_str())}},
      {"catalog",
       {"FLEET_ROLE=catalog", "APP_NAME=catalog", "HTTP_PORT=" + env_or("CATALOG_HTTP_PORT", "8002"),
        "GRPC_PORT=" + catalog_grpc_port, "METRICS_PORT=" + env_or("CATALOG_METRICS_PORT", "2123")}},
  };

  // Signals are taken with sigwaitinfo, here and nowhere else in this process.
  sigset_t watched;
  sigemptyset(&watched);
  for (int s : {SIGINT, SIGTERM, SIGCHLD}) sigaddset(&watched, s);
  sigprocmask(SIG_BLOCK, &watched, nullptr);

  auto stop_all = [&fleet] {
    for (auto& member : fleet) stop(member);
  };
  for (auto it = fleet.rbegin(); it != fleet.rend(); ++it) {
    if (!spawn(*it)) {
      stop_all();
      return 1;
    }
  }

  for (;;) {
    siginfo_t info;
    if (sigwaitinfo(&watched, &info) < 0) continue;  // EINTR
    if (info.si_signo != SIGCHLD) {
      stop_all();
      for (const auto& member : fleet)
        if (!exited_cleanly(member)) return 1;
      return 0;
    }
    // A service exited without being asked to: the fleet is not whole any more.
    for (auto& member : fleet) {
      if (member.pid <= 0 || ::waitpid(member.pid, &member.status, WNOHANG) != member.pid) continue;
      member.pid = -1;
      std::fprintf(stderr, "fleet: %s exited (%s %d); stopping the others\n", member.role.c_str(),
                   WIFEXITED(member.status) ? "status" : "signal",
                   WIFEXITED(member.status) ? WEXITSTATUS(member.status) : WTERMSIG(member.status));
      stop_all();
      return 1;
    }
  }
}

#pragma once
// The start-up check of resilience.md §11 F12: how many requests one failing call can become at worst, when every
// layer retries it. The app's attempts (per service) multiply with the mesh's, which only the operator knows:
// MESH_RETRIES says how many times the sidecar retries (Istio's default VirtualService retries 2 times).
#include <optional>
#include <string>

namespace gofr::service::detail {

// Warn beyond this many attempts per call (SRE's "retry at one layer" puts it at 3; 4 leaves room for one
// connection-level retry).
inline constexpr int amplification_limit = 4;

struct AmplificationInputs {
  std::string service;
  int app_attempts = 1;   // 1 + max_retries, or 1 when the mesh owns retries
  int mesh_retries = 0;   // MESH_RETRIES
  bool app_owns = false;  // the app sends the headers that switch sidecar retries off
};

// The warning to log, or nullopt when the worst case is within the limit.
std::optional<std::string> amplification_warning(const AmplificationInputs& in);

}  // namespace gofr::service::detail

#include "service/amplification_lint.hpp"

#include <fmt/format.h>

namespace gofr::service::detail {

std::optional<std::string> amplification_warning(const AmplificationInputs& in) {
  const int mesh_attempts = 1 + in.mesh_retries;
  const int worst = in.app_attempts * mesh_attempts;
  if (worst <= amplification_limit) return std::nullopt;
  // The app's headers switch the sidecar's retries off only if the mesh honours them (Envoy does for
  // x-envoy-max-retries); the warning assumes it does not, which is the case it exists for.
  return fmt::format(
      "service {}: one failing call can become {} requests ({} app attempts x {} mesh attempts), above {}: let one "
      "layer retry (RETRY_OWNER=mesh, or switch the mesh's retries off for this service){}",
      in.service, worst, in.app_attempts, mesh_attempts, amplification_limit,
      in.app_owns ? "; this app asks the sidecar not to retry, which Envoy honours and other proxies may not" : "");
}

}  // namespace gofr::service::detail

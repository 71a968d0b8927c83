// The fleet's entry point: the service FLEET_ROLE names, or the launcher of all three (fleet.hpp).
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fleet.hpp"

int main() {
  const char* role = std::getenv("FLEET_ROLE");
  const std::string_view name = role ? role : "";
  if (name.empty()) return run_fleet();
  if (name == "gateway") return run_gateway();
  if (name == "orders") return run_orders();
  if (name == "catalog") return run_catalog();
  std::fprintf(stderr, "FLEET_ROLE is gateway, orders or catalog, not \"%s\"\n", role);
  return 2;
}

#pragma once
namespace gofr {
// Reported as gofrVersion in logs and framework_version in app_info.
inline constexpr const char* framework_version = "0.1.0";
}  // namespace gofr

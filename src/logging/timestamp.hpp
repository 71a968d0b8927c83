#pragma once
#include <chrono>
#include <string>

namespace gofr::logging {

// Go's time.RFC3339Nano in local time: 2006-01-02T15:04:05.999999999-07:00 (trailing zeros of the fraction
// trimmed, "Z" for UTC), the format GoFr's logs and request records use.
enum class Utc { as_z, as_offset };  // "Z" (RFC3339Nano) or "+00:00" (Go's "-07:00" layouts)
void append_rfc3339(std::string& out, std::chrono::system_clock::time_point t, Utc utc = Utc::as_z);
// The same written at `out`, which has room for rfc3339_max_size bytes; returns the end.
inline constexpr std::size_t rfc3339_max_size = 48;
char* write_rfc3339(char* out, std::chrono::system_clock::time_point t, Utc utc = Utc::as_z);
// HH:MM:SS local time, for the coloured terminal format.
void append_clock_time(std::string& out);

}  // namespace gofr::logging

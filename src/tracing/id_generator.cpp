#include "tracing/id_generator.hpp"

#include <sys/random.h>

#include <cstring>
#include <random>

namespace gofr::tracing {

namespace {

class Xoshiro256 {
 public:
  Xoshiro256() {
    if (::getrandom(s_, sizeof s_, 0) != static_cast<ssize_t>(sizeof s_)) {
      // getrandom cannot fail for 32 bytes once the kernel is seeded; fall back to random_device for safety.
      std::random_device device;
      for (auto& word : s_) word = (static_cast<std::uint64_t>(device()) << 32) | device();
    }
  }
  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

Xoshiro256& generator() {
  thread_local Xoshiro256 g;
  return g;
}

// Never all zero: an all-zero id is invalid (W3C Trace Context §3.2.2.3/4).
std::uint64_t non_zero(std::uint64_t v) noexcept { return v == 0 ? 1 : v; }

}  // namespace

std::array<std::uint8_t, 16> new_trace_id() noexcept {
  std::array<std::uint8_t, 16> id;
  const std::uint64_t high = generator().next(), low = non_zero(generator().next());
  std::memcpy(id.data(), &high, 8);
  std::memcpy(id.data() + 8, &low, 8);
  return id;
}

std::array<std::uint8_t, 8> new_span_id() noexcept {
  std::array<std::uint8_t, 8> id;
  const std::uint64_t v = non_zero(generator().next());
  std::memcpy(id.data(), &v, 8);
  return id;
}

}  // namespace gofr::tracing

#include "http/ids.hpp"

#include <cstdint>
#include <cstring>
#include <random>

#include <sys/random.h>

namespace gofr::http {

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

void write_hex(char* out, std::uint64_t v) noexcept {
  static constexpr char digits[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i) {
    out[i] = digits[v & 0xF];
    v >>= 4;
  }
}

std::uint64_t non_zero(std::uint64_t v) noexcept { return v == 0 ? 1 : v; }

}  // namespace

void new_trace_id(std::array<char, 32>& out) noexcept {
  write_hex(out.data(), generator().next());
  write_hex(out.data() + 16, non_zero(generator().next()));
}

void new_span_id(std::array<char, 16>& out) noexcept { write_hex(out.data(), non_zero(generator().next())); }

bool valid_hex_id(std::string_view id) noexcept {
  bool non_zero_digit = false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    non_zero_digit |= c != '0';
  }
  return non_zero_digit;
}

}  // namespace gofr::http

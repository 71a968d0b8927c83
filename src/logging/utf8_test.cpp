#include "logging/utf8.hpp"

#include <string>

#include <gtest/gtest.h>

namespace gofr::logging {
namespace {

// is_ascii reads whole words and overlapping tails: every length up to a few words, a non-ASCII byte at every
// position, and the bytes either side of the boundary.
TEST(IsAscii, FindsANonAsciiByteAtEveryPositionOfEveryLength) {
  for (std::size_t n = 0; n <= 40; ++n) {
    const std::string ascii(n, '\x7f');
    EXPECT_TRUE(is_ascii(ascii)) << n;
    for (std::size_t i = 0; i < n; ++i) {
      std::string text = ascii;
      text[i] = '\x80';
      EXPECT_FALSE(is_ascii(text)) << n << " " << i;
      text[i] = '\xff';
      EXPECT_FALSE(is_ascii(text)) << n << " " << i;
    }
  }
}

// Only the view's own bytes count, not what lies next to it in memory.
TEST(IsAscii, LooksOnlyAtTheView) {
  const std::string text = "\xff" "abcdefghijklmnop" "\xff";
  for (std::size_t n = 0; n <= 16; ++n) EXPECT_TRUE(is_ascii(std::string_view(text).substr(1, n))) << n;
}

}  // namespace
}  // namespace gofr::logging

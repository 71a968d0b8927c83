#pragma once
// A log line put together in pieces on the stack and appended to its string a few hundred bytes at a time.
// std::string::append is an out-of-line call per piece, and a request's log line has a couple of dozen pieces: on
// the per-request path that was most of the cost of a line. Pieces of known size are copied inline.
#include <charconv>
#include <concepts>
#include <cstring>
#include <string>
#include <string_view>

namespace gofr::logging {

class LineBuilder {
 public:
  explicit LineBuilder(std::string& out) noexcept : out_(out) {}
  LineBuilder(const LineBuilder&) = delete;
  LineBuilder& operator=(const LineBuilder&) = delete;
  ~LineBuilder() { flush(); }

  // Small enough to inline everywhere, so that a literal piece, whose size is known, is copied without a call.
  LineBuilder& operator<<(std::string_view text) {
    if (text.size() > room()) return append_long(text);
    if (!text.empty()) std::memcpy(end_, text.data(), text.size());  // an empty view's data() may be null
    end_ += text.size();
    return *this;
  }
  LineBuilder& operator<<(char c) {
    if (room() == 0) flush();
    *end_++ = c;
    return *this;
  }
  template <std::integral T>
    requires(!std::same_as<T, char> && !std::same_as<T, bool>)
  LineBuilder& operator<<(T value) {
    end_ = std::to_chars(reserve(24), end_ + 24, value).ptr;
    return *this;
  }

  // At least `size` (at most the buffer's size) bytes to write into; advance() says how many were written.
  char* reserve(std::size_t size) {
    if (size > room()) flush();
    return end_;
  }
  void advance(char* written_to) noexcept { end_ = written_to; }

  // Moves what is buffered into the string, for code that appends to it directly.
  std::string& flush() {
    out_.append(buffer_, static_cast<std::size_t>(end_ - buffer_));
    end_ = buffer_;
    return out_;
  }

 private:
  [[gnu::noinline]] LineBuilder& append_long(std::string_view text) {
    flush();
    if (text.size() > sizeof buffer_) {
      out_.append(text);
    } else {
      std::memcpy(end_, text.data(), text.size());
      end_ += text.size();
    }
    return *this;
  }
  std::size_t room() const noexcept { return static_cast<std::size_t>(buffer_ + sizeof buffer_ - end_); }

  std::string& out_;
  char buffer_[256];
  char* end_ = buffer_;
};

}  // namespace gofr::logging

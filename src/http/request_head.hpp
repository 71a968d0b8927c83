#pragma once
// A request as the server parsed it, stored flat so that the storage is reused from request to request: the
// method, target, field names and values sit back to back in one string, and a field is found by a scan. A request
// has a handful of fields; a scan of them beats Beast's message, whose ordered multiset allocated per field and
// compared names case-insensitively, character by character, on every insert and every lookup.
#include <array>
#include <cstdint>
#include <ostream>  // Boost 1.81's core/detail/string_view.hpp uses std::ostream without including it (clang fails)
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

namespace gofr::http::detail {

class RequestHead {
 public:
  using field = boost::beast::http::field;
  using verb = boost::beast::http::verb;

  struct Field {
    field id;  // field::unknown for a name Beast does not know
    std::string_view name;
    std::string_view value;
  };

  // Pooled buffers (this head's, and the response's in InFlight) are kept up to this capacity: one large request must
  // not pin megabytes in a pool.
  static constexpr std::size_t kept_capacity = 64 * 1024;

  // Empties it for the next request; the capacity stays unless a large request grew it past kept_capacity.
  void clear() noexcept;

  // Filled by RequestParser.
  void set_request_line(verb method, std::string_view method_text, std::string_view target, unsigned version);
  void add_field(field id, std::string_view name, std::string_view value);
  std::string& body() noexcept { return body_; }

  verb method() const noexcept { return method_; }
  std::string_view method_string() const noexcept { return view(method_text_); }
  std::string_view target() const noexcept { return view(target_); }
  unsigned version() const noexcept { return version_; }
  const std::string& body() const noexcept { return body_; }

  std::size_t size() const noexcept { return fields_.size(); }
  Field operator[](std::size_t i) const noexcept;
  // The first value of the field, "" when it is absent.
  std::string_view operator[](field id) const noexcept;
  std::string_view find(std::string_view name) const noexcept;  // any case
  std::size_t count(field id) const noexcept;

  // The fields the framework itself reads on every request: its deadline and retry-attempt headers, the trace
  // parent, and the log's. They are indexed as the head is parsed, because a dozen lookups of mostly absent fields,
  // a scan each, cost more than the rest of the head's handling.
  enum class Known : std::uint8_t {
    user_agent,
    forwarded_for,
    traceparent,
    grpc_timeout,
    request_timeout_ms,
    request_deadline,
    envoy_expected_rq_timeout_ms,
    request_attempt,
    envoy_attempt_count,
    grpc_previous_rpc_attempts,  // the last: known_count follows from it
  };
  static constexpr std::size_t known_count = static_cast<std::size_t>(Known::grpc_previous_rpc_attempts) + 1;
  // The first value of the field, "" when it is absent: what find() returns for its name.
  std::string_view operator[](Known k) const noexcept;

  // Calls visit(value) for every value of the field, in the order received.
  template <class Visit>
  void for_each_value(field id, Visit&& visit) const {
    for (const auto& f : fields_) {
      if (f.id == id) visit(view(f.value));
    }
  }
  template <class Visit>
  void for_each_value(std::string_view name, Visit&& visit) const {
    for (const auto& f : fields_) {
      if (matches(f, name)) visit(view(f.value));
    }
  }

 private:
  struct Piece {  // offsets, not views: text_ may move while the head is parsed
    std::uint32_t at = 0;
    std::uint32_t size = 0;
  };
  struct Entry {
    field id;
    Piece name;
    Piece value;
  };

  Piece keep(std::string_view text);
  std::string_view view(Piece p) const noexcept { return {text_.data() + p.at, p.size}; }
  bool matches(const Entry& e, std::string_view name) const noexcept;

  std::string text_;
  std::vector<Entry> fields_;
  std::array<std::uint32_t, known_count> known_{};  // 1 + the index in fields_ of the first such field; 0: absent
  Piece method_text_, target_;
  verb method_ = verb::unknown;
  unsigned version_ = 11;
  std::string body_;
};

}  // namespace gofr::http::detail

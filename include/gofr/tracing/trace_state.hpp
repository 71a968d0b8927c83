#pragma once
// W3C Trace Context Level 2 `tracestate` (§3.3): the ordered vendor key/value list that travels beside
// `traceparent`. Values are opaque here; the class enforces the grammar (§3.3.1.3), the 32-member limit
// (§3.3.1.2), one entry per key (§3.3.1.4), the mutation rules (§3.5) and truncation (§3.3.1.5), so whatever
// it holds can be forwarded as is.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gofr::tracing {

class TraceState {
 public:
  struct Member {
    std::string key;
    std::string value;
    friend bool operator==(const Member&, const Member&) = default;
  };

  // §3.3.1.2: at most 32 list-members. Empty (OWS-only) members are not counted: they exist only as an
  // artefact of combining header fields, so they can neither make nor break a list.
  static constexpr std::size_t max_members = 32;
  // §3.3.1.5: vendors SHOULD propagate at least 512 characters of the combined header; that is also the size
  // we truncate to when sending (see to_header(max_length)).
  static constexpr std::size_t propagation_limit = 512;
  // §3.3.1.5: entries longer than this are the first to go when truncating.
  static constexpr std::size_t large_member = 128;

  // Parses the received `tracestate` field values, combined in order as if joined with ',' (§3.3.1.1,
  // RFC 7230 §3.2.2). nullopt when the combination is invalid — a malformed member, a duplicate key or more
  // than 32 members — and then the whole tracestate is discarded; that MUST NOT affect `traceparent` (§3.3).
  // An absent or empty header is valid and yields an empty state.
  static std::optional<TraceState> parse(std::span<const std::string_view> header_values);
  static std::optional<TraceState> parse(std::string_view header_value);

  // §3.3.1.3.1: simple-key or tenant-id "@" system-id, with their length limits.
  static bool valid_key(std::string_view key) noexcept;
  // §3.3.1.3.2: 1 to 256 printable ASCII characters except ',' and '=', not ending in a space.
  static bool valid_value(std::string_view value) noexcept;

  std::optional<std::string_view> get(std::string_view key) const noexcept;
  // Adds or updates `key` and moves it to the front (§3.5: modified and new keys go to the left). When that
  // would make 33 members, the right-most one is dropped, as truncation would (§3.3.1.5). Returns false, and
  // changes nothing, when the key or value is not valid.
  bool set(std::string_view key, std::string_view value);
  // Removes `key` (§3.5 allows deleting any pair). Returns whether it was present.
  bool erase(std::string_view key) noexcept;

  // "k1=v1,k2=v2" with no optional whitespace (§3.3.1.1: a sender SHOULD NOT generate it). Empty when the list
  // is, and then the header SHOULD NOT be sent.
  std::string to_header() const;
  // The same, cut to at most `max_length` characters by dropping whole entries (§3.3.1.5): entries longer than
  // 128 characters go first, right-most first, then any entries from the right, until the rest fits.
  std::string to_header(std::size_t max_length) const;

  const std::vector<Member>& members() const noexcept { return members_; }
  bool empty() const noexcept { return members_.empty(); }
  std::size_t size() const noexcept { return members_.size(); }

  friend bool operator==(const TraceState&, const TraceState&) = default;

 private:
  std::vector<Member> members_;  // left-most first; at most max_members, keys unique
};

}  // namespace gofr::tracing

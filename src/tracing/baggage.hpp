#pragma once
// W3C Baggage (https://www.w3.org/TR/baggage/): application key/value pairs, each with optional properties,
// propagated in the `baggage` header. Values are held decoded (UTF-8) and percent-encoded only on the wire.
//
// Malformed list-members are dropped one by one rather than failing the whole header: the spec lets a system
// remove an entry that is not in the specified format ("Mutating baggage"), and one bad entry from one
// producer should not cost every other producer its entries. A member is kept or dropped whole, never in part.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gofr::tracing {

struct BaggageProperty {
  std::string key;                   // a token (RFC 7230 §3.2.6), verbatim
  std::optional<std::string> value;  // decoded; nullopt for a bare `;key`, "" for `;key=`
  friend bool operator==(const BaggageProperty&, const BaggageProperty&) = default;
};

struct BaggageMember {
  std::string key;    // a token, verbatim and case-sensitive
  std::string value;  // decoded UTF-8
  std::vector<BaggageProperty> properties;
  friend bool operator==(const BaggageMember&, const BaggageMember&) = default;
};

class Baggage {
 public:
  // §3.2.1: baggage-string = list-member 0*179( OWS "," OWS list-member ).
  static constexpr std::size_t max_members = 180;
  // §3.3 Limits: a baggage-string of up to 8192 bytes MUST be propagated whole; past it members MAY be dropped.
  static constexpr std::size_t max_bytes = 8192;

  // Parses the received `baggage` field values, combined in order as if joined with ','. Malformed members
  // are skipped, and so are members that would take the list past 180 members or 8192 bytes as this class
  // would send it, so that whatever is accepted is also propagated (§3.3). nullopt when no member is left.
  static std::optional<Baggage> parse(std::span<const std::string_view> header_values);
  static std::optional<Baggage> parse(std::string_view header_value);

  // key = token (RFC 7230 §3.2.6).
  static bool valid_key(std::string_view key) noexcept;

  // The first member with `key` (keys may repeat, §3.2.1.1); null when there is none.
  const BaggageMember* find(std::string_view key) const noexcept;
  std::optional<std::string_view> get(std::string_view key) const noexcept;
  // Updates the first member with `key` in place, removing later duplicates, or appends a new member. Values
  // that are not valid UTF-8 have each bad sequence replaced by U+FFFD, as a receiver would. Returns false, and
  // changes nothing, when `key` or a property key is not a token.
  bool set(std::string_view key, std::string_view value, std::vector<BaggageProperty> properties = {});
  // Removes every member with `key`; returns how many there were.
  std::size_t erase(std::string_view key) noexcept;

  // "k1=v1;p1;p2=v2,k2=v2" without optional whitespace, values percent-encoded. Members that would take it past
  // 180 members or 8192 bytes are left out whole (§3.3), later smaller ones still fitting in.
  std::string to_header() const;

  const std::vector<BaggageMember>& members() const noexcept { return members_; }
  bool empty() const noexcept { return members_.empty(); }
  std::size_t size() const noexcept { return members_.size(); }

  friend bool operator==(const Baggage&, const Baggage&) = default;

 private:
  std::vector<BaggageMember> members_;
};

}  // namespace gofr::tracing

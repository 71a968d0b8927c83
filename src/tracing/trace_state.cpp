#include "gofr/tracing/trace_state.hpp"
#include "util/http_grammar.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace gofr::tracing {

namespace {

constexpr bool is_lcalpha(char c) noexcept { return c >= 'a' && c <= 'z'; }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// lcalpha / DIGIT / "_" / "-" / "*" / "/": what may follow the first character of every key part (§3.3.1.3.1).
constexpr bool is_key_char(char c) noexcept {
  return is_lcalpha(c) || is_digit(c) || c == '_' || c == '-' || c == '*' || c == '/';
}

// One key part: a first character (lcalpha, or also DIGIT for a tenant-id) then key characters, at most
// `max_length` in all.
bool valid_key_part(std::string_view part, bool digit_first, std::size_t max_length) noexcept {
  if (part.empty() || part.size() > max_length) return false;
  if (!is_lcalpha(part[0]) && !(digit_first && is_digit(part[0]))) return false;
  return std::all_of(part.begin() + 1, part.end(), is_key_char);
}

// nblk-chr = %x21-2B / %x2D-3C / %x3E-7E (§3.3.1.3.2): printable, not space, not ',' or '='.
constexpr bool is_nblk_chr(char c) noexcept { return c >= 0x21 && c <= 0x7E && c != ',' && c != '='; }

std::size_t entry_length(const TraceState::Member& m) noexcept { return m.key.size() + 1 + m.value.size(); }

}  // namespace

bool TraceState::valid_key(std::string_view key) noexcept {
  // simple-key       = lcalpha 0*255( lcalpha / DIGIT / "_" / "-" / "*" / "/" )
  // multi-tenant-key = tenant-id "@" system-id
  // tenant-id        = ( lcalpha / DIGIT ) 0*240( ... )
  // system-id        = lcalpha 0*13( ... )
  // A second '@' lands in the system-id, where it is not a key character.
  const auto at = key.find('@');
  if (at == std::string_view::npos) return valid_key_part(key, false, 256);
  return valid_key_part(key.substr(0, at), true, 241) && valid_key_part(key.substr(at + 1), false, 14);
}

bool TraceState::valid_value(std::string_view value) noexcept {
  // value = 0*255(chr) nblk-chr ; chr = %x20 / nblk-chr
  if (value.empty() || value.size() > 256 || !is_nblk_chr(value.back())) return false;
  return std::all_of(value.begin(), value.end(), [](char c) { return c == ' ' || is_nblk_chr(c); });
}

std::optional<TraceState> TraceState::parse(std::span<const std::string_view> header_values) {
  // Walking the fields one after the other is the same as splitting their ','-joined combination (§3.3.1.1),
  // without building it.
  TraceState state;
  for (std::string_view field : header_values) {
    for (;;) {
      const auto comma = field.find(',');
      // §3.3.1.1: spaces and tabs around a list-member are ignored. A trailing space therefore never belongs
      // to a value, which the grammar agrees with (a value cannot end in one); leading spaces of a value, after
      // '=', do belong to it.
      const auto member = util::trim_ows(field.substr(0, comma));
      if (!member.empty()) {  // §3.3.1.1: empty and whitespace-only members are allowed and carry nothing
        if (state.members_.size() == max_members) return std::nullopt;
        // list-member = key "=" value: no whitespace around '='. Keys contain no '=', so the first one splits.
        const auto eq = member.find('=');
        if (eq == std::string_view::npos) return std::nullopt;
        const auto key = member.substr(0, eq);
        const auto value = member.substr(eq + 1);
        if (!valid_key(key) || !valid_value(value)) return std::nullopt;
        // §3.3.1.4: only one entry per key is allowed; a list repeating one is invalid as a whole.
        if (state.get(key)) return std::nullopt;
        state.members_.push_back(Member{std::string(key), std::string(value)});
      }
      if (comma == std::string_view::npos) break;
      field.remove_prefix(comma + 1);
    }
  }
  return state;
}

std::optional<TraceState> TraceState::parse(std::string_view header_value) {
  return parse(std::span<const std::string_view>(&header_value, 1));
}

std::optional<std::string_view> TraceState::get(std::string_view key) const noexcept {
  for (const auto& m : members_) {
    if (m.key == key) return std::string_view(m.value);
  }
  return std::nullopt;
}

bool TraceState::set(std::string_view key, std::string_view value) {
  if (!valid_key(key) || !valid_value(value)) return false;
  const auto it = std::find_if(members_.begin(), members_.end(), [&](const Member& m) { return m.key == key; });
  if (it != members_.end()) {
    // §3.5: an updated key moves to the left; the others keep their order.
    std::rotate(members_.begin(), it, it + 1);
    members_.front().value.assign(value);
    return true;
  }
  if (members_.size() == max_members) members_.pop_back();
  members_.insert(members_.begin(), Member{std::string(key), std::string(value)});  // §3.5: new keys go left
  return true;
}

bool TraceState::erase(std::string_view key) noexcept {
  const auto it = std::find_if(members_.begin(), members_.end(), [&](const Member& m) { return m.key == key; });
  if (it == members_.end()) return false;
  members_.erase(it);
  return true;
}

std::string TraceState::to_header() const { return to_header(std::numeric_limits<std::size_t>::max()); }

std::string TraceState::to_header(std::size_t max_length) const {
  std::size_t length = 0;
  for (const auto& m : members_) length += entry_length(m);
  if (!members_.empty()) length += members_.size() - 1;  // the commas

  // §3.3.1.5: truncate whole entries only; entries over 128 characters first, then from the end. Large entries
  // are dropped only while still needed, right-most first, so no more is lost than the limit demands.
  std::array<bool, max_members> keep;
  keep.fill(true);
  std::size_t kept = members_.size();
  const auto drop = [&](std::size_t i) {
    length -= entry_length(members_[i]) + (kept > 1 ? 1 : 0);
    keep[i] = false;
    --kept;
  };
  for (std::size_t i = members_.size(); i-- > 0 && length > max_length;) {
    if (entry_length(members_[i]) > large_member) drop(i);
  }
  for (std::size_t i = members_.size(); i-- > 0 && length > max_length;) {
    if (keep[i]) drop(i);
  }

  std::string out;
  out.reserve(length);
  for (std::size_t i = 0; i < members_.size(); ++i) {
    if (!keep[i]) continue;
    if (!out.empty()) out += ',';
    out += members_[i].key;
    out += '=';
    out += members_[i].value;
  }
  return out;
}

}  // namespace gofr::tracing

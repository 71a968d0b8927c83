#include "tracing/baggage.hpp"
#include "util/http_grammar.hpp"

#include <algorithm>

namespace gofr::tracing {

namespace {

// baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E (§3.2.1): printable ASCII except space, DQUOTE,
// ',', ';' and '\'.
constexpr bool is_baggage_octet(char ch) noexcept {
  const auto c = static_cast<unsigned char>(ch);
  return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B) ||
         (c >= 0x5D && c <= 0x7E);
}

// §3.2.1.3: what is sent verbatim. Everything else, and '%' itself so that decoding is unambiguous, is
// percent-encoded.
constexpr bool sent_verbatim(char c) noexcept { return is_baggage_octet(c) && c != '%'; }

bool valid_value(std::string_view value) noexcept { return std::all_of(value.begin(), value.end(), is_baggage_octet); }

// RFC 3986 §2.1: hex digits of an escape are case-insensitive.
constexpr int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of the well-formed UTF-8 sequence at s[i] (Unicode Table 3-7), or 0 when it is ill-formed. On 0,
// `bad` is the length of its maximal subpart: the bytes to replace with one U+FFFD before resuming.
std::size_t utf8_sequence(std::string_view s, std::size_t i, std::size_t& bad) noexcept {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return 1;
  std::size_t need;
  unsigned char low = 0x80, high = 0xBF;  // bounds of the second byte; later ones are always 80..BF
  if (b >= 0xC2 && b <= 0xDF) {
    need = 1;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need = 2;
    if (b == 0xE0) low = 0xA0;   // no overlong forms
    if (b == 0xED) high = 0x9F;  // no surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 3;
    if (b == 0xF0) low = 0x90;
    if (b == 0xF4) high = 0x8F;  // nothing past U+10FFFF
  } else {
    bad = 1;
    return 0;
  }
  for (std::size_t k = 1; k <= need; ++k) {
    // A missing or out-of-range byte ends the maximal subpart; it is not consumed but looked at afresh.
    if (i + k >= s.size()) {
      bad = k;
      return 0;
    }
    const auto c = static_cast<unsigned char>(s[i + k]);
    if (c < (k == 1 ? low : 0x80) || c > (k == 1 ? high : 0xBF)) {
      bad = k;
      return 0;
    }
  }
  return need + 1;
}

// §3.2.1.3: decoded octets that are not UTF-8 MUST be replaced with U+FFFD, one per maximal ill-formed
// subpart (the WHATWG decoder's rule). Copies only when something needs replacing.
void replace_invalid_utf8(std::string& s) {
  static constexpr std::string_view replacement = "\xEF\xBF\xBD";
  std::size_t i = 0, bad = 0, n;
  while (i < s.size() && (n = utf8_sequence(s, i, bad)) != 0) i += n;
  if (i == s.size()) return;
  std::string out(s, 0, i);
  while (i < s.size()) {
    if ((n = utf8_sequence(s, i, bad)) != 0) {
      out.append(s, i, n);
      i += n;
    } else {
      out += replacement;
      i += bad;
    }
  }
  s = std::move(out);
}

// §3.2.1.3: a value is a percent-encoded UTF-8 string. A '%' that does not start an escape is kept as a literal
// '%' (it is a valid baggage-octet, and dropping the entry for it would lose more than it protects).
std::string decode_value(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    int high, low;
    if (in[i] == '%' && i + 2 < in.size() && (high = hex_digit(in[i + 1])) >= 0 && (low = hex_digit(in[i + 2])) >= 0) {
      out += static_cast<char>((high << 4) | low);
      i += 2;
    } else {
      out += in[i];
    }
  }
  replace_invalid_utf8(out);
  return out;
}

std::size_t encoded_size(std::string_view value) noexcept {
  std::size_t n = 0;
  for (char c : value) n += sent_verbatim(c) ? 1 : 3;
  return n;
}

void encode_value(std::string_view value, std::string& out) {
  static constexpr char digits[] = "0123456789ABCDEF";  // RFC 3986 §2.1: upper case SHOULD be produced
  for (char c : value) {
    if (sent_verbatim(c)) {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '%';
      out += digits[b >> 4];
      out += digits[b & 0xF];
    }
  }
}

// Bytes of `member` as to_header writes it.
std::size_t member_size(const BaggageMember& member) noexcept {
  std::size_t n = member.key.size() + 1 + encoded_size(member.value);
  for (const auto& p : member.properties) {
    n += 1 + p.key.size();
    if (p.value) n += 1 + encoded_size(*p.value);
  }
  return n;
}

// list-member = key OWS "=" OWS value *( OWS ";" OWS property ), surrounding OWS already trimmed.
// Keys contain no '=', ';' or ',', and values no ';' or ',', so splitting at the first of each is exact.
std::optional<BaggageMember> parse_member(std::string_view text) {
  auto semicolon = text.find(';');
  const auto pair = text.substr(0, semicolon);
  const auto eq = pair.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  const auto key = util::trim_ows(pair.substr(0, eq));
  const auto value = util::trim_ows(pair.substr(eq + 1));  // §3.2.1.3: value MAY itself contain '='
  if (!Baggage::valid_key(key) || !valid_value(value)) return std::nullopt;
  BaggageMember member{std::string(key), decode_value(value), {}};
  while (semicolon != std::string_view::npos) {
    // property = key OWS "=" OWS value / key OWS. An empty one (";;", a trailing ';') has no key: invalid.
    text.remove_prefix(semicolon + 1);
    semicolon = text.find(';');
    const auto property = util::trim_ows(text.substr(0, semicolon));
    const auto property_eq = property.find('=');
    if (property_eq == std::string_view::npos) {
      if (!Baggage::valid_key(property)) return std::nullopt;
      member.properties.push_back(BaggageProperty{std::string(property), std::nullopt});
      continue;
    }
    const auto property_key = util::trim_ows(property.substr(0, property_eq));
    const auto property_value = util::trim_ows(property.substr(property_eq + 1));
    if (!Baggage::valid_key(property_key) || !valid_value(property_value)) return std::nullopt;
    member.properties.push_back(BaggageProperty{std::string(property_key), decode_value(property_value)});
  }
  return member;
}

// Greedy admission under the §3.3 limits, shared by parse and to_header so that they agree: `bytes` is the
// size of the list so far as sent, commas included.
bool fits(std::size_t members, std::size_t bytes, std::size_t size) noexcept {
  return members < Baggage::max_members && bytes + (members == 0 ? 0 : 1) + size <= Baggage::max_bytes;
}

}  // namespace

bool Baggage::valid_key(std::string_view key) noexcept {
  return util::is_token(key);
}

std::optional<Baggage> Baggage::parse(std::span<const std::string_view> header_values) {
  Baggage baggage;
  std::size_t bytes = 0;
  for (std::string_view field : header_values) {
    for (;;) {
      if (baggage.members_.size() == max_members) return baggage;  // nothing more can be admitted
      const auto comma = field.find(',');
      // An empty member (",,", or from joining an empty field) is not a list-member and carries nothing.
      if (const auto text = util::trim_ows(field.substr(0, comma)); !text.empty()) {
        if (auto member = parse_member(text)) {
          const auto size = member_size(*member);
          if (fits(baggage.members_.size(), bytes, size)) {
            bytes += (baggage.members_.empty() ? 0 : 1) + size;
            baggage.members_.push_back(std::move(*member));
          }
        }
      }
      if (comma == std::string_view::npos) break;
      field.remove_prefix(comma + 1);
    }
  }
  if (baggage.members_.empty()) return std::nullopt;
  return baggage;
}

std::optional<Baggage> Baggage::parse(std::string_view header_value) {
  return parse(std::span<const std::string_view>(&header_value, 1));
}

const BaggageMember* Baggage::find(std::string_view key) const noexcept {
  for (const auto& m : members_) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

std::optional<std::string_view> Baggage::get(std::string_view key) const noexcept {
  if (const auto* m = find(key)) return std::string_view(m->value);
  return std::nullopt;
}

bool Baggage::set(std::string_view key, std::string_view value, std::vector<BaggageProperty> properties) {
  if (!valid_key(key)) return false;
  for (auto& p : properties) {
    if (!valid_key(p.key)) return false;
    if (p.value) replace_invalid_utf8(*p.value);
  }
  std::string decoded(value);
  replace_invalid_utf8(decoded);
  const auto same_key = [&](const BaggageMember& m) { return m.key == key; };
  const auto first = std::find_if(members_.begin(), members_.end(), same_key);
  if (first == members_.end()) {
    members_.push_back(BaggageMember{std::string(key), std::move(decoded), std::move(properties)});
    return true;
  }
  first->value = std::move(decoded);
  first->properties = std::move(properties);
  members_.erase(std::remove_if(first + 1, members_.end(), same_key), members_.end());
  return true;
}

std::size_t Baggage::erase(std::string_view key) noexcept {
  return std::erase_if(members_, [&](const BaggageMember& m) { return m.key == key; });
}

std::string Baggage::to_header() const {
  std::string out;
  std::size_t count = 0;
  for (const auto& member : members_) {
    const auto size = member_size(member);
    if (!fits(count, out.size(), size)) continue;  // §3.3: drop whole members only
    if (count++ != 0) out += ',';
    out += member.key;
    out += '=';
    encode_value(member.value, out);
    for (const auto& p : member.properties) {
      out += ';';
      out += p.key;
      if (p.value) {
        out += '=';
        encode_value(*p.value, out);
      }
    }
  }
  return out;
}

}  // namespace gofr::tracing

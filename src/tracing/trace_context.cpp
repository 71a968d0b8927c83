#include "tracing/trace_context.hpp"

#include "tracing/hex.hpp"
#include "util/http_grammar.hpp"

namespace gofr::tracing {

namespace {

// version "-" trace-id "-" parent-id "-" trace-flags: 2 + 1 + 32 + 1 + 16 + 1 + 2.
constexpr std::size_t version_00_length = 55;
constexpr std::size_t trace_id_at = 3;
constexpr std::size_t span_id_at = 36;
constexpr std::size_t flags_at = 53;

}  // namespace

std::optional<SpanContext> parse_traceparent(std::string_view value) noexcept {
  // RFC 7230 §3.2.4: OWS around a field value is not part of it.
  value = util::trim_ows(value);

  // §3.2.4: shorter than 55 characters cannot be read under any version.
  if (value.size() < version_00_length) return std::nullopt;
  // §3.2.2.1: version = 2HEXDIGLC followed by '-'; ff is forbidden.
  const int version = hex::byte(value[0], value[1]);
  if (version < 0 || version == 0xff || value[2] != '-') return std::nullopt;
  if (version == 0) {
    // §3.2.2.2: version 00 is exactly this layout, so trailing data of any kind makes it invalid.
    if (value.size() != version_00_length) return std::nullopt;
  } else if (value.size() > version_00_length && value[version_00_length] != '-') {
    // §3.2.4: a higher version is additive: its flags must be followed by the end or a '-'. What comes after
    // belongs to fields this implementation does not know, and MUST NOT be parsed or assumed.
    return std::nullopt;
  }
  if (value[span_id_at - 1] != '-' || value[flags_at - 1] != '-') return std::nullopt;

  SpanContext context;
  // §3.2.2.3, §3.2.2.4: HEXDIGLC only.
  if (!hex::decode(value.substr(trace_id_at, 32), context.trace_id)) return std::nullopt;
  if (!hex::decode(value.substr(span_id_at, 16), context.span_id)) return std::nullopt;
  const int flags = hex::byte(value[flags_at], value[flags_at + 1]);
  if (flags < 0) return std::nullopt;
  // §3.2.2.5.3 and the processing model: only the flags this version defines are kept; unknown ones are set to
  // zero on outgoing requests, and clearing them here means they can never leak out.
  context.flags = static_cast<std::uint8_t>(flags) & SpanContext::known_flags;
  // §3.2.2.3, §3.2.2.4: all-zero ids are invalid and the whole traceparent MUST then be ignored.
  if (!context.valid()) return std::nullopt;
  context.remote = true;
  return context;
}

std::string format_traceparent(const SpanContext& context) {
  // §3.2.4: always written in the highest version known here, 00, whatever version was received.
  std::string out(version_00_length, '-');
  out[0] = '0';
  out[1] = '0';
  hex::encode(context.trace_id, out.data() + trace_id_at);
  hex::encode(context.span_id, out.data() + span_id_at);
  const std::uint8_t flags = context.flags & SpanContext::known_flags;
  hex::encode(std::span<const std::uint8_t>(&flags, 1), out.data() + flags_at);
  return out;
}

Extracted extract(std::span<const std::string_view> traceparent_values,
                  std::span<const std::string_view> tracestate_values) {
  // traceparent is a single value, not a list: two fields leave no way to choose a parent, so the trace
  // restarts as for any unparsable one.
  if (traceparent_values.size() != 1) return {};
  auto parent = parse_traceparent(traceparent_values.front());
  if (!parent) return {};  // §3.3: failing traceparent, tracestate MUST NOT be parsed; it is dropped with it
  if (auto state = TraceState::parse(tracestate_values)) parent->state = std::move(*state);
  return Extracted{std::move(parent)};
}

std::optional<Injected> inject(const SpanContext& context, std::size_t tracestate_limit) {
  if (!context.valid()) return std::nullopt;
  Injected out{format_traceparent(context), std::nullopt};
  if (auto state = context.state.to_header(tracestate_limit); !state.empty()) out.tracestate = std::move(state);
  return out;
}

}  // namespace gofr::tracing

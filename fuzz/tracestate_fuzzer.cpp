// `tracestate` parsing, one header field per input line: whatever is accepted must print, and print truncated,
// as a valid tracestate that reads back as the same list (or, truncated, as an in-order subset of it).
#include <cstdlib>
#include <vector>

#include "gofr/tracing/trace_state.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gofr::tracing::TraceState;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> fields;
  for (;;) {
    const auto newline = input.find('\n');
    fields.push_back(input.substr(0, newline));
    if (newline == std::string_view::npos) break;
    input.remove_prefix(newline + 1);
  }
  const auto state = TraceState::parse(fields);
  if (!state) return 0;
  if (state->size() > TraceState::max_members) std::abort();
  const auto header = state->to_header();
  const auto again = TraceState::parse(header);
  if (!again || *again != *state || again->to_header() != header) std::abort();

  const auto truncated = state->to_header(TraceState::propagation_limit);
  const auto kept = TraceState::parse(truncated);
  if (truncated.size() > TraceState::propagation_limit || !kept) std::abort();
  std::size_t next = 0;  // every kept member is an original one, in the original order
  for (const auto& member : kept->members()) {
    while (next < state->size() && !(state->members()[next] == member)) ++next;
    if (next++ == state->size()) std::abort();
  }
  if (header.size() <= TraceState::propagation_limit && truncated != header) std::abort();
  return 0;
}

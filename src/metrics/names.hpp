#pragma once
// Prometheus naming rules, applied the way GoFr's exporter shows names: GoFr registers `counter-test` and the
// scrape shows `counter_test`. The exposition text must parse for every scraper, so anything that the text
// format cannot carry is rejected (names) or repaired (UTF-8 in label values and help).
#include <string>
#include <string_view>

namespace gofr::metrics {

// The exposition name of a metric: '-' and '.' become '_'. Throws std::invalid_argument unless the result matches
// [a-zA-Z_:][a-zA-Z0-9_:]* and does not start with "__" (reserved by Prometheus).
std::string metric_name(std::string_view name);

// The same rewrite for a lookup, without validation: returns `name` itself when it has nothing to rewrite, so the
// common case does not allocate; otherwise the rewritten name, stored in `buffer`.
std::string_view normalized_name(std::string_view name, std::string& buffer);

// True when `c` must be rewritten to '_' in metric and label names ('-' and '.').
constexpr bool rewritten_to_underscore(char c) noexcept { return c == '-' || c == '.'; }

// Whether an already rewritten label name matches [a-zA-Z_][a-zA-Z0-9_]* and is not reserved: "__…" (Prometheus),
// "otel_scope_…" (the scope labels on every series) and "otel_metric_overflow" (the overflow series). "le" is
// reserved for histograms only, so the caller checks it.
bool valid_label_name(std::string_view name) noexcept;

// `text` with every byte that does not start a well-formed UTF-8 sequence replaced by U+FFFD. Scrapers reject a
// whole scrape over one invalid label value.
std::string valid_utf8(std::string_view text);

// A HELP text escaped for the text format (backslash and line feed). prometheus-cpp 1.0 writes HELP unescaped, so a
// description with a line break would end the comment early and break the scrape.
std::string escape_help(std::string_view help);

}  // namespace gofr::metrics

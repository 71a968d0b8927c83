#include "gofr/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <unordered_map>

#include <fmt/format.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include "gofr/logging.hpp"
#include "metrics/error_throttle.hpp"
#include "metrics/names.hpp"
#include "metrics/registry.hpp"
#include "metrics/series_lookup.hpp"

namespace gofr {
namespace {

using metrics::valid_utf8;

enum class Kind { counter, up_down_counter, histogram, gauge, framework };

std::string_view to_string(Kind kind) noexcept {
  switch (kind) {
    case Kind::counter:
      return "counter";
    case Kind::up_down_counter:
      return "up-down counter";
    case Kind::histogram:
      return "histogram";
    case Kind::gauge:
      return "gauge";
    case Kind::framework:
      return "metric recorded by the framework";
  }
  return "metric";
}

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <class Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

struct Entry {
  Entry(Kind k, bool h) : kind(k), histogram(h) {}
  virtual ~Entry() = default;
  const Kind kind;
  const bool histogram;  // its name_bucket, name_count and name_sum are taken too
};

template <class T>
struct Typed final : Entry {
  Typed(Kind k, prometheus::Family<T>& f, std::vector<double> b)
      : Entry(k, k == Kind::histogram), family(f), buckets(std::move(b)) {}
  prometheus::Family<T>& family;
  const std::vector<double> buckets;
  // Family::Add would do this lookup too, but from a std::map of std::strings built per call; this one is keyed by
  // bytes built in a reused buffer, so a known series costs no allocation.
  std::mutex mutex;
  StringMap<T*> series;
  T* overflow = nullptr;
};

// One recording's labels in canonical form: keys rewritten ('-', '.' → '_'), sorted, the last of a repeated key
// kept. `id` encodes them length-prefixed and identifies the series whatever order the caller used.
struct CanonicalLabels {
  std::string keys;  // storage for rewritten keys
  std::vector<std::pair<std::string_view, std::string_view>> labels;
  std::string id;
};

void append_length_prefixed(std::string& out, std::string_view bytes) {
  const auto n = static_cast<std::uint32_t>(bytes.size());
  out.append(reinterpret_cast<const char*>(&n), sizeof n).append(bytes);
}

// Returns the first invalid key as given, or nullopt when every key is valid.
std::optional<std::string_view> canonicalize(MetricLabels in, bool histogram, CanonicalLabels& out) {
  out.keys.clear();
  out.labels.clear();
  out.id.clear();
  std::size_t key_bytes = 0;
  for (const auto& label : in) key_bytes += label.first.size();
  out.keys.reserve(key_bytes);  // never reallocates below, so views into it stay valid
  for (const auto& [key, value] : in) {
    std::string_view k = key;
    if (std::ranges::any_of(key, metrics::rewritten_to_underscore)) {
      const auto start = out.keys.size();
      for (const char c : key) out.keys.push_back(metrics::rewritten_to_underscore(c) ? '_' : c);
      k = std::string_view(out.keys).substr(start, key.size());
    }
    if (!metrics::valid_label_name(k) || (histogram && k == "le")) return key;
    out.labels.emplace_back(k, value);
  }
  // Insertion sort: stable, and no allocation for the handful of labels a metric has.
  auto& labels = out.labels;
  for (std::size_t i = 1; i < labels.size(); ++i) {
    for (std::size_t j = i; j > 0 && labels[j].first < labels[j - 1].first; --j) std::swap(labels[j], labels[j - 1]);
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i + 1 < labels.size() && labels[i + 1].first == labels[i].first) continue;  // a later value wins
    labels[kept++] = labels[i];
  }
  labels.resize(kept);
  for (const auto& [key, value] : labels) {
    append_length_prefixed(out.id, key);
    append_length_prefixed(out.id, value);
  }
  return std::nullopt;
}

}  // namespace

struct Metrics::State {
  State(metrics::Registry& r, Logger& l)
      : registry(r.prometheus()), scope_labels(r.scope_labels()), limit(r.options().cardinality_limit), logger(l) {}

  prometheus::Registry& registry;
  const prometheus::Labels& scope_labels;
  const std::size_t limit;
  Logger& logger;
  metrics::ErrorThrottle throttle;
  std::shared_mutex mutex;  // guards `entries`; entries themselves are never removed
  StringMap<std::unique_ptr<Entry>> entries;

  // Throws unless `name` (already rewritten) is free, histogram suffixes included. Call with the lock held.
  void check_free(const std::string& name, bool histogram) const {
    const auto taken = [&](std::string_view candidate) { return entries.find(candidate) != entries.end(); };
    bool conflict = taken(name);
    for (const std::string_view suffix : {"_bucket", "_count", "_sum"}) {
      if (histogram) conflict = conflict || taken(name + std::string(suffix));
      if (name.ends_with(suffix)) {
        const auto it = entries.find(std::string_view(name).substr(0, name.size() - suffix.size()));
        conflict = conflict || (it != entries.end() && it->second->histogram);
      }
    }
    if (conflict) throw std::invalid_argument(fmt::format("metric '{}' is already registered", name));
  }

  template <class T>
  void add(std::string_view name, Kind kind, std::string_view description, std::vector<double> buckets = {}) {
    auto exposed = metrics::metric_name(name);
    std::unique_lock lock(mutex);
    check_free(exposed, kind == Kind::histogram);
    auto& family = prometheus::detail::Builder<T>()
                       .Name(exposed)
                       .Help(valid_utf8(description))
                       .Labels(scope_labels)
                       .Register(registry);
    entries.emplace(std::move(exposed), std::make_unique<Typed<T>>(kind, family, std::move(buckets)));
  }

  Entry* find(std::string_view name) {
    thread_local std::string buffer;
    const auto key = metrics::normalized_name(name, buffer);
    std::shared_lock lock(mutex);
    const auto it = entries.find(key);
    return it == entries.end() ? nullptr : it->second.get();
  }

  // Logs at most once a minute per (name, problem); see ErrorThrottle.
  template <class... Args>
  void report(std::string_view name, std::string_view problem, fmt::format_string<Args...> format, Args&&... args) {
    std::string key(name);
    key.append(1, '\0').append(problem);
    const auto held_back = throttle.admit(key);
    if (!held_back) return;
    auto message = fmt::format(format, std::forward<Args>(args)...);
    if (*held_back > 0) message += fmt::format(" ({} more since the last report)", *held_back);
    logger.error(message);
  }

  template <class T>
  T& add_series(Typed<T>& entry, const prometheus::Labels& labels) {
    if constexpr (std::is_same_v<T, prometheus::Histogram>) {
      return entry.family.Add(labels, entry.buckets);
    } else {
      return entry.family.Add(labels);
    }
  }

  template <class T>
  T& series(Typed<T>& entry, std::string_view name, const CanonicalLabels& canonical) {
    std::lock_guard lock(entry.mutex);
    if (const auto it = entry.series.find(canonical.id); it != entry.series.end()) return *it->second;
    if (entry.series.size() >= limit) {
      if (entry.overflow == nullptr) {
        entry.overflow = &add_series(entry, {{"otel_metric_overflow", "true"}});
        logger.warnf(
            "Metrics {} reached {} label sets; further ones are recorded in the series "
            "otel_metric_overflow=\"true\"",
            name, limit);
      }
      return *entry.overflow;
    }
    prometheus::Labels labels;
    for (const auto& [key, value] : canonical.labels) labels.emplace(std::string(key), valid_utf8(value));
    auto& added = add_series(entry, labels);
    entry.series.emplace(canonical.id, &added);
    return added;
  }

  // The series of a label set, or null (reported) when the metric or the labels are wrong.
  template <class T>
  T* lookup(std::string_view name, Kind expected, MetricLabels labels) {
    Entry* entry = find(name);
    if (entry == nullptr) {
      report(name, "unregistered", "Metrics {} is not registered", name);
      return nullptr;
    }
    if (entry->kind != expected) {
      report(name, "kind", "Metrics {} is a {}, not a {}", name, to_string(entry->kind), to_string(expected));
      return nullptr;
    }
    thread_local CanonicalLabels canonical;
    if (const auto bad = canonicalize(labels, expected == Kind::histogram, canonical)) {
      report(name, "label", "Metrics {}: invalid label name '{}'", name, *bad);
      return nullptr;
    }
    try {
      return &series(static_cast<Typed<T>&>(*entry), name, canonical);
    } catch (const std::exception& e) {
      report(name, "series", "Metrics {}: {}", name, e.what());
      return nullptr;
    }
  }

  template <class T, class Apply>
  void record(std::string_view name, Kind expected, MetricLabels labels, Apply apply) {
    if (T* s = lookup<T>(name, expected, labels)) apply(*s);
  }
};

Metrics::Metrics(metrics::Registry& registry, Logger& logger) : state_(std::make_unique<State>(registry, logger)) {}

Metrics::~Metrics() = default;

void Metrics::reserve(std::string_view name, bool histogram) {
  auto exposed = metrics::metric_name(name);
  std::unique_lock lock(state_->mutex);
  state_->check_free(exposed, histogram);
  state_->entries.emplace(std::move(exposed), std::make_unique<Entry>(Kind::framework, histogram));
}

void Metrics::new_counter(std::string_view name, std::string_view description) {
  state_->add<prometheus::Counter>(name, Kind::counter, description);
}

void Metrics::new_up_down_counter(std::string_view name, std::string_view description) {
  state_->add<prometheus::Gauge>(name, Kind::up_down_counter, description);
}

void Metrics::new_histogram(std::string_view name, std::string_view description, std::vector<double> buckets) {
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    if (!std::isfinite(buckets[i]) || (i > 0 && !(buckets[i] > buckets[i - 1]))) {
      throw std::invalid_argument(
          fmt::format("histogram '{}': bucket bounds must be finite and strictly increasing", name));
    }
  }
  state_->add<prometheus::Histogram>(name, Kind::histogram, description, std::move(buckets));
}

void Metrics::new_gauge(std::string_view name, std::string_view description) {
  state_->add<prometheus::Gauge>(name, Kind::gauge, description);
}

void Metrics::increment_counter(std::string_view name, MetricLabels labels) {
  state_->record<prometheus::Counter>(name, Kind::counter, labels, [](prometheus::Counter& c) { c.Increment(); });
}

void Metrics::delta_up_down_counter(std::string_view name, double delta, MetricLabels labels) {
  if (!std::isfinite(delta)) return state_->report(name, "value", "Metrics {}: value {} is not finite", name, delta);
  state_->record<prometheus::Gauge>(name, Kind::up_down_counter, labels,
                                    [delta](prometheus::Gauge& g) { g.Increment(delta); });
}

void Metrics::record_histogram(std::string_view name, double value, MetricLabels labels) {
  if (!std::isfinite(value)) return state_->report(name, "value", "Metrics {}: value {} is not finite", name, value);
  state_->record<prometheus::Histogram>(name, Kind::histogram, labels,
                                        [value](prometheus::Histogram& h) { h.Observe(value); });
}

void Metrics::set_gauge(std::string_view name, double value, MetricLabels labels) {
  state_->record<prometheus::Gauge>(name, Kind::gauge, labels, [value](prometheus::Gauge& g) { g.Set(value); });
}

}  // namespace gofr

namespace gofr::metrics {

prometheus::Histogram* SeriesLookup::histogram(Metrics& metrics, std::string_view name, MetricLabels labels) {
  return metrics.state_->lookup<prometheus::Histogram>(name, Kind::histogram, labels);
}

prometheus::Counter* SeriesLookup::counter(Metrics& metrics, std::string_view name, MetricLabels labels) {
  return metrics.state_->lookup<prometheus::Counter>(name, Kind::counter, labels);
}

}  // namespace gofr::metrics

#include "metrics/http_metrics.hpp"

#include <cstring>
#include <limits>
#include <utility>

#include "gofr/logging.hpp"
#include "metrics/names.hpp"

namespace gofr::metrics {
namespace {

constexpr std::string_view help = "Response time of HTTP requests in seconds.";
constexpr std::size_t bucket_count = HttpMetrics::buckets.size() + 1;  // the last one is +Inf

// RFC 9110's methods. Index 0 stands for any other token: clients choose methods, so they must not choose series.
constexpr std::array<std::string_view, 10> methods{"_OTHER", "GET",     "HEAD",    "POST",  "PUT",
                                                   "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

std::uint8_t method_index(std::string_view m) noexcept {
  // The length first, then fixed-size compares that the compiler inlines: no library call per request.
  const auto is = [m](const char* literal) { return std::memcmp(m.data(), literal, m.size()) == 0; };
  switch (m.size()) {
    case 3:
      return is("GET") ? 1 : is("PUT") ? 4 : 0;
    case 4:
      return is("HEAD") ? 2 : is("POST") ? 3 : 0;
    case 5:
      return is("TRACE") ? 8 : is("PATCH") ? 9 : 0;
    case 6:
      return is("DELETE") ? 5 : 0;
    case 7:
      return is("CONNECT") ? 6 : is("OPTIONS") ? 7 : 0;
    default:
      return 0;
  }
}

// The index of the first bound >= seconds (18 for +Inf): a branchless binary search, the same few steps whatever
// the latency distribution.
std::size_t bucket_index(double seconds) noexcept {
  const double* base = HttpMetrics::buckets.data();
  std::size_t n = HttpMetrics::buckets.size();
  while (n > 1) {
    const auto half = n / 2;
    base = base[half] < seconds ? base + half : base;
    n -= half;
  }
  return static_cast<std::size_t>(base - HttpMetrics::buckets.data()) + (*base < seconds ? 1 : 0);
}

// Routes are short; reading them 8 bytes at a time, inline, is several times cheaper than std::hash and memcmp,
// which are library calls. Unaligned loads are fine on every target this builds for.
std::uint64_t load8(const char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
std::uint64_t load4(const char* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

bool same_bytes(std::string_view a, std::string_view b) noexcept {
  const auto n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) {
      if (load8(x + i) != load8(y + i)) return false;
    }
    return load8(x + n - 8) == load8(y + n - 8);  // overlaps the previous word rather than reading past the end
  }
  if (n >= 4) return load4(x) == load4(y) && load4(x + n - 4) == load4(y + n - 4);
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

std::uint64_t key_hash(std::string_view route, std::uint8_t method, int status) noexcept {
  const auto n = route.size();
  const char* p = route.data();
  std::uint64_t h = (n | std::uint64_t{method} << 32 | std::uint64_t{static_cast<std::uint16_t>(status)} << 40) *
                    0x9E3779B97F4A7C15ULL;
  const auto mix = [&h](std::uint64_t word) {
    h = (h ^ word) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  };
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) mix(load8(p + i));
    mix(load8(p + n - 8));
  } else if (n >= 4) {
    mix(load4(p) | load4(p + n - 4) << 32);
  } else {
    std::uint64_t word = 0;
    for (std::size_t i = 0; i < n; ++i) word = word << 8 | static_cast<unsigned char>(p[i]);
    mix(word);
  }
  h *= 0xc4ceb9fe1a85ec53ULL;  // the table indexes by the low bits
  h ^= h >> 29;
  return h;
}

// Adds to a counter that only the calling thread writes: a plain load and store, no locked instruction. A scrape's
// relaxed loads see each store whole.
template <class T>
void add_single_writer(std::atomic<T>& counter, T value) noexcept {
  counter.store(counter.load(std::memory_order_relaxed) + value, std::memory_order_relaxed);
}

std::atomic<std::uint64_t> next_id{1};

}  // namespace

// One thread's counts for one series. Cache-line aligned so that threads never write the same line.
struct alignas(64) HttpMetrics::Shard {
  std::array<std::atomic<std::uint64_t>, bucket_count> counts{};  // per bucket, not cumulative
  std::atomic<double> sum{0.0};
};

struct HttpMetrics::Series {
  prometheus::Labels labels;  // without the scope labels
  // One shard per thread that has observed this series, keyed by the address of the thread's cache. A thread that
  // exits leaves its counts behind (counters never go down); a later thread whose cache lands at the same address
  // takes the shard over, which is safe because its previous writer is gone.
  std::vector<std::pair<const void*, Shard*>> shards;
};

// Open-addressing table from (route, method, status) to this thread's shard. Bounded: at max_slots it starts over,
// whatever the callers pass.
struct HttpMetrics::ThreadCache {
  struct Slot {
    std::uint64_t hash = 0;
    Shard* shard = nullptr;  // null: empty slot
    int status = 0;
    std::uint8_t method = 0;
    std::string route;
  };
  static constexpr std::size_t initial_slots = 64;
  static constexpr std::size_t max_slots = 8192;

  std::uint64_t owner = 0;  // the HttpMetrics instance the entries belong to
  std::vector<Slot> slots;  // size is a power of two, at most half full
  std::size_t used = 0;

  void reset(std::uint64_t new_owner) {
    owner = new_owner;
    slots.assign(initial_slots, Slot{});
    used = 0;
  }

  Shard* find(std::uint64_t hash, std::string_view route, std::uint8_t method, int status) const noexcept {
    const auto mask = slots.size() - 1;
    for (auto i = hash & mask;; i = (i + 1) & mask) {
      const auto& slot = slots[i];
      if (slot.shard == nullptr) return nullptr;
      if (slot.hash == hash && slot.status == status && slot.method == method && same_bytes(slot.route, route)) {
        return slot.shard;
      }
    }
  }

  void insert(std::uint64_t hash, std::string_view route, std::uint8_t method, int status, Shard* shard) {
    if ((used + 1) * 2 > slots.size()) {
      if (slots.size() >= max_slots) {
        reset(owner);
      } else {
        std::vector<Slot> old(slots.size() * 2);
        old.swap(slots);
        for (auto& slot : old) {
          if (slot.shard != nullptr) place(std::move(slot));
        }
      }
    }
    place(Slot{hash, shard, status, method, std::string(route)});
    ++used;
  }

  void place(Slot&& slot) noexcept {
    const auto mask = slots.size() - 1;
    auto i = slot.hash & mask;
    while (slots[i].shard != nullptr) i = (i + 1) & mask;
    slots[i] = std::move(slot);
  }
};

HttpMetrics::ThreadCache& HttpMetrics::this_thread_cache() noexcept {
  thread_local ThreadCache cache;
  return cache;
}

HttpMetrics::HttpMetrics(prometheus::Labels scope_labels, std::size_t series_limit, Logger* logger)
    : id_(next_id.fetch_add(1, std::memory_order_relaxed)),
      scope_labels_(std::move(scope_labels)),
      series_limit_(series_limit),
      logger_(logger) {}

HttpMetrics::~HttpMetrics() = default;

void HttpMetrics::observe(std::string_view route, std::string_view method, int status, double seconds) noexcept {
  auto& cache = this_thread_cache();
  if (cache.owner != id_) {
    try {
      cache.reset(id_);
    } catch (...) {
      return;  // out of memory: this observation is lost, the request is not
    }
  }
  const auto m = method_index(method);
  const auto hash = key_hash(route, m, status);
  Shard* shard = cache.find(hash, route, m, status);
  if (shard == nullptr) {
    try {
      shard = find_shard(route, m, status, cache);
      cache.insert(hash, route, m, status, shard);
    } catch (...) {
      if (shard == nullptr) return;
    }
  }
  if (!(seconds >= 0)) seconds = 0;  // NaN included
  add_single_writer(shard->counts[bucket_index(seconds)], std::uint64_t{1});
  add_single_writer(shard->sum, seconds);
}

HttpMetrics::Shard* HttpMetrics::find_shard(std::string_view route, std::uint8_t method, int status,
                                            const ThreadCache& thread) {
  std::string path = route.empty() ? std::string(unmatched_path) : valid_utf8(route);
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  auto status_text = std::to_string(status);
  // Method and status never hold '\0', so the key splits unambiguously from the right.
  std::string key = path;
  key.append(1, '\0').append(methods[method]).append(1, '\0').append(status_text);

  std::lock_guard lock(mutex_);
  Series* series = nullptr;
  if (const auto it = index_.find(key); it != index_.end()) {
    series = it->second;
  } else if (index_.size() >= series_limit_) {
    if (overflow_ == nullptr) {
      overflow_ = &series_.emplace_back(Series{{{"otel_metric_overflow", "true"}}, {}});
      if (logger_ != nullptr) {
        logger_->warnf("{} reached {} label sets; further ones are counted in the series otel_metric_overflow=\"true\"",
                       name, series_limit_);
      }
    }
    series = overflow_;
  } else {
    series = &series_.emplace_back(Series{
        {{"method", std::string(methods[method])}, {"path", std::move(path)}, {"status", std::move(status_text)}}, {}});
    index_.emplace(std::move(key), series);
  }
  const void* token = &thread;
  for (const auto& [owner, shard] : series->shards) {
    if (owner == token) return shard;
  }
  shards_.push_back(std::make_unique<Shard>());
  series->shards.emplace_back(token, shards_.back().get());
  return shards_.back().get();
}

std::vector<prometheus::MetricFamily> HttpMetrics::Collect() const {
  std::lock_guard lock(mutex_);
  if (series_.empty()) return {};
  prometheus::MetricFamily family{std::string(name), std::string(help), prometheus::MetricType::Histogram, {}};
  family.metric.reserve(series_.size());
  for (const auto& series : series_) {
    auto& metric = family.metric.emplace_back();
    metric.label.reserve(scope_labels_.size() + series.labels.size());
    for (const auto& [key, value] : scope_labels_) metric.label.push_back({key, value});
    for (const auto& [key, value] : series.labels) metric.label.push_back({key, value});
    // Shards are read while their threads write, so sum and counts may be one observation apart; each is exact.
    std::array<std::uint64_t, bucket_count> counts{};
    double sum = 0;
    for (const auto& [owner, shard] : series.shards) {
      for (std::size_t i = 0; i < bucket_count; ++i) counts[i] += shard->counts[i].load(std::memory_order_relaxed);
      sum += shard->sum.load(std::memory_order_relaxed);
    }
    std::uint64_t cumulative = 0;
    metric.histogram.bucket.reserve(bucket_count);
    for (std::size_t i = 0; i < bucket_count; ++i) {
      cumulative += counts[i];
      metric.histogram.bucket.push_back(
          {cumulative, i < buckets.size() ? buckets[i] : std::numeric_limits<double>::infinity()});
    }
    metric.histogram.sample_count = cumulative;
    metric.histogram.sample_sum = sum;
  }
  return {std::move(family)};
}

std::size_t HttpMetrics::series() const {
  std::lock_guard lock(mutex_);
  return index_.size();
}

}  // namespace gofr::metrics

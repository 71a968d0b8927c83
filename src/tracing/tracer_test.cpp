#include "tracing/tracer.hpp"

#include <atomic>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "tracing/attribute_ref.hpp"
#include "tracing/trace_context.hpp"

namespace gofr::tracing {
namespace {

using namespace std::chrono_literals;

// Collects exported spans; can be told to fail or to stall. Its format "encodes" a span as its index in `ended`.
class FakeExporter : public SpanExporter {
 public:
  class Format : public SpanFormat {
   public:
    explicit Format(FakeExporter& exporter) : exporter_(exporter) {}
    void append(const SpanData& span, std::span<const AttributeRef> closing, std::string& out) const override {
      std::lock_guard lock(exporter_.mutex);
      out += std::to_string(exporter_.ended.size());
      exporter_.ended.push_back(span);
      for (const auto& a : closing) exporter_.ended.back().attributes.push_back({std::string(a.key), owned_value(a.value)});
    }
    std::string frame(std::span<const std::string_view>) const override { return {}; }

   private:
    FakeExporter& exporter_;
  };

  const SpanFormat& format() const noexcept override { return format_; }
  bool export_spans(std::span<const std::string_view> spans, std::string& error) override {
    std::this_thread::sleep_for(stall);
    std::lock_guard lock(mutex);
    ++calls;
    if (fail) {
      error = "collector unreachable";
      return false;
    }
    for (const auto index : spans) exported.push_back(ended.at(std::stoul(std::string(index))));
    return true;
  }
  std::string_view name() const noexcept override { return "fake"; }

  std::mutex mutex;
  std::vector<SpanData> ended;     // every span handed to the processor
  std::vector<SpanData> exported;  // those exported successfully
  int calls = 0;
  bool fail = false;
  std::chrono::milliseconds stall{0};

 private:
  Format format_{*this};
};

Logger& quiet_logger() {
  static Logger logger({.level = Level::fatal, .pretty = false});
  return logger;
}

SpanContext remote_parent(bool sampled) {
  return *parse_traceparent(std::string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0") +
                            (sampled ? "1" : "0"));
}

TEST(Sampler, ParentBasedThenRatio) {
  const Sampler half(0.5), none(0.0), all(1.0);
  std::array<std::uint8_t, 16> low{}, high{};
  low[15] = 1;
  high.fill(0xff);
  EXPECT_TRUE(half.should_sample(std::nullopt, low));
  EXPECT_FALSE(half.should_sample(std::nullopt, high));
  EXPECT_FALSE(none.should_sample(std::nullopt, low));
  EXPECT_TRUE(all.should_sample(std::nullopt, high));
  // A parent's decision wins over the ratio either way.
  EXPECT_TRUE(none.should_sample(remote_parent(true), high));
  EXPECT_FALSE(all.should_sample(remote_parent(false), low));
}

TEST(Sampler, RatioIsRoughlyRespected) {
  const Sampler tenth(0.1);
  BatchSpanProcessor* no_export = nullptr;
  Tracer tracer(tenth, no_export);
  int sampled = 0;
  for (int i = 0; i < 20000; ++i) sampled += tracer.start("x", SpanKind::server, std::nullopt).context().sampled();
  EXPECT_GT(sampled, 1600);
  EXPECT_LT(sampled, 2400);
}

TEST(Tracer, ContinuesATraceWithANewSpanAndKeepsTracestate) {
  auto parent = remote_parent(true);
  parent.state = *TraceState::parse("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
  Tracer tracer(Sampler(0.0), nullptr);
  auto span = tracer.start("GET /x", SpanKind::server, parent);
  EXPECT_EQ(span.context().trace_id, parent.trace_id);
  EXPECT_NE(span.context().span_id, parent.span_id);
  EXPECT_TRUE(span.context().sampled());
  EXPECT_FALSE(span.context().random());  // the caller did not set it
  EXPECT_EQ(span.context().state.to_header(), "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
  EXPECT_FALSE(span.recording());  // no exporter: ids and flags only
}

TEST(Tracer, NewTracesAreRandomAndRecordWhenExporting) {
  auto exporter = std::make_unique<FakeExporter>();
  auto* fake = exporter.get();
  BatchSpanProcessor processor(std::move(exporter), {}, quiet_logger());
  Tracer tracer(Sampler(1.0), &processor);
  {
    auto span = tracer.start("root", SpanKind::server, std::nullopt);
    EXPECT_TRUE(span.context().random());
    EXPECT_TRUE(span.recording());
    span.set_attribute("http.route", std::string("/x")).set_status(StatusCode::error, "boom");
    auto child = tracer.start("child", SpanKind::internal, span.context());
    EXPECT_EQ(child.context().trace_id, span.context().trace_id);
  }
  ASSERT_TRUE(processor.force_flush(5s));
  std::lock_guard lock(fake->mutex);
  ASSERT_EQ(fake->exported.size(), 2u);
  const auto& child = fake->exported[0];
  const auto& root = fake->exported[1];
  EXPECT_EQ(child.parent_span_id, root.context.span_id);
  EXPECT_FALSE(child.parent_remote);
  EXPECT_FALSE(root.has_parent());
  EXPECT_EQ(root.status, StatusCode::error);
  EXPECT_EQ(root.status_message, "boom");
  EXPECT_GE(root.end_unix_nano, root.start_unix_nano);
}

TEST(BatchSpanProcessor, AFullQueueDropsAndCountsWithoutBlocking) {
  auto exporter = std::make_unique<FakeExporter>();
  exporter->stall = 200ms;  // a slow collector
  BatchSpanProcessor processor(std::move(exporter), {.max_queue_size = 10, .max_export_batch_size = 5},
                               quiet_logger());
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) processor.on_end(SpanData{});
  EXPECT_LT(std::chrono::steady_clock::now() - start, 100ms);  // never waits for the exporter
  EXPECT_GT(processor.dropped(), 0u);
}

TEST(BatchSpanProcessor, ADeadCollectorCountsFailuresAndShutdownExportsTheRest) {
  auto exporter = std::make_unique<FakeExporter>();
  exporter->fail = true;
  auto* fake = exporter.get();
  BatchSpanProcessor processor(std::move(exporter), {.schedule_delay = 10s}, quiet_logger());
  for (int i = 0; i < 3; ++i) processor.on_end(SpanData{});
  processor.force_flush(5s);
  EXPECT_EQ(processor.failed(), 3u);
  {
    std::lock_guard lock(fake->mutex);
    fake->fail = false;
  }
  processor.on_end(SpanData{});
  processor.shutdown();  // exports what is queued before stopping
  std::lock_guard lock(fake->mutex);
  EXPECT_EQ(fake->exported.size(), 1u);
  EXPECT_EQ(processor.exported(), 1u);
}

}  // namespace
}  // namespace gofr::tracing

#pragma once
// A wire format for spans, split in two halves so that nothing but bytes crosses threads: each span is encoded by
// the thread that ends it (`append`, while its data is hot in that thread's cache and can be recycled there), and
// the export thread only frames the encoded spans of a batch into a request body (`frame`). Every exporter format
// (OTLP protobuf and JSON, Zipkin, GoFr's JSON) is a resource/scope header, the spans, and a trailer.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gofr/tracing/span_data.hpp"

namespace gofr::tracing {

class SpanFormat {
 public:
  virtual ~SpanFormat() = default;
  // Appends the encoding of one span to `out`, with `closing` after its recorded attributes (see Span::end).
  // Called concurrently from any thread: implementations are stateless.
  virtual void append(const SpanData& span, std::span<const AttributeRef> closing, std::string& out) const = 0;
  // The body that carries `spans`, each one the output of one `append`, in order.
  virtual std::string frame(std::span<const std::string_view> spans) const = 0;
};

// Both halves at once, for tests and tools that hold whole spans.
inline std::string encode_batch(const SpanFormat& format, std::span<const SpanData> spans) {
  std::string bytes;
  std::vector<std::size_t> ends;
  for (const auto& span : spans) {
    format.append(span, {}, bytes);
    ends.push_back(bytes.size());
  }
  std::vector<std::string_view> views;
  std::size_t begin = 0;
  for (const auto end : ends) {
    views.emplace_back(bytes.data() + begin, end - begin);
    begin = end;
  }
  return format.frame(views);
}

// The JSON formats' framing: `open`, the spans separated by commas, `close`.
inline std::string join_json(std::string_view open, std::span<const std::string_view> spans, std::string_view close) {
  std::size_t size = open.size() + close.size() + spans.size();
  for (const auto span : spans) size += span.size();
  std::string out;
  out.reserve(size);
  out.append(open);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (i != 0) out.push_back(',');
    out.append(spans[i]);
  }
  out.append(close);
  return out;
}

}  // namespace gofr::tracing

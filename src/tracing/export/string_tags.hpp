#pragma once
// Attributes as the string-valued tags of Zipkin-shaped payloads (Zipkin v2 and GoFr's own exporter), spelled as
// GoFr's Go exporters spell them so that a backend fed by GoFr or by us indexes the same strings: scalars as Go
// prints them, arrays as a JSON list (as the OpenTelemetry Zipkin mapping also requires), and maps in Go's
// encoding/json order (keys sorted bytewise).
#include <string>
#include <vector>

#include "gofr/tracing/span_data.hpp"
#include "tracing/export/go_number.hpp"

namespace gofr::tracing {

struct Tag {
  std::string key;
  std::string value;
};

// bool "true"/"false", int64 in decimal, double per `scalar_float`, string as is; arrays as Go's json.Marshal
// writes them ("[1,2]", "[\"a\"]"), and "" for a float array holding NaN or ±Inf (json.Marshal fails on those and
// Go's exporters ignore the error).
std::string tag_value(const AttributeValue& value, GoFloat scalar_float);

// Appends {"key":"value",...} as encoding/json writes a map[string]string: keys sorted bytewise and, as in a Go map
// built in order, a later duplicate key replacing an earlier one.
void append_string_map(std::string& out, std::vector<Tag> tags);

// Appends the attributes as one JSON object with typed values, as json.Marshal writes a map[string]any built from
// them (sorted keys, last duplicate wins). False, with nothing appended, when a float is NaN or ±Inf.
bool append_attribute_object(std::string& out, const std::vector<Attribute>& attributes);

}  // namespace gofr::tracing

// What Go's standard library makes of the spans check_zipkin_payloads.py sends on stdin, for the two payloads
// whose spelling comes from GoFr's Go code rather than from a schema:
//
//   - "gofr": the body of GoFr's own exporter (TRACE_EXPORTER=gofr), a json.Marshal of a slice of a struct with
//     GoFr's field names and tags; attributes stringified with strconv ('f' floats) and JSON arrays.
//   - "zipkinTags" and "zipkinAnnotations": the tag values and annotation texts of the Go OTel Zipkin exporter
//     (TRACE_EXPORTER=zipkin): fmt.Sprint for scalar floats, JSON arrays, and events as "name: " + the JSON of a
//     map of the attributes.
//
// Standard library only, so it builds offline: GO111MODULE=off go run go_reference.go < spans.json
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"
)

type attribute struct {
	Key   string
	Type  string
	Value json.RawMessage
}

func (a *attribute) UnmarshalJSON(b []byte) error {
	var triple []json.RawMessage
	if err := json.Unmarshal(b, &triple); err != nil || len(triple) != 3 {
		return fmt.Errorf("attribute must be [key, type, value]: %s", b)
	}
	if err := json.Unmarshal(triple[0], &a.Key); err != nil {
		return err
	}
	if err := json.Unmarshal(triple[1], &a.Type); err != nil {
		return err
	}
	a.Value = triple[2]
	return nil
}

type event struct {
	Name       string      `json:"name"`
	Time       string      `json:"time"`
	Attributes []attribute `json:"attributes"`
}

type inputSpan struct {
	TraceID      string      `json:"traceId"`
	SpanID       string      `json:"spanId"`
	ParentSpanID string      `json:"parentSpanId"`
	Name         string      `json:"name"`
	Start        string      `json:"start"`
	End          string      `json:"end"`
	Attributes   []attribute `json:"attributes"`
	Events       []event     `json:"events"`
}

// gofrSpan has the field names, order and json tags of GoFr's exported span type.
type gofrSpan struct {
	TraceID       string            `json:"traceId"`
	ID            string            `json:"id"`
	ParentID      string            `json:"parentId,omitempty"`
	Name          string            `json:"name"`
	Timestamp     int64             `json:"timestamp"`
	Duration      int64             `json:"duration"`
	Tags          map[string]string `json:"tags,omitempty"`
	LocalEndpoint map[string]string `json:"localEndpoint"`
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func decode(raw json.RawMessage, v interface{}) {
	must(json.Unmarshal(raw, v))
}

// native returns the attribute as the Go value the OTel SDK would hold.
func native(a attribute) interface{} {
	switch a.Type {
	case "bool":
		var v bool
		decode(a.Value, &v)
		return v
	case "int":
		v, err := strconv.ParseInt(string(a.Value), 10, 64)
		must(err)
		return v
	case "double":
		var v float64
		decode(a.Value, &v)
		return v
	case "string":
		var v string
		decode(a.Value, &v)
		return v
	case "bool[]":
		v := []bool{}
		decode(a.Value, &v)
		return v
	case "int[]":
		v := []int64{}
		decode(a.Value, &v)
		return v
	case "double[]":
		v := []float64{}
		decode(a.Value, &v)
		return v
	case "string[]":
		v := []string{}
		decode(a.Value, &v)
		return v
	}
	must(fmt.Errorf("unknown attribute type %q", a.Type))
	return nil
}

// tagValue stringifies like the OTel Go attribute helpers: scalars by strconv (floats by formatFloat), slices as
// JSON (a marshalling error is ignored, leaving "").
func tagValue(v interface{}, formatFloat func(float64) string) string {
	switch x := v.(type) {
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return formatFloat(x)
	case string:
		return x
	default:
		data, _ := json.Marshal(x)
		return string(data)
	}
}

func nanos(s string) int64 {
	v, err := strconv.ParseInt(s, 10, 64)
	must(err)
	return v
}

func main() {
	var input struct {
		Service string      `json:"service"`
		Spans   []inputSpan `json:"spans"`
	}
	must(json.NewDecoder(os.Stdin).Decode(&input))

	gofr := make([]gofrSpan, 0, len(input.Spans))
	zipkinTags := make([]map[string]string, 0, len(input.Spans))
	zipkinAnnotations := make([][]string, 0, len(input.Spans))
	for _, s := range input.Spans {
		parent := s.ParentSpanID
		if parent == "" {
			parent = "0000000000000000" // the zero SpanID's String()
		}
		start, end := time.Unix(0, nanos(s.Start)), time.Unix(0, nanos(s.End))
		g := gofrSpan{
			TraceID:   s.TraceID,
			ID:        s.SpanID,
			ParentID:  parent,
			Name:      s.Name,
			Timestamp: start.UnixNano() / int64(time.Microsecond),
			Duration:  end.Sub(start).Nanoseconds() / int64(time.Microsecond),
			Tags:      map[string]string{},
		}
		z := map[string]string{}
		for _, a := range s.Attributes {
			v := native(a)
			g.Tags[a.Key] = tagValue(v, func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) })
			z[a.Key] = tagValue(v, func(f float64) string { return fmt.Sprint(f) })
		}
		g.Tags["service.name"] = input.Service
		z["service.name"] = input.Service
		g.LocalEndpoint = map[string]string{"serviceName": input.Service}
		gofr = append(gofr, g)
		zipkinTags = append(zipkinTags, z)

		values := []string{}
		for _, e := range s.Events {
			value := e.Name
			if len(e.Attributes) > 0 {
				m := map[string]interface{}{}
				for _, a := range e.Attributes {
					m[a.Key] = native(a)
				}
				if data, err := json.Marshal(m); err == nil {
					value = e.Name + ": " + string(data)
				}
			}
			values = append(values, value)
		}
		zipkinAnnotations = append(zipkinAnnotations, values)
	}

	body, err := json.Marshal(gofr)
	must(err)
	out, err := json.Marshal(map[string]interface{}{
		"gofr":              string(body),
		"zipkinTags":        zipkinTags,
		"zipkinAnnotations": zipkinAnnotations,
	})
	must(err)
	os.Stdout.Write(out)
}

#pragma once
// Request body binding (ctx.bind<T>()): the Content-Type chooses the decoder, Boost.Describe maps fields.
//   application/json (and +json)        JSON object → described struct, field by field; other JSON types via
//                                       boost::json::value_to
//   application/x-www-form-urlencoded   fields by name; vectors from repeated keys or comma-separated values
//   multipart/form-data                 fields as above; FileHeader / std::vector<FileHeader> members get files
//   anything, into std::string          the raw body
// Bad input throws http::BadRequest naming the field and the expected type; a content type that cannot be bound
// throws http::UnsupportedMediaType (415). Missing fields keep the value they were initialised with.
#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/describe/members.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>
#include <boost/mp11/algorithm.hpp>

#include "gofr/http/error.hpp"
#include "gofr/http/request.hpp"

namespace gofr::http::detail {

struct FormPart {
  std::string name;
  std::string value;               // text fields
  std::optional<FileHeader> file;  // file parts
};

struct ParsedBody {
  enum class Kind { json, form, multipart } kind;
  boost::json::value json;
  std::vector<FormPart> parts;  // form and multipart
};

// Decodes the body by its Content-Type. Throws BadRequest / UnsupportedMediaType.
ParsedBody parse_body(const Request& request);

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
constexpr bool is_described = boost::describe::has_describe_members<T>::value;

[[noreturn]] void throw_field_error(std::string_view field, std::string_view expected);

template <class T>
std::string_view expected_name() {
  if constexpr (std::is_same_v<T, bool>)
    return "a boolean";
  else if constexpr (std::is_integral_v<T>)
    return "an integer";
  else if constexpr (std::is_floating_point_v<T>)
    return "a number";
  else if constexpr (std::is_convertible_v<std::string, T>)
    return "a string";
  else if constexpr (is_vector<T>::value)
    return "an array";
  else
    return "an object";
}

// JSON → T, naming the failing field in the error ("items[2].price").
template <class T>
void from_json(T& out, const boost::json::value& v, const std::string& path) {
  if constexpr (std::is_same_v<T, FileHeader>) {
    (void)out;
    (void)v;
    throw_field_error(path, "a file, sent as multipart/form-data");
  } else if constexpr (is_optional<T>::value) {
    if (v.is_null()) {
      out.reset();
      return;
    }
    typename T::value_type inner{};
    from_json(inner, v, path);
    out = std::move(inner);
  } else if constexpr (is_described<T>) {
    const auto* obj = v.if_object();
    if (!obj) throw_field_error(path.empty() ? "body" : path, "an object");
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto member) {
      if (const auto* field = obj->if_contains(member.name)) {
        from_json(out.*member.pointer, *field, path.empty() ? member.name : path + "." + member.name);
      }
    });
  } else if constexpr (is_vector<T>::value && !std::is_same_v<T, std::vector<char>>) {
    const auto* arr = v.if_array();
    if (!arr) throw_field_error(path.empty() ? "body" : path, "an array");
    out.clear();
    out.resize(arr->size());
    for (std::size_t i = 0; i < arr->size(); ++i) from_json(out[i], (*arr)[i], path + "[" + std::to_string(i) + "]");
  } else {
    auto result = boost::json::try_value_to<T>(v);
    if (!result) throw_field_error(path.empty() ? "body" : path, expected_name<T>());
    out = std::move(*result);
  }
}

// Text (form field) → T.
template <class T>
bool from_text(T& out, std::string_view text) {
  if constexpr (std::is_same_v<T, bool>) {
    if (text == "true" || text == "1" || text == "on")
      out = true;
    else if (text == "false" || text == "0" || text == "off" || text.empty())
      out = false;
    else
      return false;
    return true;
  } else if constexpr (std::is_arithmetic_v<T>) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
  } else if constexpr (std::is_assignable_v<T&, std::string>) {
    out = std::string(text);
    return true;
  } else {
    return false;
  }
}

template <class M>
void bind_form_field(M& member, std::string_view name, const std::vector<FormPart>& parts) {
  if constexpr (std::is_same_v<M, FileHeader>) {
    for (const auto& p : parts)
      if (p.name == name && p.file) {
        member = *p.file;
        return;
      }
  } else if constexpr (std::is_same_v<M, std::vector<FileHeader>>) {
    for (const auto& p : parts)
      if (p.name == name && p.file) member.push_back(*p.file);
  } else if constexpr (is_vector<M>::value) {
    using E = typename M::value_type;
    for (const auto& p : parts) {
      if (p.name != name || p.file) continue;
      std::string_view rest = p.value;
      while (true) {
        const auto comma = rest.find(',');
        E item{};
        if (!from_text(item, rest.substr(0, comma))) throw_field_error(name, expected_name<E>());
        member.push_back(std::move(item));
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    }
  } else if constexpr (is_optional<M>::value) {
    typename M::value_type inner{};
    for (const auto& p : parts)
      if (p.name == name && !p.file) {
        if (!from_text(inner, p.value)) throw_field_error(name, expected_name<typename M::value_type>());
        member = std::move(inner);
        return;
      }
  } else {
    for (const auto& p : parts)
      if (p.name == name && !p.file) {
        if (!from_text(member, p.value)) throw_field_error(name, expected_name<M>());
        return;
      }
  }
}

template <class T>
void bind_body(T& out, const Request& request) {
  if constexpr (std::is_same_v<T, std::string>) {
    out.assign(request.body());
  } else {
    auto body = parse_body(request);
    if (body.kind == ParsedBody::Kind::json) {
      from_json(out, body.json, "");
    } else if constexpr (is_described<T>) {
      boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
          [&](auto member) { bind_form_field(out.*member.pointer, member.name, body.parts); });
    } else {
      throw UnsupportedMediaType("form data can only be bound to a described struct");
    }
  }
}

}  // namespace gofr::http::detail

#include "json_file.hpp"

#include <fstream>
#include <stdexcept>

namespace fineq {

namespace {
struct TooDeep {};
}  // namespace

nlohmann::json read_json_file(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(what + " '" + path + "': cannot open");
  // The callback sees each value start with the depth of its container; refusing there stops
  // the parser before the deep value is built.
  const nlohmann::json::parser_callback_t limit_depth =
      [](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
        if ((event == nlohmann::json::parse_event_t::object_start ||
             event == nlohmann::json::parse_event_t::array_start) &&
            depth >= kMaxJsonDepth) {
          throw TooDeep{};
        }
        return true;
      };
  try {
    return nlohmann::json::parse(in, limit_depth);
  } catch (const TooDeep&) {
    throw std::runtime_error(what + " '" + path + "': nested deeper than " +
                             std::to_string(kMaxJsonDepth) + " levels");
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error(what + " '" + path + "': not valid JSON: " + error.what());
  }
}

std::string json_text_excerpt(const std::string& text) {
  constexpr std::size_t kMaxChars = 40;
  return text.size() <= kMaxChars ? text : text.substr(0, kMaxChars) + "...";
}

std::string describe_json_value(const nlohmann::json& value) {
  if (value.is_array()) return "an array of " + std::to_string(value.size()) + " values";
  if (value.is_object()) return "an object of " + std::to_string(value.size()) + " keys";
  if (value.is_string()) return "'" + json_text_excerpt(value.get<std::string>()) + "'";
  return value.dump();  // null, true, false or a number: short
}

std::string optional_json_string(const nlohmann::json& object, const std::string& key,
                                 const std::string& fallback, const std::string& where) {
  const auto found = object.find(key);
  if (found == object.end()) return fallback;
  if (!found->is_string()) {
    throw std::runtime_error(where + ": '" + key + "' must be a string, got " +
                             describe_json_value(*found));
  }
  return found->get<std::string>();
}

}  // namespace fineq

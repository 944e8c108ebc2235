#include "sweep_spec.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "json_file.hpp"

namespace fineq {

namespace {

const std::set<std::string> kPathKeys = {"model", "weights", "config", "cost-table"};
const std::set<std::string> kKinds = {"simulate", "quantize"};
const std::set<std::string> kSectionKeys = {"defaults", "grid", "points"};
const std::set<std::string> kTopKeys = {"name", "description", "simulate", "quantize", "compare"};
// More points than a sweep could ever run (at about a second each, 28 hours).
constexpr std::uint64_t kMaxSweepPoints = 100000;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

void require_known_keys(const nlohmann::json& object, const std::set<std::string>& known,
                        const std::string& where) {
  for (const auto& [key, value] : object.items()) {
    if (known.count(key) == 0) {
      std::string list;
      for (const std::string& name : known) list += (list.empty() ? "" : ", ") + name;
      fail(where + "." + json_text_excerpt(key), "unknown key (expected one of " + list + ")");
    }
  }
}

// Parameter objects: keys map to a string, number or boolean.
void require_parameters(const nlohmann::json& object, const std::string& where) {
  if (!object.is_object()) fail(where, "expected an object of parameters");
  for (const auto& [key, value] : object.items()) {
    // An empty name would become the argument "--", a name starting with '-' another flag.
    if (key.empty() || key[0] == '-') {
      fail(where + ".'" + json_text_excerpt(key) + "'",
           "expected an option name without dashes (e.g. \"rows\")");
    }
    if (!(value.is_string() || value.is_number() || value.is_boolean())) {
      fail(where + "." + json_text_excerpt(key), "expected a string, number or boolean, got " +
                                  describe_json_value(value));
    }
    if (value.is_string() && value.get_ref<const std::string&>().size() > kMaxJsonOptionChars) {
      fail(where + "." + json_text_excerpt(key),
           "expected at most " + std::to_string(kMaxJsonOptionChars) + " characters, got " +
               std::to_string(value.get_ref<const std::string&>().size()));
    }
  }
}

// 64-bit FNV-1a: small, portable and stable, which is all an id needs.
std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char byte : text) {
    hash ^= byte;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string point_id(const std::string& kind, const nlohmann::json& parameters) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016" PRIx64, fnv1a(kind + "\n" + parameters.dump()));
  return kind + "-" + hex;
}

std::string argument_value(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();  // numbers: integers without a decimal point, floats round-trippable
}

std::vector<std::string> point_arguments(const nlohmann::json& parameters,
                                         const std::string& base_directory) {
  std::vector<std::string> arguments;
  for (const auto& [key, value] : parameters.items()) {
    if (is_sweep_label_key(key)) continue;
    if (value.is_boolean()) {  // a flag: present when true
      if (value.get<bool>()) arguments.push_back("--" + key);
      continue;
    }
    std::string text = argument_value(value);
    if (kPathKeys.count(key) != 0 && !text.empty() && std::filesystem::path(text).is_relative()) {
      text = (std::filesystem::path(base_directory) / text).lexically_normal().string();
    }
    arguments.push_back("--" + key);
    arguments.push_back(text);
  }
  return arguments;
}

// Cartesian product of the grid axes (in key order) over the defaults. An axis value is
// either a scalar (the axis name is the key) or an object of keys set together.
// At most `budget` points: a few hundred bytes of axes can describe more points than any
// machine holds, so the product is checked before anything is expanded.
std::vector<nlohmann::json> expand_grid(const nlohmann::json& defaults, const nlohmann::json& grid,
                                        const std::string& where, std::uint64_t budget) {
  if (!grid.is_object() || grid.empty()) fail(where, "expected an object of axes");
  std::uint64_t product = 1;
  for (const auto& [axis, values] : grid.items()) {
    product *= values.is_array() && !values.empty() ? values.size() : 1;
    if (product > budget) {
      fail(where, "the grids of this section expand to more than " +
                      std::to_string(kMaxSweepPoints) + " points; split the sweep");
    }
  }
  std::vector<nlohmann::json> points = {defaults};
  for (const auto& [axis, values] : grid.items()) {
    if (axis.empty() || axis[0] == '-') {
      fail(where + ".'" + json_text_excerpt(axis) + "'",
           "expected an option name without dashes (e.g. \"rows\")");
    }
    const std::string axis_where = where + "." + json_text_excerpt(axis);
    if (!values.is_array() || values.empty()) fail(axis_where, "expected a non-empty array of values");
    std::vector<nlohmann::json> expanded;
    for (const nlohmann::json& point : points) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        const std::string value_where = axis_where + "[" + std::to_string(i) + "]";
        nlohmann::json next = point;
        if (values[i].is_object()) {
          require_parameters(values[i], value_where);
          for (const auto& [key, value] : values[i].items()) next[key] = value;
        } else {
          require_parameters(nlohmann::json{{axis, values[i]}}, value_where);
          next[axis] = values[i];
        }
        expanded.push_back(std::move(next));
      }
    }
    points = std::move(expanded);
  }
  return points;
}

std::vector<std::string> string_list(const nlohmann::json& value, const std::string& where) {
  if (!value.is_array()) fail(where, "expected an array of key names");
  std::vector<std::string> list;
  for (const nlohmann::json& item : value) {
    if (!item.is_string()) fail(where, "expected an array of key names");
    list.push_back(item.get<std::string>());
  }
  return list;
}

SweepComparison parse_comparison(const nlohmann::json& item, const std::string& where) {
  if (!item.is_object()) fail(where, "expected an object");
  require_known_keys(item, {"name", "baseline", "candidate", "match", "paper"}, where);
  SweepComparison comparison;
  if (!item.contains("name") || !item["name"].is_string()) fail(where + ".name", "expected a string");
  comparison.name = item["name"].get<std::string>();
  for (const char* key : {"baseline", "candidate"}) {
    if (!item.contains(key)) fail(where + "." + key, "missing (an object of parameters)");
    require_parameters(item[key], where + "." + key);
  }
  comparison.baseline = item["baseline"];
  comparison.candidate = item["candidate"];
  if (!item.contains("match")) fail(where + ".match", "missing (keys a pair must share)");
  comparison.match = string_list(item["match"], where + ".match");
  if (item.contains("paper")) {
    require_parameters(item["paper"], where + ".paper");
    comparison.paper = item["paper"];
  }
  return comparison;
}

}  // namespace

bool is_sweep_label_key(const std::string& key) { return key == "layer"; }

SweepSpec SweepSpec::from_json(const nlohmann::json& document, const std::string& origin,
                               const std::string& base_directory, const ArgumentCheck& check) {
  if (!document.is_object()) fail(origin, "expected a JSON object");
  require_known_keys(document, kTopKeys, origin);
  SweepSpec spec;
  spec.name_ = optional_json_string(document, "name", "sweep", origin);
  optional_json_string(document, "description", "", origin);
  std::set<std::string> seen;
  for (const std::string& kind : kKinds) {
    if (!document.contains(kind)) continue;
    const std::string where = origin + ": " + kind;
    const nlohmann::json& section = document[kind];
    if (!section.is_object()) fail(where, "expected an object with defaults, grid and/or points");
    require_known_keys(section, kSectionKeys, where);
    nlohmann::json defaults = nlohmann::json::object();
    if (section.contains("defaults")) {
      require_parameters(section["defaults"], where + ".defaults");
      defaults = section["defaults"];
    }
    std::vector<std::pair<nlohmann::json, std::string>> expanded;
    if (section.contains("grid")) {
      // One grid, or a list of grids (e.g. shapes x PEs, and array sizes x PEs).
      const nlohmann::json& grids = section["grid"];
      const bool list = grids.is_array();
      if (list && grids.empty()) fail(where + ".grid", "expected an object of axes or a non-empty array of them");
      for (std::size_t i = 0; i < (list ? grids.size() : 1); ++i) {
        const std::string grid_where = where + ".grid" + (list ? "[" + std::to_string(i) + "]" : "");
        const std::uint64_t budget = kMaxSweepPoints - std::min<std::uint64_t>(expanded.size(), kMaxSweepPoints);
        for (nlohmann::json& point : expand_grid(defaults, list ? grids[i] : grids, grid_where, budget)) {
          expanded.emplace_back(std::move(point), grid_where);
        }
      }
    }
    if (section.contains("points")) {
      const nlohmann::json& points = section["points"];
      if (!points.is_array() || points.empty()) fail(where + ".points", "expected a non-empty array");
      for (std::size_t i = 0; i < points.size(); ++i) {
        const std::string point_where = where + ".points[" + std::to_string(i) + "]";
        require_parameters(points[i], point_where);
        nlohmann::json point = defaults;
        for (const auto& [key, value] : points[i].items()) point[key] = value;
        expanded.emplace_back(std::move(point), point_where);
      }
    }
    if (expanded.empty()) fail(where, "has neither a grid nor points");
    for (auto& [parameters, point_where] : expanded) {
      SweepPoint point;
      point.kind = kind;
      point.id = point_id(kind, parameters);
      if (!seen.insert(point.id).second) continue;  // the same point listed twice runs once
      for (const char* reserved : {"report", "help"}) {
        if (parameters.contains(reserved)) {
          fail(point_where + "." + reserved, "set by the sweep itself (each point's report is DIR/points/<id>.json)");
        }
      }
      point.arguments = point_arguments(parameters, base_directory);
      if (check) {
        const std::string problem = check(kind, point.arguments);
        if (!problem.empty()) fail(point_where + " " + json_text_excerpt(parameters.dump()), problem);
      }
      point.parameters = std::move(parameters);
      spec.points_.push_back(std::move(point));
    }
  }
  if (spec.points_.empty()) fail(origin, "no points: give a 'simulate' and/or 'quantize' section");
  if (document.contains("compare")) {
    const nlohmann::json& compare = document["compare"];
    if (!compare.is_array()) fail(origin + ": compare", "expected an array of comparisons");
    for (std::size_t i = 0; i < compare.size(); ++i) {
      spec.comparisons_.push_back(
          parse_comparison(compare[i], origin + ": compare[" + std::to_string(i) + "]"));
    }
  }
  return spec;
}

SweepSpec SweepSpec::load(const std::string& path, const ArgumentCheck& check) {
  const nlohmann::json document = read_json_file(path, "sweep file");
  const std::string directory = std::filesystem::absolute(path).parent_path().string();
  return from_json(document, "sweep file '" + path + "'", directory, check);
}

}  // namespace fineq

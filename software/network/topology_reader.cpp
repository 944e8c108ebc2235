#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

#include "conv_lowering.hpp"
#include "job_error.hpp"
#include "json_file.hpp"
#include "topology.hpp"

namespace fineq {

namespace {
std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r") + 1 - first);
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Comma-separated cells, trimmed; SCALE-Sim ends every row with a comma, which we accept but
// do not require.
std::vector<std::string> split_row(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (char c : line) {
    if (c == ',') {
      cells.push_back(trim(cell));
      cell.clear();
    } else {
      cell += c;
    }
  }
  if (!trim(cell).empty() || cells.empty()) cells.push_back(trim(cell));
  return cells;
}

// A dimension: decimal digits only, 1..2^32-1.
std::uint32_t positive_integer(const std::string& text, const std::string& where,
                               const std::string& field) {
  const bool digits = !text.empty() && text.size() <= 10 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits || std::stoull(text) > 0xFFFFFFFFull) {
    throw std::invalid_argument(where + ": field '" + field + "': expected a positive integer, got '" +
                                text + "'");
  }
  const std::uint64_t value = std::stoull(text);
  if (value == 0) {
    throw std::invalid_argument(where + ": field '" + field + "': expected a positive integer, got 0");
  }
  return static_cast<std::uint32_t>(value);
}

void check_limit(std::uint64_t value, std::uint32_t limit, const std::string& where,
                 const char* dimension) {
  if (value > limit) {
    throw std::invalid_argument(where + ": GEMM " + dimension + " = " + std::to_string(value) +
                                " is larger than the accelerator's limit " + std::to_string(limit));
  }
}

TopologyLayer gemm_layer(std::string name, std::uint64_t m, std::uint64_t n, std::uint64_t k,
                         const std::string& where) {
  check_limit(m, kMaxM, where, "M");
  check_limit(n, kMaxN, where, "N");
  check_limit(k, kMaxK, where, "K");
  TopologyLayer layer;
  layer.name = std::move(name);
  layer.m = static_cast<std::uint32_t>(m);
  layer.n = static_cast<std::uint32_t>(n);
  layer.k = static_cast<std::uint32_t>(k);
  layer.origin = where;
  return layer;
}

// One GEMM per convolution; a depthwise layer becomes one GEMM per channel, each with one
// input channel, named <name>Channel_<c> (SCALE-Sim's splitting of 'DP' layers).
std::vector<TopologyLayer> conv_layers(const std::string& name, ConvLayerShape conv,
                                       const std::string& where) {
  const std::uint32_t copies = conv.depthwise ? conv.channels : 1;
  if (conv.depthwise) conv.channels = 1;
  const LoweredGemm gemm = lower_convolution(conv, where);
  std::vector<TopologyLayer> layers;
  for (std::uint32_t c = 0; c < copies; ++c) {
    const std::string layer_name = conv.depthwise ? name + "Channel_" + std::to_string(c) : name;
    layers.push_back(gemm_layer(layer_name, gemm.m, gemm.n, gemm.k, where));
    layers.back().conv = conv;
  }
  return layers;
}

Topology read_csv_topology(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("topology '" + path + "': cannot open");
  Topology topology;
  topology.name = std::filesystem::path(path).stem().string();
  std::string line;
  std::size_t line_number = 0;
  std::vector<std::string> header;
  bool gemm_form = false;
  std::set<std::string> names;
  while (std::getline(in, line)) {
    ++line_number;
    const std::string where = path + ":" + std::to_string(line_number);
    if (trim(line).empty()) continue;
    std::vector<std::string> cells = split_row(line);
    if (header.empty()) {
      header = cells;
      const bool gemm = header.size() == 4 && lower(header[1]) == "m" && lower(header[2]) == "n" &&
                        lower(header[3]) == "k";
      const bool conv = header.size() == 8 || header.size() == 9;
      if (!gemm && !conv) {
        throw std::invalid_argument(
            where + ": header: expected SCALE-Sim's GEMM form 'Layer, M, N, K,' or its "
                    "convolution form 'Layer name, IFMAP Height, IFMAP Width, Filter Height, "
                    "Filter Width, Channels, Num Filter, Strides,' (8 or 9 columns), got " +
            std::to_string(header.size()) + " columns");
      }
      gemm_form = gemm;
      continue;
    }
    if (cells.size() != header.size()) {
      throw std::invalid_argument(where + ": expected " + std::to_string(header.size()) +
                                  " fields like the header, got " + std::to_string(cells.size()));
    }
    const std::string& name = cells[0];
    if (name.empty()) throw std::invalid_argument(where + ": field '" + header[0] + "': empty layer name");
    if (!names.insert(name).second) {
      throw std::invalid_argument(where + ": layer name '" + name + "' appears twice");
    }
    auto field = [&](std::size_t i) { return positive_integer(cells[i], where, header[i]); };
    if (gemm_form) {
      topology.layers.push_back(gemm_layer(name, field(1), field(2), field(3), where));
      continue;
    }
    ConvLayerShape conv;
    conv.ifmap_height = field(1);
    conv.ifmap_width = field(2);
    conv.filter_height = field(3);
    conv.filter_width = field(4);
    conv.channels = field(5);
    conv.filters = field(6);
    conv.stride_height = field(7);
    conv.stride_width = cells.size() == 9 ? field(8) : conv.stride_height;
    conv.depthwise = name.find("DP") != std::string::npos;
    for (TopologyLayer& layer : conv_layers(name, conv, where)) {
      topology.layers.push_back(std::move(layer));
    }
  }
  if (header.empty()) throw std::invalid_argument(path + ": empty topology (no header)");
  if (topology.layers.empty()) throw std::invalid_argument(path + ": no layers after the header");
  return topology;
}

std::uint32_t json_dimension(const nlohmann::json& layer, const char* key, const std::string& where) {
  const nlohmann::json& value = layer.at(key);
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() == 0 ||
      value.get<std::uint64_t>() > 0xFFFFFFFFull) {
    throw std::invalid_argument(where + ": field '" + key + "': expected a positive integer, got " +
                                value.dump());
  }
  return static_cast<std::uint32_t>(value.get<std::uint64_t>());
}

std::string json_string(const nlohmann::json& layer, const char* key, const std::string& where) {
  const nlohmann::json& value = layer.at(key);
  if (!value.is_string() || value.get<std::string>().empty()) {
    throw std::invalid_argument(where + ": field '" + key + "': expected a non-empty string, got " +
                                value.dump());
  }
  return value.get<std::string>();
}

Topology read_json_topology(const std::string& path) {
  nlohmann::json document;
  try {
    document = read_json_file(path, "topology");
  } catch (const std::runtime_error& error) {
    throw std::invalid_argument(error.what());
  }
  if (!document.is_object()) throw std::invalid_argument(path + ": expected a JSON object");
  for (const auto& [key, value] : document.items()) {
    if (key != "name" && key != "layers") {
      throw std::invalid_argument(path + ": unknown key '" + key + "' (expected name, layers)");
    }
  }
  Topology topology;
  topology.name = document.contains("name") ? json_string(document, "name", path)
                                            : std::filesystem::path(path).stem().string();
  if (!document.contains("layers") || !document["layers"].is_array() || document["layers"].empty()) {
    throw std::invalid_argument(path + ": field 'layers': expected a non-empty array of layers");
  }
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  const std::set<std::string> gemm_keys = {"m", "n", "k"};
  const std::set<std::string> conv_keys = {"ifmap_height", "ifmap_width", "filter_height",
                                           "filter_width", "channels", "num_filters",
                                           "stride", "stride_height", "stride_width",
                                           "padding", "depthwise"};
  const std::set<std::string> option_keys = {"name", "weights", "tensor", "seed"};
  std::set<std::string> names;
  const nlohmann::json& layers = document["layers"];
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const nlohmann::json& entry = layers[i];
    std::string where = path + ": layers[" + std::to_string(i) + "]";
    if (!entry.is_object()) throw std::invalid_argument(where + ": expected a JSON object");
    if (!entry.contains("name")) throw std::invalid_argument(where + ": field 'name' is missing");
    const std::string name = json_string(entry, "name", where);
    where += " ('" + name + "')";
    if (!names.insert(name).second) throw std::invalid_argument(where + ": layer name appears twice");
    bool gemm = false;
    bool conv = false;
    for (const auto& [key, value] : entry.items()) {
      gemm = gemm || gemm_keys.count(key) != 0;
      conv = conv || conv_keys.count(key) != 0;
      if (gemm_keys.count(key) + conv_keys.count(key) + option_keys.count(key) == 0) {
        throw std::invalid_argument(where + ": unknown field '" + key + "'");
      }
    }
    if (gemm == conv) {
      throw std::invalid_argument(where + ": expected either the GEMM fields m, n, k or the "
                                          "convolution fields ifmap_height, ... (not both)");
    }
    auto require = [&](const char* key) {
      if (!entry.contains(key)) throw std::invalid_argument(where + ": field '" + key + "' is missing");
      return json_dimension(entry, key, where);
    };
    std::vector<TopologyLayer> lowered;
    if (gemm) {
      lowered.push_back(gemm_layer(name, require("m"), require("n"), require("k"), where));
    } else {
      ConvLayerShape shape;
      shape.ifmap_height = require("ifmap_height");
      shape.ifmap_width = require("ifmap_width");
      shape.filter_height = require("filter_height");
      shape.filter_width = require("filter_width");
      shape.channels = require("channels");
      shape.filters = require("num_filters");
      if (entry.contains("stride") && (entry.contains("stride_height") || entry.contains("stride_width"))) {
        throw std::invalid_argument(where + ": give either 'stride' or 'stride_height'/'stride_width'");
      }
      shape.stride_height = entry.contains("stride") ? require("stride")
                            : entry.contains("stride_height") ? require("stride_height") : 1;
      shape.stride_width = entry.contains("stride") ? require("stride")
                           : entry.contains("stride_width") ? require("stride_width") : 1;
      if (entry.contains("padding")) {
        const nlohmann::json& padding = entry["padding"];
        if (!padding.is_number_unsigned() || padding.get<std::uint64_t>() > 0xFFFFu) {
          throw std::invalid_argument(where + ": field 'padding': expected an integer 0..65535, got " +
                                      padding.dump());
        }
        shape.padding = padding.get<std::uint32_t>();
      }
      if (entry.contains("depthwise")) {
        if (!entry["depthwise"].is_boolean()) {
          throw std::invalid_argument(where + ": field 'depthwise': expected true or false, got " +
                                      entry["depthwise"].dump());
        }
        shape.depthwise = entry["depthwise"].get<bool>();
      }
      lowered = conv_layers(name, shape, where);
    }
    for (TopologyLayer& layer : lowered) {
      if (entry.contains("weights")) {
        const std::string weights = json_string(entry, "weights", where);
        if (weights != "generated") {
          const std::filesystem::path file(weights);
          layer.weights = file.is_absolute() ? weights : (folder / file).lexically_normal().string();
        }
      }
      if (entry.contains("tensor")) {
        if (layer.weights.empty()) {
          throw std::invalid_argument(where + ": field 'tensor' needs a 'weights' file");
        }
        layer.tensor = json_string(entry, "tensor", where);
      }
      if (entry.contains("seed")) {
        if (!entry["seed"].is_number_unsigned()) {
          throw std::invalid_argument(where + ": field 'seed': expected a non-negative integer, got " +
                                      entry["seed"].dump());
        }
        layer.seed = entry["seed"].get<std::uint64_t>();
      }
      topology.layers.push_back(std::move(layer));
    }
  }
  return topology;
}
}  // namespace

Topology read_topology(const std::string& path) {
  if (lower(std::filesystem::path(path).extension().string()) == ".json") {
    return read_json_topology(path);
  }
  return read_csv_topology(path);
}

}  // namespace fineq

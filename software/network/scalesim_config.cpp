#include "scalesim_config.hpp"

#include <cctype>
#include <fstream>
#include <map>
#include <stdexcept>

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

struct Entry {
  std::string value;
  std::size_t line = 0;
};
}  // namespace

ScaleSimConfig read_scalesim_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("--scalesim-config: cannot open '" + path + "'");
  // "section.key" (both lower case, as Python's configparser folds keys) -> value.
  std::map<std::string, Entry> entries;
  std::string section;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const std::string text = trim(line);
    if (text.empty() || text[0] == '#' || text[0] == ';') continue;
    const std::string where = path + ":" + std::to_string(number);
    if (text.front() == '[') {
      if (text.back() != ']') throw std::invalid_argument(where + ": expected '[section]', got '" + text + "'");
      section = lower(trim(text.substr(1, text.size() - 2)));
      continue;
    }
    const auto separator = text.find_first_of("=:");
    if (separator == std::string::npos || section.empty()) {
      throw std::invalid_argument(where + ": expected 'key = value' inside a [section], got '" + text + "'");
    }
    entries[section + "." + lower(trim(text.substr(0, separator)))] = {trim(text.substr(separator + 1)), number};
  }

  auto text_of = [&](const std::string& section_name, const std::string& key) -> const Entry& {
    const auto found = entries.find(section_name + "." + lower(key));
    if (found == entries.end()) {
      throw std::invalid_argument(path + ": [" + section_name + "] " + key + " is missing");
    }
    return found->second;
  };
  auto number_of = [&](const std::string& section_name, const std::string& key) {
    const Entry& entry = text_of(section_name, key);
    const std::string& value = entry.value;
    if (value.empty() || value.size() > 9 || value.find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(value) == 0) {
      throw std::invalid_argument(path + ":" + std::to_string(entry.line) + ": " + key +
                                  ": expected a positive integer, got '" + value + "'");
    }
    return static_cast<std::uint32_t>(std::stoul(value));
  };

  ScaleSimConfig config;
  const auto run_name = entries.find("general.run_name");
  if (run_name != entries.end()) config.run_name = run_name->second.value;
  const std::string arch = "architecture_presets";
  const Entry& dataflow = text_of(arch, "Dataflow");
  config.dataflow = lower(dataflow.value);
  if (config.dataflow != "ws") {
    throw std::invalid_argument(
        path + ":" + std::to_string(dataflow.line) + ": Dataflow '" + dataflow.value +
        "' is not supported: this accelerator is a weight-stationary array (Dataflow : ws); "
        "output-stationary (os) and input-stationary (is) mappings are not modelled");
  }
  config.array_height = number_of(arch, "ArrayHeight");
  config.array_width = number_of(arch, "ArrayWidth");
  config.ifmap_sram_kb = number_of(arch, "IfmapSramSzkB");
  config.filter_sram_kb = number_of(arch, "FilterSramSzkB");
  config.ofmap_sram_kb = number_of(arch, "OfmapSramSzkB");
  const auto mode = entries.find("run_presets.interfacebandwidth");
  if (mode != entries.end()) {
    const std::string value = lower(mode->second.value);
    if (value == "user") {
      // SCALE-Sim takes one bandwidth per memory bank; this model has one DMA channel.
      const Entry& bandwidth = text_of(arch, "Bandwidth");
      if (bandwidth.value.find(',') != std::string::npos) {
        throw std::invalid_argument(path + ":" + std::to_string(bandwidth.line) +
                                    ": Bandwidth: one value expected (this model has one DRAM "
                                    "channel), got '" + bandwidth.value + "'");
      }
      config.bandwidth = number_of(arch, "Bandwidth");
    } else if (value != "calc") {
      throw std::invalid_argument(path + ":" + std::to_string(mode->second.line) +
                                  ": InterfaceBandwidth: expected USER or CALC, got '" +
                                  mode->second.value + "'");
    }
  }
  return config;
}

void ScaleSimConfig::apply_to(AcceleratorConfig& config) const {
  config.rows = array_height;
  config.cols = array_width;
  config.activation_buffer_bytes = ifmap_sram_kb * 1024;
  // SCALE-Sim's filter SRAM is the whole double buffer; weight_buffer_bytes is one half.
  config.weight_buffer_bytes = filter_sram_kb * 1024 / 2;
  config.output_buffer_bytes = ofmap_sram_kb * 1024;
  if (bandwidth != 0) config.dram_bytes_per_cycle = bandwidth;  // INT8: one byte per word
}

}  // namespace fineq

#include "quant_report.hpp"

#include <cstdio>
#include <sstream>

#include "cluster_codec.hpp"

namespace fineq {

MatrixQuality measure_matrix(const QuantizedMatrix& quantized, const float* original) {
  MatrixQuality quality;
  quality.name = quantized.name;
  quality.rows = quantized.rows;
  quality.cols = quantized.cols;
  quality.encoding = quantized.encoding;
  const std::vector<float> dequantized = quantized.dequantize();
  for (std::size_t i = 0; i < dequantized.size(); ++i) {
    const double diff = static_cast<double>(original[i]) - dequantized[i];
    quality.squared_error += diff * diff;
    quality.weight_norm2 += static_cast<double>(original[i]) * original[i];
  }
  quality.rel_error = quality.weight_norm2 > 0.0 ? quality.squared_error / quality.weight_norm2 : 0.0;
  if (quantized.encoding == Encoding::FineQV1) {
    for (std::uint8_t byte : quantized.payload) ++quality.cluster_modes[byte >> 6];
  }
  quality.fp16_columns = static_cast<std::uint32_t>(quantized.fp16_columns.size());
  quality.statistics = compute_statistics(quantized);
  return quality;
}

QuantReport::QuantReport(QuantizerConfig config, std::string source)
    : config_(std::move(config)), source_(std::move(source)) {}

double QuantReport::mean_rel_error() const {
  if (matrices_.empty()) return 0.0;
  double sum = 0.0;
  for (const MatrixQuality& m : matrices_) sum += m.rel_error;
  return sum / static_cast<double>(matrices_.size());
}

double QuantReport::bits_per_weight() const {
  double bits = 0.0;
  double weights = 0.0;
  for (const MatrixQuality& m : matrices_) {
    bits += m.statistics.bits_per_weight * static_cast<double>(m.statistics.weights);
    weights += static_cast<double>(m.statistics.weights);
  }
  return weights > 0.0 ? bits / weights : 0.0;
}

double QuantReport::outlier_cluster_fraction() const {
  std::uint64_t clusters = 0;
  std::uint64_t outliers = 0;
  for (const MatrixQuality& m : matrices_) {
    clusters += m.statistics.clusters;
    outliers += m.statistics.outlier_clusters;
  }
  return clusters > 0 ? static_cast<double>(outliers) / static_cast<double>(clusters) : 0.0;
}

std::map<int, std::uint64_t> QuantReport::value_histogram() const {
  std::map<int, std::uint64_t> histogram;
  for (const MatrixQuality& m : matrices_) {
    for (const auto& [value, count] : m.statistics.value_histogram) histogram[value] += count;
  }
  return histogram;
}

namespace {
nlohmann::json histogram_json(const std::map<int, std::uint64_t>& histogram) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [value, count] : histogram) json[std::to_string(value)] = count;
  return json;
}

nlohmann::json cluster_modes_json(const std::array<std::uint64_t, 4>& modes) {
  return {{"normal", modes[0]}, {"prune0", modes[1]}, {"prune1", modes[2]}, {"prune2", modes[3]}};
}

nlohmann::json config_json(const QuantizerConfig& config) {
  nlohmann::json json = {{"method", method_name(config.method)},
                         {"group", config.group},
                         {"group_size_weights", config.group_size_in_weights()},
                         {"clip_ratios", config.clip_ratios}};
  if (config.method == QuantMethod::FineQ || config.method == QuantMethod::FineqEf) {
    json["rule"] = rule_name(config.rule);
    if (config.rule == ClusterRule::Paper) json["threshold"] = config.threshold;
    json["codebook"] = config.codebook.to_string();
  } else if (config.method != QuantMethod::PbLlm) {
    json["bits"] = config.bits;
  }
  if (config.method == QuantMethod::Owq) json["fp16_column_fraction"] = config.fp16_column_fraction;
  if (config.method == QuantMethod::PbLlm) {
    json["salient_fraction"] = config.salient_fraction;
    json["saliency"] = "magnitude";
  }
  if (needs_calibration(config.method)) {
    json["damping"] = config.damping;
    json["block_size"] = config.block_size;
    json["act_order"] = config.act_order;
    if (config.method == QuantMethod::FineqEf) json["scale_search"] = config.hessian_scale_search ? "hessian" : "weight";
  }
  return json;
}

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f%%", 100.0 * fraction);
  return text;
}
}  // namespace

nlohmann::json QuantReport::to_json() const {
  nlohmann::json matrices = nlohmann::json::array();
  std::array<std::uint64_t, 4> modes{};
  std::uint64_t weights = 0;
  for (const MatrixQuality& m : matrices_) {
    const TensorStatistics& s = m.statistics;
    nlohmann::json entry = {{"name", m.name},
                            {"rows", m.rows},
                            {"cols", m.cols},
                            {"encoding", encoding_name(m.encoding)},
                            {"rel_error", m.rel_error},
                            {"squared_error", m.squared_error},
                            {"weight_norm2", m.weight_norm2},
                            {"bits_per_weight", s.bits_per_weight},
                            {"payload_bytes", s.payload_bytes},
                            {"scale_bytes", s.scale_bytes},
                            {"fp16_column_bytes", s.fp16_column_bytes},
                            {"fp16_columns", m.fp16_columns},
                            {"code_histogram", histogram_json(s.value_histogram)}};
    if (m.encoding == Encoding::FineQV1) {
      entry["outlier_cluster_fraction"] = s.outlier_cluster_fraction;
      entry["cluster_modes"] = cluster_modes_json(m.cluster_modes);
    }
    for (int mode = 0; mode < 4; ++mode) modes[mode] += m.cluster_modes[mode];
    weights += s.weights;
    matrices.push_back(std::move(entry));
  }
  nlohmann::json overall = {{"matrices", matrices_.size()},
                            {"weights", weights},
                            {"mean_rel_error", mean_rel_error()},
                            {"bits_per_weight", bits_per_weight()},
                            {"code_histogram", histogram_json(value_histogram())}};
  if (config_.method == QuantMethod::FineQ || config_.method == QuantMethod::FineqEf) {
    overall["outlier_cluster_fraction"] = outlier_cluster_fraction();
    overall["cluster_modes"] = cluster_modes_json(modes);
  }
  return {{"source", source_}, {"config", config_json(config_)}, {"matrices", matrices},
          {"overall", overall}};
}

std::string QuantReport::table() const {
  const bool fineq = config_.method == QuantMethod::FineQ || config_.method == QuantMethod::FineqEf;
  std::ostringstream out;
  char line[160];
  std::snprintf(line, sizeof line, "%-20s %11s %10s %8s %9s\n", "matrix", "shape", "rel.error",
                "bits/w", fineq ? "outliers" : "fp16 cols");
  out << line;
  for (const MatrixQuality& m : matrices_) {
    const std::string shape = std::to_string(m.rows) + "x" + std::to_string(m.cols);
    const std::string extra = fineq ? percent(m.statistics.outlier_cluster_fraction)
                                    : std::to_string(m.fp16_columns);
    std::snprintf(line, sizeof line, "%-20s %11s %10.5f %8.3f %9s\n", m.name.c_str(), shape.c_str(),
                  m.rel_error, m.statistics.bits_per_weight, extra.c_str());
    out << line;
  }
  const std::string label = "overall (" + std::to_string(matrices_.size()) + ")";
  std::snprintf(line, sizeof line, "%-20s %11s %10.5f %8.3f %9s\n", label.c_str(), "", mean_rel_error(),
                bits_per_weight(), fineq ? percent(outlier_cluster_fraction()).c_str() : "");
  out << line;
  return out.str();
}

}  // namespace fineq

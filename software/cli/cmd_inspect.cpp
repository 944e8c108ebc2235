// `fineq inspect FILE.fqw [--json]`: the header and per-tensor statistics of a .fqw file.
#include <boost/program_options.hpp>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.hpp"
#include "fqw_file.hpp"
#include "tensor_statistics.hpp"

namespace fineq::cli {

namespace {
namespace po = boost::program_options;

struct Totals {
  std::uint64_t weights = 0;
  std::uint64_t stored_bytes = 0;  // payload + scales + FP16 columns
  std::uint64_t clusters = 0;
  std::uint64_t outlier_clusters = 0;
};

std::uint64_t stored_bytes(const TensorStatistics& s) {
  return s.payload_bytes + s.scale_bytes + s.fp16_column_bytes;
}

struct Summary {
  std::vector<TensorStatistics> per_tensor;
  Totals totals;
};

Summary summarize(const std::vector<QuantizedMatrix>& tensors) {
  Summary summary;
  for (const QuantizedMatrix& m : tensors) {
    summary.per_tensor.push_back(compute_statistics(m));
    const TensorStatistics& s = summary.per_tensor.back();
    summary.totals.weights += s.weights;
    summary.totals.stored_bytes += stored_bytes(s);
    summary.totals.clusters += s.clusters;
    summary.totals.outlier_clusters += s.outlier_clusters;
  }
  return summary;
}

double bits_per_weight(const Totals& t) {
  return 8.0 * static_cast<double>(t.stored_bytes) / static_cast<double>(t.weights);
}

std::string percent(double fraction) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(2) << 100.0 * fraction << "%";
  return text.str();
}

std::string describe_encoding(const QuantizedMatrix& m) {
  std::ostringstream text;
  text << encoding_name(m.encoding);
  if (m.encoding == Encoding::FineQV1) {
    text << ", codebook " << m.codebook.to_string() << ", rule " << rule_name(m.rule);
    if (m.rule == ClusterRule::Paper) text << " T=" << m.threshold;
  } else {
    text << " " << int{m.bits} << "-bit";
    if (!m.fp16_columns.empty()) text << ", " << m.fp16_columns.size() << " FP16 columns";
  }
  if (m.group_size == 0) {
    text << ", scales per row";
  } else {
    text << ", group " << m.group_size;
  }
  return text.str();
}

void print_text(std::ostream& out, const std::string& path, std::uint64_t file_bytes,
                const std::vector<QuantizedMatrix>& tensors) {
  out << path << ": .fqw version " << kFqwVersion << ", " << tensors.size() << " tensor"
      << (tensors.size() == 1 ? "" : "s") << ", " << file_bytes << " bytes\n";
  const Summary summary = summarize(tensors);
  const Totals& totals = summary.totals;
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    const QuantizedMatrix& m = tensors[i];
    const TensorStatistics& s = summary.per_tensor[i];
    out << "tensor " << i << " '" << m.name << "': " << m.rows << " x " << m.cols << " (N x K), "
        << describe_encoding(m) << "\n";
    out << "  storage  payload " << s.payload_bytes << " B + scales " << s.scale_bytes << " B";
    if (s.fp16_column_bytes != 0) out << " + FP16 columns " << s.fp16_column_bytes << " B";
    out << " = " << stored_bytes(s) << " B, " << std::fixed << std::setprecision(3)
        << s.bits_per_weight << " bits/weight\n";
    if (m.encoding == Encoding::FineQV1) {
      out << "  clusters " << s.clusters << ", outlier " << s.outlier_clusters << " ("
          << percent(s.outlier_cluster_fraction) << ")\n";
    }
    std::uint64_t counted = 0;
    for (const auto& [value, count] : s.value_histogram) counted += count;
    out << "  values  ";
    for (const auto& [value, count] : s.value_histogram) {
      out << " " << value << ":" << count << " (" << percent(static_cast<double>(count) / static_cast<double>(counted)) << ")";
    }
    out << "\n";
    out << "  scales   min " << std::defaultfloat << std::setprecision(6) << s.min_scale << ", max "
        << s.max_scale << "\n";
  }
  out << "total: " << totals.weights << " weights, " << totals.stored_bytes << " B stored, "
      << std::fixed << std::setprecision(3) << bits_per_weight(totals) << " bits/weight";
  if (totals.clusters != 0) {
    out << ", outlier clusters "
        << percent(static_cast<double>(totals.outlier_clusters) / static_cast<double>(totals.clusters))
        << " of FineQ-v1 clusters";
  }
  out << "\n";
}

nlohmann::json to_json(const std::string& path, std::uint64_t file_bytes,
                       const std::vector<QuantizedMatrix>& tensors) {
  nlohmann::json tensor_list = nlohmann::json::array();
  const Summary summary = summarize(tensors);
  const Totals& totals = summary.totals;
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    const QuantizedMatrix& m = tensors[i];
    const TensorStatistics& s = summary.per_tensor[i];
    nlohmann::json histogram = nlohmann::json::object();
    for (const auto& [value, count] : s.value_histogram) histogram[std::to_string(value)] = count;
    nlohmann::json t = {
        {"name", m.name},
        {"rows", m.rows},
        {"cols", m.cols},
        {"encoding", encoding_name(m.encoding)},
        {"bits", m.bits},
        {"codebook", {{"text", m.codebook.to_string()},
                      {"normal_by_code", m.codebook.normal},
                      {"outlier_by_code", m.codebook.outlier}}},
        {"rule", rule_name(m.rule)},
        {"threshold", m.threshold},
        {"group_size", m.group_size},
        {"fp16_columns", m.fp16_columns},
        {"payload_bytes", s.payload_bytes},
        {"scale_bytes", s.scale_bytes},
        {"fp16_column_bytes", s.fp16_column_bytes},
        {"bits_per_weight", s.bits_per_weight},
        {"clusters", s.clusters},
        {"outlier_clusters", s.outlier_clusters},
        {"outlier_cluster_fraction", s.outlier_cluster_fraction},
        {"value_histogram", histogram},
        {"scale_min", s.min_scale},
        {"scale_max", s.max_scale},
    };
    tensor_list.push_back(std::move(t));
  }
  nlohmann::json total = {{"weights", totals.weights},
                          {"stored_bytes", totals.stored_bytes},
                          {"bits_per_weight", bits_per_weight(totals)},
                          {"clusters", totals.clusters},
                          {"outlier_clusters", totals.outlier_clusters}};
  return {{"file", path},          {"version", kFqwVersion}, {"file_bytes", file_bytes},
          {"tensor_count", tensors.size()}, {"tensors", tensor_list}, {"total", total}};
}
}  // namespace

int run_inspect(const Args& args) {
  po::options_description visible("usage: fineq inspect FILE.fqw [--json]\n\noptions");
  visible.add_options()("help,h", "show this help")(
      "json", "print the header and statistics as JSON instead of text");
  po::options_description all;
  all.add(visible).add_options()("file", po::value<std::string>(), "the .fqw file");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map options;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), options);
    po::notify(options);
  } catch (const po::error& error) {
    std::cerr << "fineq inspect: error: " << error.what() << "\n" << visible;
    return 2;
  }
  if (options.count("help")) {
    std::cout << visible;
    return 0;
  }
  if (!options.count("file")) {
    std::cerr << "fineq inspect: error: expected a FILE.fqw argument\n" << visible;
    return 2;
  }
  const std::string path = options["file"].as<std::string>();
  const std::vector<QuantizedMatrix> tensors = read_fqw(path);  // throws with the problem named
  const std::uint64_t file_bytes = std::filesystem::file_size(path);
  if (options.count("json")) {
    std::cout << to_json(path, file_bytes, tensors).dump(2) << "\n";
  } else {
    print_text(std::cout, path, file_bytes, tensors);
  }
  return 0;
}

}  // namespace fineq::cli

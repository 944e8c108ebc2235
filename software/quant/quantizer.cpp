#include "quantizer.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "fineq_ef_quantizer.hpp"
#include "fineq_quantizer.hpp"
#include "fp16.hpp"
#include "gptq_quantizer.hpp"
#include "owq_quantizer.hpp"
#include "pbllm_quantizer.hpp"
#include "parse_real.hpp"
#include "rtn_quantizer.hpp"
#include "scale_search.hpp"

namespace fineq {

const char* method_name(QuantMethod method) {
  switch (method) {
    case QuantMethod::FineQ: return "fineq";
    case QuantMethod::Rtn: return "rtn";
    case QuantMethod::Owq: return "owq";
    case QuantMethod::Gptq: return "gptq";
    case QuantMethod::PbLlm: return "pbllm";
    case QuantMethod::FineqEf: return "fineq-ef";
  }
  return "unknown";
}

bool needs_calibration(QuantMethod method) {
  return method == QuantMethod::Gptq || method == QuantMethod::FineqEf;
}

QuantMethod parse_method(const std::string& text) {
  for (QuantMethod method : {QuantMethod::FineQ, QuantMethod::Rtn, QuantMethod::Owq, QuantMethod::Gptq,
                             QuantMethod::PbLlm, QuantMethod::FineqEf}) {
    if (text == method_name(method)) return method;
  }
  throw std::invalid_argument("method: expected fineq, rtn, owq, gptq, pbllm or fineq-ef, got '" + text + "'");
}

ClusterRule parse_rule(const std::string& text) {
  for (ClusterRule rule : {ClusterRule::Paper, ClusterRule::MinError}) {
    if (text == rule_name(rule)) return rule;
  }
  throw std::invalid_argument("rule: expected paper or min-error, got '" + text + "'");
}

std::vector<float> linspace_ratios(double first, double last, unsigned count) {
  std::vector<float> ratios;
  for (unsigned i = 0; i < count; ++i) {
    const double t = count == 1 ? 0.0 : static_cast<double>(i) / (count - 1);
    ratios.push_back(static_cast<float>(first + (last - first) * t));
  }
  return ratios;
}

std::vector<float> default_clip_ratios() { return linspace_ratios(0.3, 1.0, 15); }

namespace {
double parse_number(const std::string& item, const std::string& text) {
  const std::optional<double> value = parse_real(item);
  if (!value) throw std::invalid_argument("clip-ratios: '" + item + "' in '" + text + "' is not a number");
  return *value;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, separator)) items.push_back(item);
  if (!text.empty() && text.back() == separator) items.emplace_back();
  return items;
}
}  // namespace

std::vector<float> parse_clip_ratios(const std::string& text) {
  const std::vector<std::string> range = split(text, ':');
  if (range.size() == 3) {
    const double count = parse_number(range[2], text);
    if (count < 1 || count > 10000 || count != std::floor(count)) {
      throw std::invalid_argument("clip-ratios: COUNT in '" + text + "' must be an integer 1..10000");
    }
    return linspace_ratios(parse_number(range[0], text), parse_number(range[1], text),
                           static_cast<unsigned>(count));
  }
  if (range.size() != 1) {
    throw std::invalid_argument("clip-ratios: expected FIRST:LAST:COUNT or a comma-separated list, got '" +
                                text + "'");
  }
  std::vector<float> ratios;
  for (const std::string& item : split(text, ',')) {
    ratios.push_back(static_cast<float>(parse_number(item, text)));
  }
  return ratios;
}

namespace {
bool is_fineq_format(QuantMethod method) {
  return method == QuantMethod::FineQ || method == QuantMethod::FineqEf;
}
}  // namespace

std::uint32_t QuantizerConfig::group_size_in_weights() const {
  return is_fineq_format(method) ? group * 3 : group;
}

float QuantizerConfig::largest_level() const {
  if (is_fineq_format(method)) return static_cast<float>(codebook.max_magnitude());
  if (method == QuantMethod::PbLlm) return 1.0f;
  return std::ldexp(1.0f, static_cast<int>(bits) - 1) - 1.0f;
}

namespace {
std::string number_text(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}
}  // namespace

void QuantizerConfig::validate() const {
  auto fail = [](const std::string& what) { throw std::invalid_argument(what); };
  const bool int_codes = method == QuantMethod::Rtn || method == QuantMethod::Owq || method == QuantMethod::Gptq;
  if (int_codes && (bits < 2 || bits > 8)) {
    fail("bits: expected 2..8 for " + std::string(method_name(method)) + ", got " +
         std::to_string(bits));
  }
  if (is_fineq_format(method)) {
    if (rule != ClusterRule::Paper && rule != ClusterRule::MinError) {
      fail("rule: fineq needs paper or min-error");
    }
    if (!std::isfinite(threshold) || threshold <= 0.0f) {
      fail("threshold: expected a finite value > 0, got " + number_text(threshold));
    }
    if (group > (1u << 30)) fail("group: " + std::to_string(group) + " clusters is too large");
    if (codebook.max_magnitude() == 0) fail("codebook: needs a non-zero value");
  }
  if (clip_ratios.empty()) fail("clip-ratios: need at least one");
  for (float ratio : clip_ratios) {
    if (!std::isfinite(ratio) || ratio <= 0.0f) {
      fail("clip-ratios: expected finite values > 0, got " + number_text(ratio));
    }
  }
  if (method == QuantMethod::Owq && !(fp16_column_fraction >= 0.0 && fp16_column_fraction < 1.0)) {
    fail("fp16-fraction: expected 0 <= f < 1, got " + number_text(fp16_column_fraction));
  }
  if (method == QuantMethod::PbLlm && group != 0) {
    fail("group: pbllm has one scale per row (its mean |w|), got " + std::to_string(group));
  }
  if (method == QuantMethod::PbLlm && !(salient_fraction >= 0.0 && salient_fraction < 1.0)) {
    fail("salient-fraction: expected 0 <= f < 1, got " + number_text(salient_fraction));
  }
  if (needs_calibration(method)) {
    if (!(damping >= 0.0 && damping <= 100.0)) {
      fail("damping: expected a fraction of the mean diagonal in 0..100, got " + number_text(damping));
    }
    if (block_size < 1 || block_size > (1u << 20)) {
      fail("block-size: expected 1..1048576 columns, got " + std::to_string(block_size));
    }
  }
  if (hessian_scale_search && method != QuantMethod::FineqEf) {
    fail("scale-search: the Hessian-aware search is for fineq-ef only");
  }
  if (act_order && method != QuantMethod::Gptq) {
    fail("act-order: only gptq reorders columns (fineq-ef clusters are 3 consecutive columns)");
  }
}

namespace {
// Every weight finite, and the largest scale any ratio can produce within FP16 (a scale
// that overflows would silently become infinity). Also OWQ's FP16 columns must fit.
void check_weights(const std::string& name, std::uint32_t rows, std::uint32_t cols, const float* w,
                   const QuantizerConfig& config) {
  std::size_t largest_index = 0;
  float largest = 0.0f;
  for (std::size_t i = 0; i < static_cast<std::size_t>(rows) * cols; ++i) {
    if (!std::isfinite(w[i])) {
      std::ostringstream message;
      message << "matrix '" << name << "': non-finite weight " << w[i] << " at row " << i / cols
              << ", column " << i % cols;
      throw std::invalid_argument(message.str());
    }
    if (std::fabs(w[i]) > largest) {
      largest = std::fabs(w[i]);
      largest_index = i;
    }
  }
  float largest_ratio = 0.0f;
  for (float ratio : config.clip_ratios) largest_ratio = std::max(largest_ratio, ratio);
  const float scale = candidate_scale(largest_ratio, largest, config.largest_level());
  const bool owq_overflow = (config.method == QuantMethod::Owq || config.method == QuantMethod::PbLlm) &&
                            std::isinf(round_to_half(largest));
  if (std::isinf(scale) || owq_overflow) {
    std::ostringstream message;
    message << "matrix '" << name << "': weight " << w[largest_index] << " at row "
            << largest_index / cols << ", column " << largest_index % cols
            << (owq_overflow ? " does not fit FP16 (max 65504)"
                             : " needs a scale beyond the FP16 range (max 65504)");
    throw std::invalid_argument(message.str());
  }
}
}  // namespace

QuantizationResult quantize_matrix_measured(const std::string& name, std::uint32_t rows,
                                            std::uint32_t cols, const float* w,
                                            const QuantizerConfig& config,
                                            const LayerHessian* hessian) {
  config.validate();
  if (rows == 0 || cols == 0) {
    throw std::invalid_argument("matrix '" + name + "': shape must be non-zero, got " +
                                std::to_string(rows) + "x" + std::to_string(cols));
  }
  check_weights(name, rows, cols, w, config);
  if (needs_calibration(config.method)) {
    if (hessian == nullptr) {
      throw std::invalid_argument("matrix '" + name + "': method " + method_name(config.method) +
                                  " needs calibration data (the layer's input Hessian)");
    }
    if (hessian->cols() != cols) {
      throw std::invalid_argument("matrix '" + name + "': Hessian is " + std::to_string(hessian->cols()) +
                                  "x" + std::to_string(hessian->cols()) + ", expected " +
                                  std::to_string(cols) + "x" + std::to_string(cols));
    }
  }
  switch (config.method) {
    case QuantMethod::FineQ: return quantize_fineq(name, rows, cols, w, config);
    case QuantMethod::Rtn: return quantize_rtn(name, rows, cols, w, config);
    case QuantMethod::Owq: return quantize_owq(name, rows, cols, w, config);
    case QuantMethod::Gptq: return quantize_gptq(name, rows, cols, w, config, *hessian);
    case QuantMethod::PbLlm: return quantize_pbllm(name, rows, cols, w, config);
    case QuantMethod::FineqEf: return quantize_fineq_ef(name, rows, cols, w, config, *hessian);
  }
  throw std::invalid_argument("unknown quantization method");
}

}  // namespace fineq

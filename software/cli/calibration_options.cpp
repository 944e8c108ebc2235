#include "calibration_options.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>

#include "option_values.hpp"

namespace fineq::cli {

namespace po = boost::program_options;

void add_calibration_options(po::options_description& options) {
  auto text = [](const char* name) { return po::value<std::string>()->value_name(name); };
  options.add_options()
      ("calibration", text("TOKENS.u16|sampled"),
       "gptq/fineq-ef: calibration tokens: the LAST --calibration-tokens of a uint16 token file, "
       "or tokens sampled from the FP32 model (required for those methods)")
      ("calibration-tokens", text("N"), "calibration token count [65536]")
      ("calibration-seed", text("S"), "sampled calibration: sampler seed >= 1 [999]");
}

void add_method_tuning_options(po::options_description& options) {
  auto text = [](const char* name) { return po::value<std::string>()->value_name(name); };
  options.add_options()
      ("damping", text("D"), "gptq/fineq-ef: D x mean(diag H) added to H's diagonal [0.01]")
      ("block-size", text("B"), "gptq/fineq-ef: lazy-batch columns [128]")
      ("act-order", "gptq: quantize columns by decreasing H_jj (static groups)")
      ("scale-search", text("S"), "fineq-ef: weight (FineQ's clip-ratio search on the weights) or hessian "
                                   "(each row's ratio by the output error of its feedback pass) [weight]")
      ("salient-fraction", text("F"), "pbllm: share of the weights kept in FP16, by magnitude [0.1]");
}

CalibrationRequest parse_calibration_options(const po::variables_map& vm, bool needed) {
  auto has = [&](const char* name) { return vm.count(name) != 0; };
  auto text = [&](const char* name) { return vm[name].as<std::string>(); };
  for (const char* name : {"calibration", "calibration-tokens", "calibration-seed"}) {
    if (has(name) && !needed) throw UsageError("--" + std::string(name) + " only applies to gptq and fineq-ef");
  }
  CalibrationRequest request;
  if (!needed) return request;
  if (!has("calibration")) {
    throw UsageError("gptq and fineq-ef need --calibration TOKENS.u16 (or --calibration sampled)");
  }
  request.source = text("calibration");
  if (request.source != "sampled") check_input_path("calibration", request.source);
  if (has("calibration-tokens")) {
    request.tokens = parse_integer_option("calibration-tokens", text("calibration-tokens"), 1, 1ull << 32);
  }
  if (has("calibration-seed")) {
    if (request.source != "sampled") throw UsageError("--calibration-seed only applies to --calibration sampled");
    request.seed = parse_integer_option("calibration-seed", text("calibration-seed"), 1, ~0ull);
  }
  return request;
}

void parse_method_tuning_options(const po::variables_map& vm, QuantizerConfig& config) {
  auto has = [&](const char* name) { return vm.count(name) != 0; };
  auto text = [&](const char* name) { return vm[name].as<std::string>(); };
  for (const char* name : {"damping", "block-size"}) {
    if (has(name) && !needs_calibration(config.method)) {
      throw UsageError("--" + std::string(name) + " only applies to --method gptq and fineq-ef");
    }
  }
  if (has("act-order") && config.method != QuantMethod::Gptq) {
    throw UsageError("--act-order only applies to --method gptq (fineq-ef clusters are 3 consecutive columns)");
  }
  if (has("scale-search")) {
    if (config.method != QuantMethod::FineqEf) throw UsageError("--scale-search only applies to --method fineq-ef");
    const std::string search = text("scale-search");
    if (search != "weight" && search != "hessian") {
      throw UsageError("--scale-search: expected weight or hessian, got '" + search + "'");
    }
    config.hessian_scale_search = search == "hessian";
  }
  if (has("salient-fraction") && config.method != QuantMethod::PbLlm) {
    throw UsageError("--salient-fraction only applies to --method pbllm");
  }
  if (has("damping")) config.damping = parse_real_option("damping", text("damping"));
  if (has("block-size")) {
    config.block_size = static_cast<std::uint32_t>(parse_integer_option("block-size", text("block-size"), 1, 1u << 20));
  }
  config.act_order = has("act-order");
  if (has("salient-fraction")) config.salient_fraction = parse_real_option("salient-fraction", text("salient-fraction"));
}

std::unique_ptr<LayerHessianCollector> collect_calibration(const Llama2cCheckpoint& checkpoint,
                                                           const CalibrationRequest& request) {
  const Llama2cConfig& config = checkpoint.config;
  const std::uint32_t window = std::min(request.window, config.seq_len);
  const auto start = std::chrono::steady_clock::now();
  const TokenSequences sequences =
      request.source == "sampled"
          ? sampled_calibration_tokens(checkpoint, request.tokens, window, request.seed)
          : calibration_tokens_from_file(request.source, config.vocab_size, request.tokens, window);
  const std::uint64_t needed = std::max(config.dim, config.hidden_dim);
  if (token_count(sequences) < needed) {
    throw std::runtime_error("too few calibration tokens: " + std::to_string(token_count(sequences)) +
                             ", need at least " + std::to_string(needed) +
                             " (the largest layer input dimension) for a full-rank Hessian");
  }
  auto collector = std::make_unique<LayerHessianCollector>(config);
  collector->collect(checkpoint, sequences);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "calibration: " << token_count(sequences) << " tokens ("
            << (request.source == "sampled" ? "sampled from the FP32 model, seed " + std::to_string(request.seed)
                                            : "the last ones of " + request.source)
            << "), " << sequences.size() << " forward passes of up to " << window << " tokens, "
            << static_cast<int>(seconds + 0.5) << " s\n";
  return collector;
}

}  // namespace fineq::cli

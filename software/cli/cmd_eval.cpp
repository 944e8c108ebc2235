// `fineq eval`: perplexity, KL divergence against FP32 and top-1 agreement of a llama2.c model
// whose block linear layers are quantized with each of several methods (docs/llm.md).
#include <algorithm>
#include <boost/program_options.hpp>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

#include "atomic_file.hpp"
#include "calibration_options.hpp"
#include "commands.hpp"
#include "dequantized_linear_layers.hpp"
#include "fp32_linear_layers.hpp"
#include "integer_linear_layers.hpp"
#include "model_evaluator.hpp"
#include "option_values.hpp"
#include "progress_bar.hpp"
#include "quantized_model.hpp"
#include "row_parallel.hpp"
#include "weight_method.hpp"

namespace fineq::cli {

namespace {
namespace po = boost::program_options;

const char* const kDefaultMethods =
    "fp32,fineq-min-error,fineq-paper,fineq-min-error@g42,fineq-paper@g42,rtn2,rtn3,rtn4,rtn8,owq2";

po::options_description describe_options() {
  po::options_description options("fineq eval options", 100);
  auto text = [](const char* name) { return po::value<std::string>()->value_name(name); };
  options.add_options()
      ("help,h", "show this help")
      ("model", text("FILE"), "llama2.c checkpoint (required)")
      ("heldout", text("TOKENS.u16"), "held-out token ids (uint16 LE): evaluate on its first windows")
      ("windows", text("W"), "with --heldout: number of consecutive windows [16]")
      ("sequences", text("N"), "without --heldout: sequences sampled from the FP32 model [8]")
      ("length", text("L"), "tokens scored per window/sequence (a window holds L+1) [256]")
      ("seed", text("S"), "without --heldout: seed of the first sampled sequence (> 0) [42]")
      ("methods", text("LIST"), (std::string("comma-separated methods [") + kDefaultMethods + "]").c_str())
      ("path", text("P"), "dequantized (FP32 activations, dequantized weights), integer (FINEQ-SPEC "
                          "section 4: INT8 activations, golden GEMM) or both [dequantized]")
      ("threads", text("N"), "threads, 0 = all cores [0]")
      ("report", text("FILE.json"), "write the JSON report to this file");
  add_calibration_options(options);
  options.add_options()("damping", po::value<std::string>()->value_name("D"),
                        "gptq/fineq-ef methods: D x mean(diag H) added to H's diagonal [0.01]");
  return options;
}

struct Request {
  std::string model, heldout, report;
  std::uint32_t windows = 16, sequences = 8, length = 256;
  std::uint64_t seed = 42;
  std::vector<WeightMethod> methods;
  bool dequantized = true, integer = false;
  unsigned threads = 0;
  CalibrationRequest calibration;
};

Request parse_request(const po::variables_map& vm) {
  auto has = [&](const char* name) { return vm.count(name) != 0; };
  auto text = [&](const char* name) { return vm[name].as<std::string>(); };
  auto integer = [&](const char* name, std::uint64_t low, std::uint64_t high) {
    return parse_integer_option(name, text(name), low, high);
  };
  Request request;
  if (!has("model")) throw UsageError("--model is required");
  request.model = text("model");
  check_input_path("model", request.model);
  if (has("heldout")) {
    request.heldout = text("heldout");
    check_input_path("heldout", request.heldout);
    if (has("sequences") || has("seed")) throw UsageError("--sequences and --seed apply without --heldout only");
  } else if (has("windows")) {
    throw UsageError("--windows applies with --heldout only");
  }
  if (has("windows")) request.windows = static_cast<std::uint32_t>(integer("windows", 1, 1u << 20));
  if (has("sequences")) request.sequences = static_cast<std::uint32_t>(integer("sequences", 1, 1u << 20));
  if (has("length")) request.length = static_cast<std::uint32_t>(integer("length", 1, 1u << 20));
  if (has("seed")) request.seed = integer("seed", 1, UINT64_MAX / 2);
  if (has("threads")) request.threads = static_cast<unsigned>(integer("threads", 0, 1024));
  try {
    request.methods = parse_weight_methods(has("methods") ? text("methods") : kDefaultMethods);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string("--methods: ") + error.what());
  }
  bool calibrated = false;
  for (const WeightMethod& method : request.methods) {
    calibrated = calibrated || (!method.is_fp32() && needs_calibration(method.quantizer->method));
  }
  request.calibration = parse_calibration_options(vm, calibrated);
  if (has("damping")) {
    if (!calibrated) throw UsageError("--damping only applies to gptq and fineq-ef methods");
    const double damping = parse_real_option("damping", text("damping"));
    for (WeightMethod& method : request.methods) {
      if (!method.is_fp32()) method.quantizer->damping = damping;
    }
  }
  if (has("path")) {
    const std::string path = text("path");
    if (path != "dequantized" && path != "integer" && path != "both") {
      throw UsageError("--path: expected dequantized, integer or both, got '" + path + "'");
    }
    request.dequantized = path != "integer";
    request.integer = path != "dequantized";
  }
  if (has("report")) request.report = output_path_option("report", text("report"));
  return request;
}

struct Row {
  std::string method, path;
  double bits_per_weight, mean_rel_error;
  EvaluationScore score;
};

std::string table(const std::vector<Row>& rows) {
  std::ostringstream out;
  out << std::left << std::setw(22) << "method" << std::setw(13) << "path" << std::right << std::setw(8)
      << "bits/w" << std::setw(10) << "rel.err" << std::setw(12) << "perplexity" << std::setw(10) << "KL"
      << std::setw(8) << "top-1\n";
  for (const Row& row : rows) {
    out << std::left << std::setw(22) << row.method << std::setw(13) << row.path << std::right << std::fixed
        << std::setprecision(3) << std::setw(8) << row.bits_per_weight << std::setprecision(4) << std::setw(10)
        << row.mean_rel_error << std::setprecision(3) << std::setw(12) << row.score.perplexity
        << std::setprecision(4) << std::setw(10) << row.score.kl_vs_fp32 << std::setprecision(3) << std::setw(7)
        << row.score.top1_agreement << "\n";
  }
  return out.str();
}

int evaluate(const Request& request) {
  const Llama2cCheckpoint checkpoint = load_llama2c_checkpoint(request.model);
  const Llama2cConfig& config = checkpoint.config;
  if (request.length > config.seq_len) {
    throw std::invalid_argument("--length " + std::to_string(request.length) + " exceeds the model's seq_len " +
                     std::to_string(config.seq_len));
  }
  const EvaluationSet set = request.heldout.empty()
                                ? sample_sequences(checkpoint, request.sequences, request.length, request.seed)
                                : load_heldout_windows(request.heldout, config.vocab_size, request.length,
                                                       request.windows);
  std::cout << "fineq eval: " << request.model << "; " << set.description << " (" << set.scored_tokens()
            << " scored tokens), " << resolve_thread_count(request.threads) << " thread(s)\n" << std::flush;
  std::unique_ptr<LayerHessianCollector> calibration;
  if (!request.calibration.source.empty()) {
    if (request.calibration.source == request.heldout) {
      // Evaluation reads the file's first windows, calibration its last tokens.
      const std::uint64_t file_tokens = std::filesystem::file_size(request.heldout) / 2;
      const std::uint64_t evaluated = std::uint64_t{request.windows} * (request.length + 1);
      if (evaluated + request.calibration.tokens > file_tokens) {
        throw std::invalid_argument("--calibration-tokens " + std::to_string(request.calibration.tokens) +
                                    ": the last tokens of " + request.heldout + " would overlap the " +
                                    std::to_string(evaluated) + " evaluated ones (the file holds " +
                                    std::to_string(file_tokens) + ")");
      }
    }
    calibration = collect_calibration(checkpoint, request.calibration);
  }
  const LayerHessians hessians = [&](std::uint32_t layer, LinearKind kind) -> const LayerHessian* {
    return calibration ? &calibration->hessian(layer, kind) : nullptr;
  };
  const ModelEvaluator evaluator(checkpoint, set, request.threads);
  std::vector<Row> rows;
  for (const WeightMethod& method : request.methods) {
    if (method.is_fp32()) {
      rows.push_back({method.label, "fp32", 32.0, 0.0, evaluator.fp32_score()});
      continue;
    }
    QuantizerConfig quantizer = *method.quantizer;
    quantizer.threads = request.threads;
    const QuantizedModel model = quantize_model(checkpoint, quantizer, hessians);
    auto score = [&](LinearLayers& linears, const char* path) {
      ProgressBar bar(std::cerr, set.sequences.size(), ::isatty(STDERR_FILENO) != 0, "sequences");
      const std::string current = method.label + " (" + path + ")";
      rows.push_back({method.label, path, model.bits_per_weight, model.mean_rel_error,
                      evaluator.evaluate(linears, [&](std::size_t done, std::size_t) { bar.update(done, current); })});
      bar.finish();
    };
    if (request.dequantized) {
      DequantizedLinearLayers linears(config, model);
      score(linears, "dequantized");
    }
    const bool scattered_fp16 = std::any_of(model.matrices.begin(), model.matrices.end(), [](const QuantizedMatrix& m) {
      return m.encoding == Encoding::BinaryWithFp16;
    });
    if (request.integer && scattered_fp16) {
      std::cout << method.label << ": integer path skipped, its scattered FP16 weights cannot run on the integer datapath\n";
    } else if (request.integer) {
      IntegerLinearLayers linears(model);
      score(linears, "integer");
    }
  }
  std::cout << table(rows);
  if (!request.report.empty()) {
    nlohmann::json methods = nlohmann::json::array();
    for (const Row& row : rows) {
      methods.push_back({{"method", row.method},
                         {"path", row.path},
                         {"bits_per_weight", row.bits_per_weight},
                         {"mean_rel_error", row.mean_rel_error},
                         {"perplexity", row.score.perplexity},
                         {"kl_vs_fp32", row.score.kl_vs_fp32},
                         {"top1_agreement", row.score.top1_agreement},
                         {"tokens", row.score.tokens}});
    }
    const nlohmann::json report = {{"model", request.model},
                                   {"evaluation", set.description},
                                   {"scored_tokens", set.scored_tokens()},
                                   {"calibration", calibration ? nlohmann::json{{"source", request.calibration.source},
                                                                                {"tokens", request.calibration.tokens}}
                                                               : nlohmann::json()},
                                   {"methods", methods}};
    write_text_atomically(request.report, report.dump(2) + "\n");
    std::cout << "wrote " << request.report << "\n";
  }
  return 0;
}
}  // namespace

int run_eval(const Args& args) {
  const po::options_description options = describe_options();
  Request request;
  try {
    po::variables_map vm;
    po::store(parse_options(args, options), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << "usage: fineq eval --model FILE [--heldout TOKENS.u16 [--windows W] | --sequences N --seed S]\n"
                   "         [--length L] [--methods LIST] [--path dequantized|integer|both] [--report FILE.json]\n"
                   "         [--calibration TOKENS.u16|sampled [--calibration-tokens N]] [--damping D]\n\n"
                << options
                << "\nMethods: fp32, fineq-min-error, fineq-paper (-sym: symmetric codebook), rtnB, owqB\n"
                   "(B = 2..8; owq keeps 4 % of the columns in FP16), fineq-ef-min-error, fineq-ef-paper,\n"
                   "gptqB, gptqB-act (these need --calibration), each optionally @gN (scale group of N\n"
                   "clusters for fineq, N weights for rtn/owq/gptq); pbllm. See docs/llm.md.\n";
      return 0;
    }
    request = parse_request(vm);
  } catch (const std::exception& error) {
    std::cerr << "fineq eval: error: " << error.what() << "\n(fineq eval --help lists the options)\n";
    return 2;
  }
  return evaluate(request);
}

}  // namespace fineq::cli

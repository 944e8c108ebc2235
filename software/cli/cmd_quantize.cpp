// `fineq quantize`: quantizes a model's linear weights (or one matrix) with FineQ, RTN, the
// OWQ-style or PB-LLM-style baseline, or the calibrated GPTQ / FineQ with error feedback,
// prints a table, and optionally writes a .fqw file and a JSON report.
#include <boost/program_options.hpp>
#include <iostream>
#include <stdexcept>

#include "atomic_file.hpp"
#include "calibration_options.hpp"
#include "commands.hpp"
#include "fqw_file.hpp"
#include "option_values.hpp"
#include "quant_report.hpp"
#include "quantizer.hpp"
#include "row_parallel.hpp"
#include "weight_loaders.hpp"

namespace fineq::cli {

namespace {
namespace po = boost::program_options;

// "NxK", e.g. "4096x4096".
std::pair<std::uint32_t, std::uint32_t> parse_shape(const std::string& text) {
  const std::size_t x = text.find('x');
  if (x == std::string::npos) throw UsageError("--shape: expected NxK (e.g. 4096x4096), got '" + text + "'");
  const std::uint64_t max = 0xFFFFFFFFu;
  return {static_cast<std::uint32_t>(parse_integer_option("shape", text.substr(0, x), 1, max)),
          static_cast<std::uint32_t>(parse_integer_option("shape", text.substr(x + 1), 1, max))};
}

po::options_description describe_options() {
  po::options_description options("fineq quantize options", 100);
  auto text = [](const char* name) { return po::value<std::string>()->value_name(name); };
  options.add_options()
      ("help,h", "show this help")
      ("model", text("FILE"), "weights: llama2.c checkpoint (.bin), .npy, or raw float32 (required)")
      ("format", text("F"), "auto (by extension), llama2c, npy or raw [auto]")
      ("shape", text("NxK"), "matrix shape, required with --format raw")
      ("method", text("M"), "fineq, rtn, owq, gptq, pbllm or fineq-ef (required)")
      ("bits", text("B"), "rtn/owq/gptq code width 2..8 [2]")
      ("rule", text("R"), "fineq/fineq-ef cluster rule: paper or min-error [min-error]")
      ("threshold", text("T"), "paper rule: outlier cluster if max|w| > T*min|w| [4]")
      ("group", text("G"),
       "scale group [0 = per row]; fineq: G clusters (3G weights), also fineq-ef; rtn/owq/gptq: G weights")
      ("codebook", text("C"), "fineq/fineq-ef: default, symmetric or n0,..,n3/o0,..,o7 ascending [default]")
      ("clip-ratios", text("LIST"), "FIRST:LAST:COUNT or r1,r2,... [0.3:1.0:15]")
      ("fp16-fraction", text("F"), "owq: share of the K columns kept in FP16 [0.04]")
      ("threads", text("N"), "worker threads over rows, 0 = all cores [0]")
      ("out", text("FILE.fqw"), "write the quantized tensors to this .fqw file")
      ("report", text("FILE.json"), "write the JSON report to this file");
  add_calibration_options(options);
  add_method_tuning_options(options);
  return options;
}

struct Request {
  std::string model;
  std::string format = "auto";
  std::uint32_t rows = 0;
  std::uint32_t cols = 0;
  std::string out;
  std::string report;
  QuantizerConfig config;
  CalibrationRequest calibration;
};

Request parse_request(const po::variables_map& vm) {
  auto has = [&](const char* name) { return vm.count(name) != 0; };
  auto text = [&](const char* name) { return vm[name].as<std::string>(); };
  auto only_for = [&](const char* name, bool applies, const std::string& which) {
    if (has(name) && !applies) throw UsageError("--" + std::string(name) + " only applies to " + which);
  };
  Request request;
  if (!has("model")) throw UsageError("--model is required");
  if (!has("method")) throw UsageError("--method is required (fineq, rtn, owq, gptq, pbllm or fineq-ef)");
  request.model = text("model");
  if (has("format")) {
    request.format = text("format");
    if (request.format != "auto" && request.format != "llama2c" && request.format != "npy" &&
        request.format != "raw") {
      throw UsageError("--format: expected auto, llama2c, npy or raw, got '" + request.format + "'");
    }
  }
  if (has("shape")) std::tie(request.rows, request.cols) = parse_shape(text("shape"));
  if (request.format == "raw" && !has("shape")) throw UsageError("--format raw needs --shape NxK");
  only_for("shape", request.format == "raw", "--format raw");

  QuantizerConfig& config = request.config;
  config.threads = 0;
  try {
    config.method = parse_method(text("method"));
    const bool fineq = config.method == QuantMethod::FineQ || config.method == QuantMethod::FineqEf;
    const bool int_codes = config.method == QuantMethod::Rtn || config.method == QuantMethod::Owq ||
                           config.method == QuantMethod::Gptq;
    only_for("bits", int_codes, "--method rtn, owq and gptq");
    only_for("rule", fineq, "--method fineq and fineq-ef");
    only_for("codebook", fineq, "--method fineq and fineq-ef");
    only_for("group", config.method != QuantMethod::PbLlm, "methods other than pbllm (one scale per row)");
    only_for("clip-ratios", config.method != QuantMethod::PbLlm, "methods other than pbllm (its scale is mean |w|)");
    only_for("fp16-fraction", config.method == QuantMethod::Owq, "--method owq");
    if (has("bits")) config.bits = static_cast<unsigned>(parse_integer_option("bits", text("bits"), 2, 8));
    if (has("rule")) config.rule = parse_rule(text("rule"));
    only_for("threshold", fineq && config.rule == ClusterRule::Paper, "--method fineq/fineq-ef --rule paper");
    if (has("threshold")) config.threshold = static_cast<float>(parse_real_option("threshold", text("threshold")));
    if (has("group")) config.group = static_cast<std::uint32_t>(parse_integer_option("group", text("group"), 0, 1u << 30));
    if (has("codebook")) config.codebook = Codebook::parse(text("codebook"));
    if (has("clip-ratios")) config.clip_ratios = parse_clip_ratios(text("clip-ratios"));
    if (has("fp16-fraction")) config.fp16_column_fraction = parse_real_option("fp16-fraction", text("fp16-fraction"));
    if (has("threads")) config.threads = static_cast<unsigned>(parse_integer_option("threads", text("threads"), 0, 1024));
    request.calibration = parse_calibration_options(vm, needs_calibration(config.method));
    parse_method_tuning_options(vm, config);
    config.validate();
  } catch (const UsageError&) {
    throw;
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  // The Hessians come from the model's forward pass, so the weights must be a checkpoint.
  const bool npy_by_name = request.model.size() >= 4 && request.model.compare(request.model.size() - 4, 4, ".npy") == 0;
  if (needs_calibration(config.method) &&
      (request.format == "npy" || request.format == "raw" || (request.format == "auto" && npy_by_name))) {
    throw UsageError("--method " + std::string(method_name(config.method)) +
                     " needs a llama2.c checkpoint (its forward pass gives the calibration data)");
  }
  if (has("out")) request.out = output_path_option("out", text("out"));
  if (has("report")) request.report = output_path_option("report", text("report"));
  check_distinct_outputs({{"out", request.out}, {"report", request.report}});
  return request;
}

int quantize(const Request& request) {
  std::vector<FloatMatrix> matrices;
  std::unique_ptr<LayerHessianCollector> calibration;
  if (needs_calibration(request.config.method)) {
    const Llama2cCheckpoint checkpoint = load_llama2c_checkpoint(request.model);
    calibration = collect_calibration(checkpoint, request.calibration);
    matrices = linear_weights(checkpoint);
  } else {
    matrices = load_weight_matrices(request.model, request.format, request.rows, request.cols);
  }
  QuantReport report(request.config, request.model);
  std::vector<QuantizedMatrix> tensors;
  for (std::size_t i = 0; i < matrices.size(); ++i) {
    const FloatMatrix& matrix = matrices[i];
    const LayerHessian* hessian =
        calibration ? &calibration->hessian(static_cast<std::uint32_t>(i / kLinearKindCount),
                                            kLinearKinds[i % kLinearKindCount])
                    : nullptr;
    tensors.push_back(quantize_matrix(matrix.name, matrix.rows, matrix.cols, matrix.values.data(),
                                      request.config, hessian));
    report.add(measure_matrix(tensors.back(), matrix.values.data()));
  }
  std::cout << "fineq quantize: " << request.model << ", method " << method_name(request.config.method)
            << ", " << resolve_thread_count(request.config.threads) << " thread(s)\n"
            << report.table();
  // Everything is computed before the first file is written.
  const std::string json = report.to_json().dump(2) + "\n";
  if (!request.out.empty()) {
    write_fqw(request.out, tensors);
    std::cout << "wrote " << request.out << "\n";
  }
  if (!request.report.empty()) {
    write_text_atomically(request.report, json);
    std::cout << "wrote " << request.report << "\n";
  }
  return 0;
}
}  // namespace

int run_quantize(const Args& args) {
  const po::options_description options = describe_options();
  po::variables_map vm;
  Request request;
  try {
    po::store(parse_options(args, options), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << "usage: fineq quantize --model FILE [--format llama2c|npy|raw --shape NxK]\n"
                   "         --method fineq|rtn|owq|gptq|pbllm|fineq-ef [--bits B] [--rule paper|min-error]\n"
                   "         [--threshold T] [--calibration TOKENS.u16|sampled]\n"
                   "         [--group G] [--out FILE.fqw] [--report FILE.json]\n\n"
                << options
                << "\nA llama2.c checkpoint gives all linear matrices (wq wk wv wo w1 w2 w3 of every\n"
                   "layer); .npy and raw files give one matrix. See docs/quantization.md.\n";
      return 0;
    }
    request = parse_request(vm);
  } catch (const std::exception& error) {  // po::error or UsageError
    std::cerr << "fineq quantize: error: " << error.what() << "\n"
              << "(fineq quantize --help lists the options)\n";
    return 2;
  }
  return quantize(request);
}

}  // namespace fineq::cli

// `fineq simulate`: runs one GEMM Y = X * W^T on the SystemC/TLM-2.0 accelerator platform
// (host driver, router, DRAM, CSRs, DMA, controller, decoder, systolic array), checks Y
// against the golden software bit for bit, prints a summary and optionally writes a JSON
// report and appends a CSV line. By default the layer is generated (seeded, LLM-like).
#include <boost/program_options.hpp>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "atomic_file.hpp"
#include "commands.hpp"
#include "cost_report.hpp"
#include "fqw_file.hpp"
#include "json_file.hpp"
#include "memory_estimate.hpp"
#include "option_values.hpp"
#include "platform.hpp"
#include "quantizer.hpp"
#include "simulate_options.hpp"
#include "simulation_report.hpp"
#include "synthetic.hpp"

namespace fineq::cli {

namespace {
namespace po = boost::program_options;

// The generated default layer: large enough to tile over many folds, small enough to
// quantize and simulate in about a second.
constexpr std::uint32_t kDefaultM = 16;
constexpr std::uint32_t kDefaultK = 4096;
constexpr std::uint32_t kDefaultN = 4096;

struct Request {
  SimulationJob job;
  WorkloadInfo workload;
  std::string report;
  std::string csv;
  CostTable costs;
};

QuantizedMatrix pick_tensor(const std::string& path, const po::variables_map& vm) {
  std::vector<QuantizedMatrix> tensors = read_fqw(path);
  if (vm.count("tensor") == 0) {
    if (tensors.size() == 1) return std::move(tensors.front());
    std::string names;
    for (const QuantizedMatrix& t : tensors) names += (names.empty() ? "" : ", ") + t.name;
    throw UsageError("--weights " + path + " holds " + std::to_string(tensors.size()) +
                     " tensors; choose one with --tensor (" + names + ")");
  }
  const std::string name = vm["tensor"].as<std::string>();
  for (QuantizedMatrix& t : tensors) {
    if (t.name == name) return std::move(t);
  }
  throw UsageError("--tensor: '" + path + "' has no tensor named '" + name + "'");
}

// Quantizes the generated layer the way the chosen PE runs it: FineQ-v1 for the temporal PE,
// RTN INT4 / INT8 for the bit-parallel baselines.
QuantizedMatrix generate_weights(const AcceleratorConfig& config, std::uint32_t n, std::uint32_t k,
                                 std::uint64_t seed, const po::variables_map& vm) {
  auto has = [&](const char* name) { return vm.count(name) != 0; };
  QuantizerConfig quantizer;
  if (config.pe == PeKind::Temporal) {
    quantizer.method = QuantMethod::FineQ;
    quantizer.codebook = config.codebook;
    if (has("rule")) quantizer.rule = parse_rule(vm["rule"].as<std::string>());
  } else {
    if (has("rule")) throw UsageError("--rule only applies to --pe temporal (FineQ weights)");
    quantizer.method = QuantMethod::Rtn;
    quantizer.bits = config.pe == PeKind::Int8x4 ? 4 : 8;
  }
  if (has("group")) {
    // The GROUP_SIZE register holds weights (at most kMaxK); a temporal group is G clusters.
    const std::uint32_t weights_per_unit = config.pe == PeKind::Temporal ? kClusterSize : 1;
    quantizer.group = static_cast<std::uint32_t>(parse_integer_option(
        "group", vm["group"].as<std::string>(), 0, kMaxK / weights_per_unit));
  }
  quantizer.validate();
  const std::vector<float> w = make_llm_like_weights(n, k, seed);
  return quantize_matrix("generated", n, k, w.data(), quantizer);
}

// --inject-dram-error ADDR[:N]: every transaction that touches DRAM byte ADDR, after the
// first N of them, gets TLM_GENERIC_ERROR_RESPONSE (docs/fault-injection.md).
DramFault parse_dram_error_option(const std::string& text) {
  const std::size_t colon = text.find(':');
  DramFault fault;
  fault.start = parse_integer_option("inject-dram-error", text.substr(0, colon), 0, kCsrBase - 1);
  fault.end = fault.start + 1;
  if (colon != std::string::npos) {
    fault.after = parse_integer_option("inject-dram-error", text.substr(colon + 1), 0, ~0ull >> 1);
  }
  return fault;
}

// Refuses, before anything large is allocated, a job that would not fit in memory.
void check_memory(const po::variables_map& vm, const SimulationJob& job, std::uint32_t k,
                  std::uint32_t n, std::uint64_t payload_bytes, bool generated) {
  const bool has_limit = vm.count("max-memory") != 0;
  const std::uint64_t limit =
      has_limit ? parse_integer_option("max-memory", vm["max-memory"].as<std::string>(), 0,
                                       std::uint64_t{1} << 40) * 1000000
                : available_memory_bytes();
  if (limit == 0) return;
  const MemoryEstimate estimate = estimate_simulation_memory(
      job.config, job.m, k, n, payload_bytes, generated, job.vcd_path.empty() ? nullptr : &job.trace_window);
  if (estimate.total() <= limit) return;
  throw UsageError("the job needs about " + estimate.describe() + " of memory, more than " +
                   (has_limit ? "--max-memory " + format_bytes(limit)
                              : "the " + format_bytes(limit) + " available") +
                   "; make it smaller (--m, --k, --n" + (job.vcd_path.empty() ? "" : ", --trace-pes") +
                   ") or raise --max-memory MB (0 = no check)");
}

Request parse_request(const po::variables_map& vm) {
  auto has = [&](const char* name) { return vm.count(name) != 0; };
  auto text = [&](const char* name) { return vm[name].as<std::string>(); };
  auto integer = [&](const char* name, std::uint64_t low, std::uint64_t high) {
    return parse_integer_option(name, text(name), low, high);
  };
  Request request;
  AcceleratorConfig& config = request.job.config;
  try {
    if (has("rows")) config.rows = static_cast<std::uint32_t>(integer("rows", 1, 4096));
    if (has("cols")) config.cols = static_cast<std::uint32_t>(integer("cols", 1, 4096));
    if (has("pe")) config.pe = parse_pe_kind(text("pe"));
    if (has("window")) config.window = parse_window_policy(text("window"));
    if (has("memory")) config.memory = parse_memory_kind(text("memory"));
    if (has("dram-bytes-per-cycle")) {
      config.dram_bytes_per_cycle = static_cast<std::uint32_t>(integer("dram-bytes-per-cycle", 1, 1u << 20));
    }
    if (has("dram-latency")) {
      config.dram_latency_cycles = static_cast<std::uint32_t>(integer("dram-latency", 0, 1u << 20));
    }
    if (has("decoder-clusters-per-cycle")) {
      config.decoder_clusters_per_cycle =
          static_cast<std::uint32_t>(integer("decoder-clusters-per-cycle", 1, 1u << 20));
    }
    if (has("weight-buffer")) config.weight_buffer_bytes = integer("weight-buffer", 1, 1ull << 32);
    if (has("activation-buffer")) {
      config.activation_buffer_bytes = integer("activation-buffer", 1, 1ull << 32);
    }
    if (has("output-buffer")) config.output_buffer_bytes = integer("output-buffer", 1, 1ull << 32);
    if (has("clock-mhz")) config.clock_mhz = parse_real_option("clock-mhz", text("clock-mhz"));
    if (has("codebook")) config.codebook = Codebook::parse(text("codebook"));
    if (has("mode")) config.mode = parse_sim_mode(text("mode"));
    if (has("vcd") && config.mode != SimMode::Cycle) {
      throw UsageError("--vcd: waveforms come from the cycle-level mode; add --mode cycle");
    }
    if (has("trace-pes") && !has("vcd")) throw UsageError("--trace-pes needs --vcd");
    if (has("window") && config.pe != PeKind::Temporal) {
      throw UsageError("--window only applies to --pe temporal");
    }
    config.validate();
    if (has("vcd")) {
      request.job.vcd_path = output_path_option("vcd", text("vcd"));
      request.job.trace_window = has("trace-pes") ? TraceWindow::parse(text("trace-pes"))
                                                  : TraceWindow::default_for(config.rows, config.cols);
      request.job.trace_window.check_fits(config.rows, config.cols);
    }
  } catch (const UsageError&) {
    throw;
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }

  if (has("inject-dram-error")) {
    request.job.dram_faults.push_back(parse_dram_error_option(text("inject-dram-error")));
  }
  const std::uint64_t seed = has("seed") ? integer("seed", 0, ~0ull >> 1) : 1;
  const std::uint32_t m = has("m") ? static_cast<std::uint32_t>(integer("m", 1, kMaxM)) : kDefaultM;
  request.workload.seed = seed;
  // Before the (slow) weight generation.
  if (has("report")) request.report = output_path_option("report", text("report"));
  if (has("csv")) request.csv = output_path_option("csv", text("csv"));
  if (has("weights")) {
    for (const char* generated_only : {"k", "n", "rule", "group"}) {
      if (has(generated_only)) {
        throw UsageError("--" + std::string(generated_only) +
                         " applies to generated layers; --weights fixes the tensor");
      }
    }
    request.workload.source = text("weights");
    request.job.weights = pick_tensor(text("weights"), vm);
    request.job.m = m;
    check_memory(vm, request.job, request.job.weights.cols, request.job.weights.rows,
                 request.job.weights.payload.size(), false);
    if (!has("codebook")) {
      config.codebook = request.job.weights.codebook;
    } else if (request.job.weights.encoding == Encoding::FineQV1 &&
               config.codebook != request.job.weights.codebook) {
      throw UsageError("--codebook " + config.codebook.to_string() + " differs from tensor '" +
                       request.job.weights.name + "' (" +
                       request.job.weights.codebook.to_string() + ")");
    }
  } else {
    if (has("tensor")) throw UsageError("--tensor needs --weights");
    const auto k = has("k") ? static_cast<std::uint32_t>(integer("k", 1, kMaxK)) : kDefaultK;
    const auto n = has("n") ? static_cast<std::uint32_t>(integer("n", 1, kMaxN)) : kDefaultN;
    request.workload.source = "generated";
    request.job.m = m;
    const std::uint64_t row_bytes = config.pe == PeKind::Temporal ? (std::uint64_t{k} + 2) / 3
                                    : config.pe == PeKind::Int8x4 ? (std::uint64_t{k} + 1) / 2
                                                                  : k;
    check_memory(vm, request.job, k, n, row_bytes * n, true);
    try {
      request.job.weights = generate_weights(config, n, k, seed, vm);
    } catch (const UsageError&) {
      throw;
    } catch (const std::invalid_argument& error) {
      throw UsageError(error.what());
    }
  }
  request.job.m = m;
  request.job.activations = make_llm_like_activations(m, request.job.weights.cols, seed + 1);
  request.costs = CostTable::load(has("cost-table") ? text("cost-table") : CostTable::default_path());
  check_cost_table(request.costs, config);
  check_distinct_outputs(
      {{"report", request.report}, {"csv", request.csv}, {"vcd", request.job.vcd_path}});
  return request;
}

void print_summary(const Request& request, const SimulationResult& result) {
  const SimulationJob& job = request.job;
  const AcceleratorConfig& c = job.config;
  const QuantizedMatrix& w = job.weights;
  std::cout << "GEMM     Y[" << job.m << " x " << w.rows << "] = X[" << job.m << " x " << w.cols
            << "] * W[" << w.rows << " x " << w.cols << "]^T, W "
            << (request.workload.source == "generated" ? "generated LLM-like (seed " +
                                                             std::to_string(request.workload.seed) + ")"
                                                       : request.workload.source + " '" + w.name + "'")
            << ", " << encoding_name(w.encoding)
            << (w.encoding == Encoding::FineQV1 ? std::string(" ") + rule_name(w.rule)
                                                : " " + std::to_string(w.bits) + "-bit")
            << "\n";
  std::cout << "array    " << c.rows << " x " << c.cols << " " << pe_kind_name(c.pe) << " PEs"
            << (c.pe == PeKind::Temporal ? std::string(", window ") + window_policy_name(c.window)
                                         : std::string())
            << ", memory " << memory_kind_name(c.memory) << ", mode " << sim_mode_name(c.mode)
            << "\n";
  std::cout << "cycles   total " << result.cycles.total << ", compute " << result.cycles.compute
            << ", stall " << result.cycles.stall << "\n";
  std::cout << "work     " << result.activity.macs << " MACs, " << result.activity.pulses
            << " pulses, utilization " << std::fixed << std::setprecision(1)
            << 100.0 * array_utilization(c, result) << "%\n";
  std::cout << "traffic  DRAM read " << result.activity.dram_read_bytes << " B, write "
            << result.activity.dram_write_bytes << " B\n";
  std::cout << "verify   bit-exact " << (result.bit_exact ? "yes" : "NO") << " ("
            << result.mismatches << " of " << result.y.size() << " outputs differ from golden)\n";
  std::cout << "wall     " << std::setprecision(3) << result.wall_seconds << " s simulated run\n";
}

const char* kUsage =
    "usage: fineq simulate [--config FILE.json] [--m M] [--k K --n N] [--rows R --cols C]\n"
    "         [--pe temporal|int8x4|int8x8] [--window fixed|dynamic] [--memory ideal|dram]\n"
    "         [--dram-bytes-per-cycle B --dram-latency L] [--decoder-clusters-per-cycle D]\n"
    "         [--weights FILE.fqw [--tensor NAME]] [--seed S] [--report FILE.json] [--csv FILE]\n"
    "         [--mode fast|cycle] [--vcd FILE.vcd [--trace-pes r0:r1,c0:c1]]\n\n";
}  // namespace

int run_simulate(const Args& args) {
  const po::options_description options = simulate_options();
  Request request;
  try {
    po::variables_map vm;
    po::store(parse_options(args, options), vm);
    if (vm.count("help")) {
      std::cout << kUsage << options
                << "\nWithout --weights, simulates a generated LLM-like layer, M=16 K=4096 N=4096,\n"
                   "quantized for the chosen PE (temporal: FineQ-v1, int8x4: RTN INT4, int8x8:\n"
                   "RTN INT8). Exit status 1 if Y is not bit-exact or the accelerator reports an\n"
                   "error. See docs/timing.md and docs/registers.md.\n";
      return 0;
    }
    if (vm.count("config")) store_config_file(vm["config"].as<std::string>(), options, vm);
    po::notify(vm);
    request = parse_request(vm);
  } catch (const std::exception& error) {  // po::error, UsageError, .fqw read errors
    std::cerr << "fineq simulate: error: " << error.what() << "\n"
              << "(fineq simulate --help lists the options)\n";
    return 2;
  }

  const SimulationResult result = run_simulation(request.job);
  if (!result.completed) {
    std::cerr << "fineq simulate: " << result.error_message << "\n";
    return 1;
  }
  print_summary(request, result);
  const nlohmann::json costs =
      cost_report(request.job.config, result.activity, result.cycles, request.costs);
  std::cout << cost_summary(costs);
  if (!request.report.empty()) {
    nlohmann::json report = simulation_report(request.job, result, request.workload);
    report.update(costs);
    write_text_atomically(request.report, report.dump(2) + "\n");
    std::cout << "wrote " << request.report << "\n";
  }
  if (!request.csv.empty()) {
    append_simulation_csv(request.csv, request.job, result);
    std::cout << "appended " << request.csv << "\n";
  }
  return result.bit_exact ? 0 : 1;
}

}  // namespace fineq::cli

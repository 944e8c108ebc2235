// `fineq network`: runs every layer of a topology (SCALE-Sim CSV or JSON, docs/network.md) in
// one process on one platform, either fully simulated and verified (--functional on) or as the
// timing-only estimate (--functional off), and writes COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv,
// DETAILED_ACCESS_REPORT.csv and network.json into --out, all only once every layer has run.
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "atomic_file.hpp"
#include "commands.hpp"
#include "cost_report.hpp"
#include "layer_estimator.hpp"
#include "layer_weights.hpp"
#include "option_values.hpp"
#include "platform.hpp"
#include "progress_bar.hpp"
#include "scalesim_config.hpp"
#include "scalesim_reports.hpp"
#include "simulate_options.hpp"
#include "simulation_report.hpp"
#include "synthetic.hpp"
#include "topology.hpp"

namespace fineq::cli {

namespace {
namespace po = boost::program_options;

po::options_description describe_options() {
  po::options_description options("fineq network options");
  auto value = [] { return po::value<std::string>(); };
  options.add_options()
      ("help,h", "show this help")
      ("config", value(), "JSON file with any of the options below as keys (flags override it)")
      ("topology", value(), "network: SCALE-Sim topology CSV (GEMM or convolution form) or JSON")
      ("out", value(), "directory for the reports (created if missing)")
      ("functional", value(), "on: simulate every layer on the platform and verify Y; off: the"
                              " timing-only estimate (same cycles, counters, energy) [on]")
      ("scalesim-config", value(), "SCALE-Sim .cfg: array size, SRAM sizes, dataflow (ws only);"
                                   " flags override it");
  options.add(hardware_options()).add(generated_layer_options());
  return options;
}

struct Request {
  AcceleratorConfig config;
  Topology topology;
  std::string out;
  bool functional = true;
  CostTable costs;
  QuantizerConfig quantizer;
  std::uint64_t seed = 1;
};

Request parse_request(const po::variables_map& vm) {
  auto has = [&](const char* name) { return vm.count(name) != 0; };
  auto text = [&](const char* name) { return vm[name].as<std::string>(); };
  Request request;
  if (!has("topology")) throw UsageError("--topology FILE is required");
  if (!has("out")) throw UsageError("--out DIR is required");
  request.out = text("out");
  std::error_code error;
  if (std::filesystem::exists(request.out, error) && !std::filesystem::is_directory(request.out, error)) {
    throw UsageError("--out: '" + request.out + "' exists and is not a directory");
  }
  const std::filesystem::path parent = std::filesystem::absolute(request.out).parent_path();
  if (!std::filesystem::is_directory(parent, error)) {
    throw UsageError("--out: directory '" + parent.string() + "' does not exist");
  }
  if (has("functional")) {
    const std::string functional = text("functional");
    if (functional != "on" && functional != "off") {
      throw UsageError("--functional: expected on or off, got '" + functional + "'");
    }
    request.functional = functional == "on";
  }
  try {
    if (has("scalesim-config")) read_scalesim_config(text("scalesim-config")).apply_to(request.config);
    request.topology = read_topology(text("topology"));
  } catch (const std::invalid_argument& failure) {
    throw UsageError(failure.what());
  }
  parse_hardware_config(vm, request.config);
  if (request.config.mode == SimMode::Cycle && !request.functional) {
    throw UsageError("--mode cycle simulates clock by clock; it needs --functional on");
  }
  if (has("seed")) request.seed = parse_integer_option("seed", text("seed"), 0, ~0ull >> 1);
  try {
    request.quantizer = pe_quantizer(request.config, vm);
  } catch (const UsageError&) {
    throw;
  } catch (const std::invalid_argument& failure) {
    throw UsageError(failure.what());
  }
  request.quantizer.threads = 0;  // large layers: all cores (the result does not depend on it)
  request.costs = CostTable::load(has("cost-table") ? text("cost-table") : CostTable::default_path());
  check_cost_table(request.costs, request.config);
  return request;
}

LayerRecord record_for(const TopologyLayer& layer, const CycleCounts& cycles,
                       const ActivityCounts& activity, const LayerEstimate& estimate,
                       const nlohmann::json& costs) {
  LayerRecord record;
  record.name = layer.name;
  record.m = layer.m;
  record.n = layer.n;
  record.k = layer.k;
  record.cycles = cycles;
  record.activity = activity;
  record.timeline = estimate.timeline;
  record.mapping_efficiency = estimate.mapping_efficiency;
  const nlohmann::json& energy = costs.at("energy_pj");
  record.energy_total_pj = energy.at("total").get<double>();
  record.energy_array_pj = energy.at("array_total").get<double>();
  record.energy_on_chip_pj = energy.at("on_chip_total").get<double>();
  record.energy_dram_pj = energy.at("dram").get<double>();
  record.area_total_um2 = costs.at("area_um2").at("total").get<double>();
  return record;
}

bool same_counts(const SimulationResult& result, const JobEstimate& estimate) {
  const CycleCounts& a = result.cycles;
  const CycleCounts& b = estimate.cycles;
  const ActivityCounts& x = result.activity;
  const ActivityCounts& y = estimate.activity;
  static_assert(sizeof(ActivityCounts) == 17 * sizeof(std::uint64_t), "compare every counter");
  return a.total == b.total && a.compute == b.compute && a.stall == b.stall &&
         std::memcmp(&x, &y, sizeof x) == 0;
}

// The tensor's description without its payload: what the report needs of an estimated layer
// (copying an LLM layer's payload 450 times would cost more than the estimates).
QuantizedMatrix described(const QuantizedMatrix& w) {
  QuantizedMatrix d;
  d.name = w.name;
  d.rows = w.rows;
  d.cols = w.cols;
  d.encoding = w.encoding;
  d.bits = w.bits;
  d.codebook = w.codebook;
  d.rule = w.rule;
  d.threshold = w.threshold;
  d.group_size = w.group_size;
  return d;
}

const char* kUsage =
    "usage: fineq network --topology FILE.csv|FILE.json --out DIR [--functional on|off]\n"
    "         [--scalesim-config FILE.cfg] [accelerator options] [--rule R] [--group G] [--seed S]\n\n";
}  // namespace

int run_network(const Args& args) {
  const po::options_description options = describe_options();
  Request request;
  try {
    po::variables_map vm;
    po::store(parse_options(args, options), vm);
    if (vm.count("help")) {
      std::cout << kUsage << options
                << "\nEvery layer runs on one platform in this process, in topology order. Layers\n"
                   "without a weights file get generated LLM-like weights quantized for the PE\n"
                   "(seeded by --seed or the layer's seed). Reports: COMPUTE_REPORT.csv,\n"
                   "BANDWIDTH_REPORT.csv, DETAILED_ACCESS_REPORT.csv (SCALE-Sim's columns, then\n"
                   "this project's) and network.json. See docs/network.md.\n";
      return 0;
    }
    if (vm.count("config")) store_config_file(vm["config"].as<std::string>(), options, vm);
    po::notify(vm);
    request = parse_request(vm);
  } catch (const std::exception& error) {
    std::cerr << "fineq network: error: " << error.what() << "\n"
              << "(fineq network --help lists the options)\n";
    return 2;
  }

  const AcceleratorConfig& config = request.config;
  const std::vector<TopologyLayer>& layers = request.topology.layers;
  LayerWeightSource weight_source(config, request.quantizer, request.seed, layers);
  // DRAM up to the CSR block: pages cost memory only when touched, and every layer fits.
  std::unique_ptr<Platform> platform =
      request.functional ? std::make_unique<Platform>("platform", kMaxDeviceBytes) : nullptr;

  std::vector<LayerRecord> records;
  nlohmann::json layer_reports = nlohmann::json::array();
  CycleCounts total_cycles;
  ActivityCounts total_activity;
  std::uint64_t mismatched_layers = 0;
  ProgressBar progress(std::cerr, layers.size(), ::isatty(STDERR_FILENO) != 0, "layers");
  const auto started = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const TopologyLayer& layer = layers[i];
    progress.update(i, layer.name);
    SimulationJob job;
    SimulationResult result;
    LayerEstimate estimate;
    std::shared_ptr<const LayerWeights> weights;
    const std::string layer_text = layer.origin + ": layer '" + layer.name + "': ";
    auto fail = [&](const std::string& message) {
      progress.finish();
      std::cerr << "fineq network: " << message << "\nno reports written\n";
      return 1;
    };
    try {
      weights = weight_source.weights_for(i);  // its errors name the layer already
    } catch (const std::exception& error) {
      return fail(error.what());
    }
    try {
      estimate = estimate_layer(config, weights->matrix, layer.m, weights->stats);
    } catch (const std::exception& error) {
      return fail(layer_text + error.what());
    }
    job.config = config;
    job.weights = request.functional ? weights->matrix : described(weights->matrix);
    job.m = layer.m;
    if (request.functional) {
      job.activations = make_llm_like_activations(layer.m, layer.k, weights->seed + 1);
      result = platform->run(job);
      if (!result.completed) return fail(layer_text + result.error_message);
      if (!same_counts(result, estimate.counts)) {
        return fail(layer_text + "the platform's counters differ from the timing contract's "
                                 "estimate (a model bug; please report it)");
      }
      if (!result.bit_exact) ++mismatched_layers;
    } else {
      result.completed = true;
      result.cycles = estimate.counts.cycles;
      result.activity = estimate.counts.activity;
    }
    const nlohmann::json costs = cost_report(config, result.activity, result.cycles, request.costs);
    records.push_back(record_for(layer, result.cycles, result.activity, estimate, costs));
    WorkloadInfo workload{weights->source, job.weights.name, weights->seed};
    nlohmann::json report = simulation_report(job, result, workload);
    report.erase("config");
    report["layer_id"] = i;
    report["name"] = layer.name;
    report["origin"] = layer.origin;
    if (layer.conv) {
      const ConvLayerShape& c = *layer.conv;
      report["conv"] = {{"ifmap_height", c.ifmap_height}, {"ifmap_width", c.ifmap_width},
                        {"filter_height", c.filter_height}, {"filter_width", c.filter_width},
                        {"channels", c.channels},          {"num_filters", c.filters},
                        {"stride_height", c.stride_height}, {"stride_width", c.stride_width},
                        {"padding", c.padding},            {"depthwise", c.depthwise}};
    }
    const LayerRecord& record = records.back();
    report["scalesim"] = {{"overall_util_percent", overall_utilization_percent(config, record)},
                          {"mapping_efficiency_percent", 100.0 * record.mapping_efficiency},
                          {"compute_util_percent", compute_utilization_percent(record)}};
    report["energy_pj"] = costs.at("energy_pj");
    report["efficiency"] = costs.at("efficiency");
    layer_reports.push_back(report);
    total_cycles.total += result.cycles.total;
    total_cycles.compute += result.cycles.compute;
    total_cycles.stall += result.cycles.stall;
    add_activity(total_activity, result.activity);
  }
  progress.finish();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const nlohmann::json total_costs = cost_report(config, total_activity, total_cycles, request.costs);
  SimulationJob config_only;
  config_only.config = config;
  nlohmann::json document;
  document["topology"] = request.topology.name;
  document["functional"] = request.functional;
  document["config"] = simulation_report(config_only, SimulationResult{}, WorkloadInfo{}).at("config");
  document["layers"] = layer_reports;
  document["totals"] = {{"layers", layers.size()},
                        {"cycles", {{"total", total_cycles.total},
                                    {"compute", total_cycles.compute},
                                    {"stall", total_cycles.stall}}},
                        {"macs", total_activity.macs},
                        {"dram_read_bytes", total_activity.dram_read_bytes},
                        {"dram_write_bytes", total_activity.dram_write_bytes},
                        {"bit_exact_layers", request.functional ? layers.size() - mismatched_layers : 0},
                        {"wall_seconds", wall}};
  document["totals"].update(total_costs);

  std::filesystem::create_directories(request.out);
  const std::filesystem::path out(request.out);
  write_text_atomically((out / "COMPUTE_REPORT.csv").string(), compute_report_csv(config, records));
  write_text_atomically((out / "BANDWIDTH_REPORT.csv").string(), bandwidth_report_csv(records));
  write_text_atomically((out / "DETAILED_ACCESS_REPORT.csv").string(), detailed_access_report_csv(records));
  write_text_atomically((out / "network.json").string(), document.dump(2) + "\n");

  std::cout << "network  " << request.topology.name << ": " << layers.size() << " layers, "
            << (request.functional ? "simulated and verified" : "timing-only estimate") << "\n"
            << "cycles   total " << total_cycles.total << ", compute " << total_cycles.compute
            << ", stall " << total_cycles.stall << "\n"
            << "work     " << total_activity.macs << " MACs\n"
            << cost_summary(total_costs);
  if (request.functional) {
    std::cout << "verify   " << layers.size() - mismatched_layers << " of " << layers.size()
              << " layers bit-exact\n";
  }
  std::cout << "wall     " << std::setprecision(3) << wall << " s\n"
            << "wrote    " << request.out << "/{COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv, "
                                            "DETAILED_ACCESS_REPORT.csv, network.json}\n";
  return mismatched_layers == 0 ? 0 : 1;
}

}  // namespace fineq::cli

#include "simulate_options.hpp"

#include <nlohmann/json.hpp>

#include "cluster_codec.hpp"
#include "layer_weights.hpp"
#include "job_error.hpp"
#include "json_file.hpp"
#include "option_values.hpp"
#include "quantizer.hpp"
#include "synthetic.hpp"

namespace fineq::cli {

namespace po = boost::program_options;

po::options_description hardware_options() {
  po::options_description options("accelerator options");
  auto value = [] { return po::value<std::string>(); };
  options.add_options()
      ("rows", value(), "array rows R (along K) [32]")
      ("cols", value(), "array columns C (along N) [32]")
      ("pe", value(), "temporal, int8x4 or int8x8 [temporal]")
      ("window", value(), "temporal PE window policy: fixed or dynamic [fixed]")
      ("memory", value(), "ideal or dram [ideal]")
      ("dram-bytes-per-cycle", value(), "DRAM bandwidth B [16]")
      ("dram-latency", value(), "DRAM latency L in cycles [100]")
      ("decoder-clusters-per-cycle", value(), "FineQ-v1 decoder throughput D [11]")
      ("weight-buffer", value(), "bytes of each half of the weight double buffer [65536]")
      ("activation-buffer", value(), "activation buffer bytes [1048576]")
      ("output-buffer", value(), "output buffer bytes [1048576]")
      ("clock-mhz", value(), "clock for reporting simulated time [1000]")
      ("cost-table", value(), "energy/area cost table, docs/energy-area.md [model/costs/horowitz45nm.json]")
      ("codebook", value(), "default, symmetric or n0,..,n3/o0,..,o7 [default]")
      ("mode", value(), "fast (loosely timed), cycle (clock by clock, can write a VCD) or structural"
                        " (cycle with R x C PE modules wired by signals) [fast]")
      ("pe-model", value(), "structural mode: the PE implementation to instantiate [systemc]");
  return options;
}

po::options_description generated_layer_options() {
  po::options_description options("generated layer options");
  auto value = [] { return po::value<std::string>(); };
  options.add_options()
      ("rule", value(), "FineQ cluster rule of the generated layer: paper or min-error [min-error]")
      ("group", value(), "scale group of the generated layer, 0 = per channel [0];"
                         " temporal: G clusters (3G weights), int8xB: G weights")
      ("seed", value(), "seed of the generated weights and activations [1]");
  return options;
}

po::options_description simulate_options() {
  po::options_description options("fineq simulate options");
  auto value = [] { return po::value<std::string>(); };
  options.add_options()
      ("help,h", "show this help")
      ("print-hierarchy",
       "print the SystemC module tree with its ports, sockets and bindings, then exit")
      ("config", value(), "JSON file with any of the options below as keys (flags override it)")
      ("m", value(), "rows of X (tokens) [16]")
      ("k", value(), "reduction dimension of a generated layer [4096]")
      ("n", value(), "output channels of a generated layer [4096]")
      ("weights", value(), "simulate a tensor of this .fqw file, or a float32 N x K .npy quantized"
                           " for the PE, instead of a generated layer")
      ("tensor", value(), "which tensor of --weights (required if it holds several)")
      ("activations", value(), "X from a .npy: float32 M x K (quantized per token by the host), or"
                               " int8 M x K with --activation-scales; sets M")
      ("activation-scales", value(), "float32 (M,) .npy: the FP32 scales of int8 --activations")
      ("dump", value(), "write X (int8 and scales), the integer weights and their scales, Y and"
                        " the golden Y as .npy into this directory (docs/network.md)")
      ("report", value(), "write the JSON report to this file")
      ("csv", value(), "append one CSV line (header first if the file is new) to this file")
      ("vcd", value(), "cycle/structural mode: write the waveform to this VCD file, and NAME.gtkw"
                       " beside it")
      ("trace-pes", value(), "PEs whose signals the VCD shows, rows r0:r1 and columns c0:c1,"
                             " inclusive [0:3,0:3]")
      ("max-memory", value(), "refuse a job whose estimated memory exceeds this many MB,"
                              " 0 = no check [the memory available now]")
      ("inject-dram-error", value(), "fault injection, ADDR[:N]: DRAM accesses that touch byte"
                                     " ADDR fail after N of them passed [N = 0];"
                                     " docs/fault-injection.md");
  options.add(hardware_options()).add(generated_layer_options());
  return options;
}

// Config file keys are the long option names; values go through the same parsing as flags.
void store_config_file(const std::string& path, const po::options_description& options,
                       po::variables_map& vm) {
  const nlohmann::json config = read_json_file(path, "--config");
  if (!config.is_object()) throw UsageError(path + ": expected a JSON object of option values");
  std::vector<std::string> args;
  for (const auto& [key, value] : config.items()) {
    // Exactly a long option name: Boost's look-up also matches prefixes, and throws
    // "option is ambiguous" for "" (which is every option's prefix).
    const po::option_description* option =
        key.empty() ? nullptr : options.find_nothrow(key, false);
    if (key == "config" || key == "help" || key == "print-hierarchy" || option == nullptr || option->long_name() != key) {
      throw UsageError(path + ": unknown key '" + json_text_excerpt(key) + "'");
    }
    std::string text;
    if (value.is_string() && value.get_ref<const std::string&>().size() > kMaxJsonOptionChars) {
      throw UsageError(path + ": key '" + key + "': expected at most " +
                       std::to_string(kMaxJsonOptionChars) + " characters, got " +
                       std::to_string(value.get_ref<const std::string&>().size()));
    } else if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_number_unsigned() || value.is_number_integer() || value.is_number_float()) {
      text = value.dump();
    } else {
      throw UsageError(path + ": key '" + key + "': expected a string or a number, got " +
                       describe_json_value(value));
    }
    // One token, so that a value such as "--" or "-5" is never read as an option.
    args.push_back("--" + key + "=" + text);
  }
  // Values already stored from the command line win: po::store keeps the first value.
  try {
    po::store(parse_options(args, options), vm);
  } catch (const std::exception& error) {
    throw UsageError(path + ": " + error.what());
  }
}

void parse_hardware_config(const po::variables_map& vm, AcceleratorConfig& config) {
  auto has = [&](const char* name) { return vm.count(name) != 0; };
  auto text = [&](const char* name) { return vm[name].as<std::string>(); };
  auto integer = [&](const char* name, std::uint64_t low, std::uint64_t high) {
    return parse_integer_option(name, text(name), low, high);
  };
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
    if (has("pe-model")) {
      if (config.mode != SimMode::Structural) throw UsageError("--pe-model only applies to --mode structural");
      config.pe_model = text("pe-model");
    }
    if (has("window") && config.pe != PeKind::Temporal) {
      throw UsageError("--window only applies to --pe temporal");
    }
    config.validate();
  } catch (const UsageError&) {
    throw;
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
}

QuantizerConfig pe_quantizer(const AcceleratorConfig& config, const po::variables_map& vm) {
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
  return quantizer;
}

QuantizedMatrix generate_weights(const AcceleratorConfig& config, std::uint32_t n, std::uint32_t k,
                                 std::uint64_t seed, const po::variables_map& vm) {
  const QuantizerConfig quantizer = pe_quantizer(config, vm);
  const std::vector<float> w = make_llm_like_weights(n, k, seed);
  return quantize_matrix("generated", n, k, w.data(), quantizer);
}

QuantizedMatrix pick_fqw_tensor(const std::string& path, const std::string& tensor) {
  try {
    return read_fqw_tensor(path, tensor);
  } catch (const std::invalid_argument& error) {
    throw UsageError((tensor.empty() ? "--weights: " : "--tensor: ") + std::string(error.what()));
  }
}

}  // namespace fineq::cli

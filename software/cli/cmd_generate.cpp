// `fineq generate`: text generation with a llama2.c model, in FP32 or with quantized block
// linear layers in software, or with every linear layer of every step run as a job on the
// SystemC accelerator (weights resident in device memory), checked token for token against
// the software integer path (docs/llm.md).
#include <boost/program_options.hpp>
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "accelerator_linear_layers.hpp"
#include "atomic_file.hpp"
#include "commands.hpp"
#include "cost_report.hpp"
#include "dequantized_linear_layers.hpp"
#include "fp32_linear_layers.hpp"
#include "generation.hpp"
#include "integer_linear_layers.hpp"
#include "option_values.hpp"
#include "tokenizer.hpp"
#include "weight_method.hpp"

namespace fineq::cli {

namespace {
namespace po = boost::program_options;

po::options_description describe_options() {
  po::options_description options("fineq generate options", 100);
  auto text = [](const char* name) { return po::value<std::string>()->value_name(name); };
  options.add_options()
      ("help,h", "show this help")
      ("model", text("FILE"), "llama2.c checkpoint (required)")
      ("tokenizer", text("FILE"), "llama2.c tokenizer.bin: print text, encode --prompt")
      ("prompt", text("TEXT"), "prompt text (needs --tokenizer); BOS is put first")
      ("prompt-tokens", text("LIST"), "prompt as comma-separated token ids; BOS is put first if missing")
      ("steps", text("N"), "tokens to generate; prompt + N - 1 must fit the model's seq_len [32]")
      ("temperature", text("T"), "0 = greedy, else softmax(logits / T) sampling [1]")
      ("seed", text("S"), "sampling seed, > 0 [42]")
      ("method", text("M"), "fp32 or a quantization method as for fineq eval [fp32; with --accelerator: "
                            "fineq-min-error for --pe temporal, rtn4 for int8x4, rtn8 for int8x8]")
      ("path", text("P"), "software path of a quantized method: integer (FINEQ-SPEC section 4) or "
                          "dequantized [integer]")
      ("accelerator", "run every block linear layer on the SystemC accelerator")
      ("pe", text("PE"), "with --accelerator: temporal, int8x4 or int8x8 [temporal]")
      ("mode", text("M"), "with --accelerator: fast or cycle [fast]")
      ("rows", text("R"), "with --accelerator: array rows [32]")
      ("cols", text("C"), "with --accelerator: array columns [32]")
      ("memory", text("M"), "with --accelerator: ideal or dram [ideal]")
      ("cost-table", text("FILE"), "with --accelerator: energy cost table [model/costs/horowitz45nm.json]")
      ("report", text("FILE.json"), "write the JSON report to this file");
  return options;
}

struct Request {
  std::string model, tokenizer, prompt, report, cost_table;
  std::optional<std::vector<std::uint32_t>> prompt_tokens;
  std::uint32_t steps = 32;
  float temperature = 1.0f;
  std::uint64_t seed = 42;
  WeightMethod method{"fp32", std::nullopt};
  bool integer_path = true;
  bool accelerator = false;
  AcceleratorConfig config;
};

std::vector<std::uint32_t> parse_token_list(const std::string& text) {
  std::vector<std::uint32_t> tokens;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    tokens.push_back(static_cast<std::uint32_t>(parse_integer_option("prompt-tokens", item, 0, 0xFFFFFFFFu)));
  }
  if (tokens.empty()) throw UsageError("--prompt-tokens: expected comma-separated token ids");
  return tokens;
}

Request parse_request(const po::variables_map& vm) {
  auto has = [&](const char* name) { return vm.count(name) != 0; };
  auto text = [&](const char* name) { return vm[name].as<std::string>(); };
  Request request;
  if (!has("model")) throw UsageError("--model is required");
  request.model = text("model");
  check_input_path("model", request.model);
  if (has("tokenizer")) {
    request.tokenizer = text("tokenizer");
    check_input_path("tokenizer", request.tokenizer);
  }
  if (has("prompt")) {
    if (!has("tokenizer")) throw UsageError("--prompt needs --tokenizer (or give --prompt-tokens)");
    if (has("prompt-tokens")) throw UsageError("give --prompt or --prompt-tokens, not both");
    request.prompt = text("prompt");
  }
  if (has("prompt-tokens")) request.prompt_tokens = parse_token_list(text("prompt-tokens"));
  if (has("steps")) request.steps = static_cast<std::uint32_t>(parse_integer_option("steps", text("steps"), 1, 1u << 30));
  if (has("temperature")) {
    const double t = parse_real_option("temperature", text("temperature"));
    if (t < 0.0) throw UsageError("--temperature must be >= 0, got " + text("temperature"));
    request.temperature = static_cast<float>(t);
  }
  if (has("seed")) request.seed = parse_integer_option("seed", text("seed"), 1, UINT64_MAX);
  request.accelerator = has("accelerator");
  for (const char* name : {"pe", "mode", "rows", "cols", "memory", "cost-table"}) {
    if (has(name) && !request.accelerator) throw UsageError("--" + std::string(name) + " needs --accelerator");
  }
  AcceleratorConfig& config = request.config;
  try {
    if (has("pe")) config.pe = parse_pe_kind(text("pe"));
    if (has("mode")) config.mode = parse_sim_mode(text("mode"));
    if (has("memory")) config.memory = parse_memory_kind(text("memory"));
    if (has("rows")) config.rows = static_cast<std::uint32_t>(parse_integer_option("rows", text("rows"), 1, 4096));
    if (has("cols")) config.cols = static_cast<std::uint32_t>(parse_integer_option("cols", text("cols"), 1, 4096));
    config.validate();
    const char* by_pe = config.pe == PeKind::Temporal ? "fineq-min-error" : config.pe == PeKind::Int8x4 ? "rtn4" : "rtn8";
    request.method = parse_weight_method(has("method") ? text("method") : request.accelerator ? by_pe : "fp32");
  } catch (const UsageError&) {
    throw;
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  if (request.accelerator && request.method.is_fp32()) {
    throw UsageError("--accelerator needs a quantized --method (the accelerator runs integer weights)");
  }
  if (has("path")) {
    const std::string path = text("path");
    if (path != "integer" && path != "dequantized") {
      throw UsageError("--path: expected integer or dequantized, got '" + path + "'");
    }
    if (request.method.is_fp32()) throw UsageError("--path applies to a quantized --method");
    if (request.accelerator && path != "integer") throw UsageError("--accelerator runs the integer path");
    request.integer_path = path == "integer";
  }
  if (request.accelerator) {
    request.cost_table = has("cost-table") ? text("cost-table") : CostTable::default_path();
  }
  if (has("report")) request.report = output_path_option("report", text("report"));
  return request;
}

// Per token of one run: which forward call produced it and what the device spent on it.
struct TokenCost {
  std::uint32_t position, batch;
  AcceleratorTotals totals;
};

nlohmann::json phase_json(const std::vector<TokenCost>& costs, bool prefill, const AcceleratorConfig& config,
                          const CostTable& table) {
  AcceleratorTotals sum;
  std::uint64_t forwards = 0;
  for (const TokenCost& cost : costs) {
    if ((cost.position == cost.batch) != prefill) continue;  // the prefill's token follows the whole prompt
    ++forwards;
    sum.tokens += cost.totals.tokens;
    sum.jobs += cost.totals.jobs;
    sum.cycles.total += cost.totals.cycles.total;
    sum.cycles.compute += cost.totals.cycles.compute;
    sum.cycles.stall += cost.totals.cycles.stall;
    const ActivityCounts& a = cost.totals.activity;
    sum.activity.macs += a.macs;
    sum.activity.dram_read_bytes += a.dram_read_bytes;
    sum.activity.dram_write_bytes += a.dram_write_bytes;
  }
  if (forwards == 0) return nullptr;
  double energy = 0.0;
  for (const TokenCost& cost : costs) {
    if ((cost.position == cost.batch) != prefill) continue;
    energy += cost_report(config, cost.totals.activity, cost.totals.cycles, table).at("energy_pj").at("total").get<double>();
  }
  const double tokens = static_cast<double>(sum.tokens);
  return {{"forward_calls", forwards},
          {"tokens", sum.tokens},
          {"jobs", sum.jobs},
          {"macs", sum.activity.macs},
          {"cycles", sum.cycles.total},
          {"stall_cycles", sum.cycles.stall},
          {"energy_pj", energy},
          {"dram_read_bytes", sum.activity.dram_read_bytes},
          {"dram_write_bytes", sum.activity.dram_write_bytes},
          {"cycles_per_token", double(sum.cycles.total) / tokens},
          {"energy_pj_per_token", energy / tokens},
          {"dram_bytes_per_token", double(sum.activity.dram_read_bytes + sum.activity.dram_write_bytes) / tokens}};
}

int generate(const Request& request) {
  const Llama2cCheckpoint checkpoint = load_llama2c_checkpoint(request.model);
  const Llama2cConfig& config = checkpoint.config;
  std::optional<Tokenizer> tokenizer;
  if (!request.tokenizer.empty()) tokenizer = Tokenizer::load(request.tokenizer, config.vocab_size);
  std::vector<std::uint32_t> prompt = {kBosToken};
  if (!request.prompt.empty()) prompt = tokenizer->encode(request.prompt, true);
  if (request.prompt_tokens) {
    prompt = *request.prompt_tokens;
    if (prompt.front() != kBosToken) prompt.insert(prompt.begin(), kBosToken);
    for (std::uint32_t id : prompt) {
      if (id >= config.vocab_size) {
        throw std::invalid_argument("--prompt-tokens: id " + std::to_string(id) + " is not below the vocabulary size " +
                                    std::to_string(config.vocab_size));
      }
    }
  }
  if (prompt.size() + request.steps - 1 > config.seq_len) {
    throw std::invalid_argument("--steps " + std::to_string(request.steps) + " with a prompt of " +
                                std::to_string(prompt.size()) + " tokens exceeds the model's seq_len " +
                                std::to_string(config.seq_len));
  }
  std::optional<CostTable> costs;
  if (request.accelerator) {
    costs = CostTable::load(request.cost_table);
    check_cost_table(*costs, request.config);
  }
  std::optional<QuantizedModel> model;
  if (!request.method.is_fp32()) model = quantize_model(checkpoint, *request.method.quantizer);

  std::unique_ptr<LinearLayers> software;
  if (!model) {
    software = std::make_unique<Fp32LinearLayers>(checkpoint);
  } else if (request.integer_path) {
    software = std::make_unique<IntegerLinearLayers>(*model);
  } else {
    software = std::make_unique<DequantizedLinearLayers>(config, *model);
  }
  const std::string path = !model ? "fp32" : request.integer_path ? "integer" : "dequantized";
  std::cout << "fineq generate: " << request.model << ", method " << request.method.label << " (" << path
            << (request.accelerator ? ", on the accelerator: " + std::string(pe_kind_name(request.config.pe)) + " " +
                                          std::to_string(request.config.rows) + "x" + std::to_string(request.config.cols) +
                                          ", " + sim_mode_name(request.config.mode) + " mode"
                                    : std::string())
            << "), prompt " << prompt.size() << " token(s), " << request.steps << " step(s)\n";

  std::uint32_t previous = prompt.back();
  auto print = [&](std::uint32_t token) {
    if (tokenizer) {
      std::cout << tokenizer->decode(previous, token) << std::flush;
    } else {
      std::cout << token << " " << std::flush;
    }
    previous = token;
  };
  auto run = [&](LinearLayers& linears, const std::function<void(const GenerationStep&)>& on_token) {
    Transformer transformer(checkpoint, linears);
    Sampler sampler(request.temperature, request.seed);
    return generate_tokens(transformer, sampler, prompt, request.steps, on_token);
  };
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::uint32_t> tokens = run(*software, request.accelerator ? nullptr : std::function<void(const GenerationStep&)>(
                                                                               [&](const GenerationStep& s) { print(s.token); }));
  const double software_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  nlohmann::json report = {{"model", request.model},
                           {"method", request.method.label},
                           {"path", path},
                           {"prompt_tokens", prompt},
                           {"steps", request.steps},
                           {"temperature", request.temperature},
                           {"seed", request.seed},
                           {"software_seconds", software_seconds}};
  if (model) report["bits_per_weight"] = model->bits_per_weight;
  bool bit_exact = true;
  if (request.accelerator) {
    AcceleratorLinearLayers device(request.config, *model);
    std::vector<TokenCost> per_token;
    const auto device_started = std::chrono::steady_clock::now();
    const std::vector<std::uint32_t> device_tokens = run(device, [&](const GenerationStep& step) {
      print(step.token);
      per_token.push_back({step.position, step.batch_size, device.take_totals()});
    });
    const double device_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - device_started).count();
    bit_exact = device_tokens == tokens;
    nlohmann::json tokens_json = nlohmann::json::array();
    std::uint64_t jobs = 0, weight_bytes = 0;
    for (const TokenCost& cost : per_token) {
      jobs += cost.totals.jobs;
      weight_bytes += cost.totals.weight_bytes_written;
      tokens_json.push_back({{"position", cost.position},
                             {"batch", cost.batch},
                             {"jobs", cost.totals.jobs},
                             {"cycles", cost.totals.cycles.total},
                             {"energy_pj", cost_report(request.config, cost.totals.activity, cost.totals.cycles, *costs)
                                               .at("energy_pj")
                                               .at("total")},
                             {"dram_read_bytes", cost.totals.activity.dram_read_bytes},
                             {"dram_write_bytes", cost.totals.activity.dram_write_bytes}});
    }
    report["accelerator"] = {{"pe", pe_kind_name(request.config.pe)},
                             {"rows", request.config.rows},
                             {"cols", request.config.cols},
                             {"mode", sim_mode_name(request.config.mode)},
                             {"memory", memory_kind_name(request.config.memory)},
                             {"cost_table", request.cost_table},
                             {"jobs", jobs},
                             {"every_job_bit_exact", true},  // a mismatching job throws
                             {"resident_weight_bytes", device.resident_weight_bytes()},
                             {"weight_bytes_written", weight_bytes},
                             {"wall_seconds", device_seconds},
                             {"prefill", phase_json(per_token, true, request.config, *costs)},
                             {"decode", phase_json(per_token, false, request.config, *costs)},
                             {"per_token", tokens_json}};
    report["bit_exact_vs_software"] = bit_exact;
    report["software_tokens"] = tokens;
    tokens = device_tokens;
  }
  std::cout << "\n";
  report["tokens"] = tokens;
  if (tokenizer) {
    std::string text;
    std::uint32_t before = prompt.back();
    for (std::uint32_t token : tokens) {
      text += tokenizer->decode(before, token);
      before = token;
    }
    report["text"] = text;
  }
  std::cout << tokens.size() << " token(s)";
  if (request.accelerator) {
    const nlohmann::json& a = report["accelerator"];
    std::cout << ", " << a["jobs"] << " accelerator jobs, every Y == golden_gemm; tokens "
              << (bit_exact ? "identical to" : "DIFFERENT from") << " the software integer path";
    if (!a["decode"].is_null()) {
      std::cout << "\ndecode: " << a["decode"]["cycles_per_token"].get<double>() << " cycles/token, "
                << a["decode"]["energy_pj_per_token"].get<double>() * 1e-6 << " uJ/token, "
                << a["decode"]["dram_bytes_per_token"].get<double>() << " DRAM bytes/token";
    }
    std::cout << "\naccelerator wall time " << a["wall_seconds"].get<double>() << " s";
  }
  std::cout << "\n";
  if (!request.report.empty()) {
    write_text_atomically(request.report, report.dump(2) + "\n");
    std::cout << "wrote " << request.report << "\n";
  }
  return bit_exact ? 0 : 1;
}
}  // namespace

int run_generate(const Args& args) {
  const po::options_description options = describe_options();
  Request request;
  try {
    po::variables_map vm;
    po::store(parse_options(args, options), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << "usage: fineq generate --model FILE [--tokenizer FILE] [--prompt TEXT | --prompt-tokens LIST]\n"
                   "         [--steps N] [--temperature T] [--seed S] [--method M [--path integer|dequantized]]\n"
                   "         [--accelerator [--pe temporal|int8x4|int8x8] [--mode fast|cycle]] [--report FILE.json]\n\n"
                << options << "\nSee docs/llm.md.\n";
      return 0;
    }
    request = parse_request(vm);
  } catch (const std::exception& error) {
    std::cerr << "fineq generate: error: " << error.what() << "\n(fineq generate --help lists the options)\n";
    return 2;
  }
  return generate(request);
}

}  // namespace fineq::cli

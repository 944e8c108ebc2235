// `fineq`: one binary with subcommands.
#include <cstring>
#include <exception>
#include <functional>
#include <iostream>
#include <map>

#include "commands.hpp"

namespace {
struct Command {
  std::function<int(const fineq::cli::Args&)> run;
  const char* summary;
};

const std::map<std::string, Command>& commands() {
  static const std::map<std::string, Command> table = {
      {"quantize", {fineq::cli::run_quantize, "quantize a model's weights, write .fqw and a report"}},
      {"generate", {fineq::cli::run_generate, "generate text with a llama2.c model, in software or on the accelerator"}},
      {"inspect", {fineq::cli::run_inspect, "print a .fqw file's header and statistics"}},
      {"simulate", {fineq::cli::run_simulate, "run a GEMM on the SystemC accelerator model"}},
      {"eval", {fineq::cli::run_eval, "perplexity, KL and top-1 agreement of a quantized llama2.c model"}},
      {"sweep", {fineq::cli::run_sweep, "run a parameter sweep of simulate/quantize points in parallel"}},
  };
  return table;
}

void usage(std::ostream& out) {
  out << "usage: fineq <command> [options]   (fineq <command> --help for its options)\n\n";
  for (const auto& [name, command] : commands()) {
    out << "  " << name << std::string(10 - name.size(), ' ') << command.summary << "\n";
  }
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    usage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? 2 : 0;
  }
  const auto found = commands().find(argv[1]);
  if (found == commands().end()) {
    std::cerr << "fineq: unknown command '" << argv[1] << "'\n";
    usage(std::cerr);
    return 2;
  }
  try {
    return found->second.run(fineq::cli::Args(argv + 2, argv + argc));
  } catch (const std::exception& error) {
    std::cerr << "fineq " << argv[1] << ": error: " << error.what() << "\n";
    return 1;
  }
}

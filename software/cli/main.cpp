// `fineq`: one binary with subcommands.
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <iostream>
#include <map>

#include <unistd.h>

#include "commands.hpp"
#include "live_temporaries.hpp"
#include "standard_output.hpp"
#ifdef FINEQ_HAVE_RTL_PES
#include "rtl_pe_models.hpp"
#endif

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
      {"network", {fineq::cli::run_network, "run every layer of a topology (SCALE-Sim CSV or JSON), SCALE-Sim-style reports"}},
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

namespace {
int dispatch(int argc, char** argv) {
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
#ifdef FINEQ_HAVE_RTL_PES
    fineq::register_rtl_pe_models();  // --pe-model rtl
#endif
    return found->second.run(fineq::cli::Args(argv + 2, argv + argc));
  } catch (const std::exception& error) {
    std::cerr << "fineq " << argv[1] << ": error: " << error.what() << "\n";
    return 1;
  }
}
}  // namespace

int main(int argc, char** argv) {
  fineq::remove_live_temporaries_on_fatal_signals();
  // Into a file or pipe, stdout is written when full or at exit: a buffer larger than any
  // help text or report summary means a write error surfaces at the final flush, where its
  // cause (errno) can still be reported.
  static char stdout_buffer[1 << 16];
  if (::isatty(STDOUT_FILENO) == 0) std::setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
  int status = dispatch(argc, argv);
  // Whatever failed on the way (an error caught far from its owner): no temporary outlives us.
  fineq::remove_live_temporaries();
  const std::string problem = fineq::cli::flush_standard_output();
  if (!problem.empty()) {
    const bool command = argc >= 2 && commands().count(argv[1]) != 0;
    std::cerr << "fineq" << (command ? std::string(" ") + argv[1] : std::string())
              << ": error: cannot write standard output: " << problem << "\n";
    if (status == 0) status = 1;
  }
  return status;
}

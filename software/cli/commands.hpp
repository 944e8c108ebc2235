#pragma once
// Subcommands of the `fineq` tool. Each takes the arguments after its name and returns
// the process exit status; errors are reported on stderr with what was expected.
#include <string>
#include <vector>

namespace fineq::cli {

using Args = std::vector<std::string>;

int run_quantize(const Args& args);
int run_inspect(const Args& args);
int run_simulate(const Args& args);
int run_sweep(const Args& args);
int run_eval(const Args& args);
int run_generate(const Args& args);

}  // namespace fineq::cli

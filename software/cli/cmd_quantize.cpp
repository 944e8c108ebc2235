// TEMPORARY placeholder until the quantize subcommand lands.
#include <iostream>

#include "commands.hpp"

namespace fineq::cli {
int run_quantize(const Args&) {
  std::cerr << "fineq quantize: not implemented yet\n";
  return 1;
}
}  // namespace fineq::cli

// TEMPORARY placeholder until the simulate subcommand lands.
#include <iostream>

#include "commands.hpp"

namespace fineq::cli {
int run_simulate(const Args&) {
  std::cerr << "fineq simulate: not implemented yet\n";
  return 1;
}
}  // namespace fineq::cli

// TEMPORARY placeholder until the inspect subcommand lands.
#include <iostream>

#include "commands.hpp"

namespace fineq::cli {
int run_inspect(const Args&) {
  std::cerr << "fineq inspect: not implemented yet\n";
  return 1;
}
}  // namespace fineq::cli

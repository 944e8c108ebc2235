#pragma once
// A command's output on stdout is part of its result: `fineq inspect F > /dev/full` must fail.
// main() calls this once after every subcommand (and --help), so new subcommands get it free.
#include <string>

namespace fineq::cli {

// Flushes std::cout and stdout; returns "" if everything written so far reached the file
// descriptor, else the cause (e.g. "No space left on device").
std::string flush_standard_output();

}  // namespace fineq::cli

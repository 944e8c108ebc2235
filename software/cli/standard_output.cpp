#include "standard_output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace fineq::cli {

std::string flush_standard_output() {
  errno = 0;
  std::cout.flush();
  const bool stream_ok = static_cast<bool>(std::cout);
  const bool stdio_ok = std::fflush(stdout) == 0 && std::ferror(stdout) == 0;
  if (stream_ok && stdio_ok) return "";
  // ferror() is sticky: an earlier failed write may have left no errno behind.
  return errno != 0 ? std::strerror(errno) : "write error";
}

}  // namespace fineq::cli

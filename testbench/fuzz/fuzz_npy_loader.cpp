// .npy loader: header dictionary parser, shape and data-size checks, value checks.
#include <stdexcept>

#include "fuzz_input_file.hpp"
#include "weight_loaders.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fineq::fuzz::FuzzInputFile file("matrix.npy");
  file.write(data, size);
  try {
    fineq::load_weight_matrices(file.path(), "npy");
  } catch (const std::runtime_error& error) {
    fineq::fuzz::require_message_names(error, file.path());
  }
  return 0;
}

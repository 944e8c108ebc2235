// llama2.c checkpoint loader: refuses bad headers, sizes and values with a message naming
// the file, and never allocates more than the header-implied size it has checked.
#include <stdexcept>

#include "fuzz_input_file.hpp"
#include "weight_loaders.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fineq::fuzz::FuzzInputFile file("checkpoint.bin");
  file.write(data, size);
  try {
    fineq::load_weight_matrices(file.path(), "llama2c");
  } catch (const std::runtime_error& error) {
    fineq::fuzz::require_message_names(error, file.path());
  }
  return 0;
}

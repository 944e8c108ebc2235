// Raw float32 loader: the first two bytes choose the shape the caller gives (0 included),
// the rest is the file.
#include <stdexcept>

#include "fuzz_input_file.hpp"
#include "weight_loaders.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fineq::fuzz::FuzzInputFile file("matrix.f32");
  if (size < 2) return 0;
  const std::uint32_t rows = data[0], cols = data[1];
  file.write(data + 2, size - 2);
  try {
    fineq::load_weight_matrices(file.path(), "raw", rows, cols);
  } catch (const std::runtime_error& error) {
    fineq::fuzz::require_message_names(error, file.path());
  }
  return 0;
}

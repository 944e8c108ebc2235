// .fqw reader: any byte string is either refused with a message naming the source, or read
// into tensors that decode, and that write back and read again to the same bytes.
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>

#include "fqw_file.hpp"
#include "fuzz_input_file.hpp"

namespace {

std::string serialize(const std::vector<fineq::QuantizedMatrix>& tensors) {
  std::ostringstream out;
  fineq::write_fqw(out, tensors);
  return out.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string source = "fuzz-input.fqw";
  std::vector<fineq::QuantizedMatrix> tensors;
  try {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    tensors = fineq::read_fqw(in, source);
  } catch (const std::runtime_error& error) {
    fineq::fuzz::require_message_names(error, source);
    return 0;
  }
  for (const fineq::QuantizedMatrix& tensor : tensors) {
    tensor.decode_all();
    tensor.dequantize();
  }
  // A file the reader accepted is valid, so the writer must accept its tensors.
  const std::string written = serialize(tensors);
  std::istringstream again(written);
  if (serialize(fineq::read_fqw(again, "rewritten")) != written) {
    std::fprintf(stderr, "fuzz: write(read(write(tensors))) differs from write(tensors)\n");
    std::abort();
  }
  return 0;
}

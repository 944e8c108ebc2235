// .fqw reader: any byte string is either refused with a message naming the source, or read
// into tensors that decode, and that write back and read again to the same bytes.
// An input whose first byte is odd is a file after that byte whose CRCs the target
// recomputes first (docs/format.md: header, each record's descriptor and data): random
// mutations almost never keep a CRC right, and would otherwise never reach the checks behind it.
#include <boost/crc.hpp>
#include <cstdio>
#include <cstring>
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

void store_crc(std::string& bytes, std::uint64_t first, std::uint64_t end, std::uint64_t at) {
  boost::crc_32_type crc;
  crc.process_bytes(bytes.data() + first, end - first);
  const std::uint32_t value = crc.checksum();
  std::memcpy(&bytes[at], &value, 4);  // little-endian host, as the format
}

template <typename T>
T field(const std::string& bytes, std::uint64_t at) {
  T value;
  std::memcpy(&value, bytes.data() + at, sizeof value);
  return value;
}

// Recomputes every CRC whose place and range lie inside the file.
void fix_crcs(std::string& bytes) {
  if (bytes.size() < 32) return;
  store_crc(bytes, 0, 28, 28);
  std::uint64_t record = 32;
  while (record + 64 <= bytes.size()) {
    const auto length = field<std::uint64_t>(bytes, record);
    const std::uint64_t name_end = record + 64 + field<std::uint16_t>(bytes, record + 8);
    if (name_end + 4 > bytes.size()) return;
    store_crc(bytes, record, name_end, name_end);
    if (length > bytes.size() - record || length < name_end - record + 8) return;
    const std::uint64_t end = record + length;
    store_crc(bytes, name_end + 4, end - 4, end - 4);
    record = end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string source = "fuzz-input.fqw";
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (size > 0 && data[0] % 2 == 1) {
    bytes.erase(0, 1);
    fix_crcs(bytes);
  }
  std::vector<fineq::QuantizedMatrix> tensors;
  try {
    std::istringstream in(bytes);
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

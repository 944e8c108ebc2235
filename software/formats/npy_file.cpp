#include "npy_file.hpp"

#include <cctype>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <stdexcept>

#include "atomic_file.hpp"
#include "binary_reader.hpp"

namespace fineq {

namespace {
// numpy itself refuses headers above 10000 bytes by default; this leaves room but bounds
// what a corrupt length field can make us read.
constexpr std::uint32_t kMaxHeaderBytes = 1u << 20;

// The Python dict literal of a .npy header, e.g.
// {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
struct NpyHeader {
  std::string descr;
  bool fortran_order = false;
  std::vector<std::uint64_t> shape;
};

class HeaderParser {
 public:
  HeaderParser(const std::string& text, const BinaryReader& reader) : text_(text), reader_(reader) {}

  NpyHeader parse() {
    NpyHeader header;
    std::map<std::string, bool> seen;
    expect('{');
    while (!consume('}')) {
      const std::string key = string_literal();
      if (seen[key]) fail("key '" + key + "' appears twice");
      seen[key] = true;
      expect(':');
      if (key == "descr") {
        header.descr = string_literal();
      } else if (key == "fortran_order") {
        header.fortran_order = boolean();
      } else if (key == "shape") {
        header.shape = tuple();
      } else {
        fail("unexpected key '" + key + "' (expected descr, fortran_order, shape)");
      }
      if (!consume(',')) {
        expect('}');
        break;
      }
    }
    skip_space();
    if (position_ != text_.size()) fail("unexpected text after the dictionary");
    for (const char* key : {"descr", "fortran_order", "shape"}) {
      if (!seen[key]) fail(std::string("key '") + key + "' is missing");
    }
    return header;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    reader_.fail("header: " + what + " (header text: " + text_ + ")");
  }
  void skip_space() {
    while (position_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[position_]))) {
      ++position_;
    }
  }
  bool consume(char c) {
    skip_space();
    if (position_ < text_.size() && text_[position_] == c) {
      ++position_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!consume(c)) fail(std::string("expected '") + c + "' at character " + std::to_string(position_));
  }
  std::string string_literal() {
    skip_space();
    if (position_ >= text_.size() || (text_[position_] != '\'' && text_[position_] != '"')) {
      fail("expected a quoted string at character " + std::to_string(position_));
    }
    const char quote = text_[position_++];
    const std::size_t end = text_.find(quote, position_);
    if (end == std::string::npos) fail("unterminated string");
    std::string value = text_.substr(position_, end - position_);
    position_ = end + 1;
    return value;
  }
  bool boolean() {
    skip_space();
    for (const auto& [word, value] : {std::pair<const char*, bool>{"True", true}, {"False", false}}) {
      if (text_.compare(position_, std::strlen(word), word) == 0) {
        position_ += std::strlen(word);
        return value;
      }
    }
    fail("fortran_order must be True or False");
  }
  std::vector<std::uint64_t> tuple() {
    std::vector<std::uint64_t> values;
    expect('(');
    while (!consume(')')) {
      skip_space();
      std::uint64_t value = 0;
      const std::size_t start = position_;
      while (position_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[position_]))) {
        const unsigned digit = static_cast<unsigned>(text_[position_++] - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) fail("shape entry too large");
        value = value * 10 + digit;
      }
      if (position_ == start) fail("shape entries must be non-negative integers");
      if (position_ < text_.size() && text_[position_] == 'L') ++position_;  // Python 2 long
      values.push_back(value);
      if (!consume(',')) {
        expect(')');
        break;
      }
    }
    return values;
  }

  const std::string& text_;
  const BinaryReader& reader_;
  std::size_t position_ = 0;
};

std::string shape_text(const std::vector<std::uint64_t>& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + ")";
}
}  // namespace

namespace {
// A whole .npy file: header fields and the data bytes in C order (a Fortran-order 2-D array
// is transposed on reading), the element size checked against descr and the shape.
struct NpyData {
  NpyHeader header;
  std::vector<std::uint8_t> bytes;
};

std::size_t element_size(const std::string& descr) {
  if (descr == "<f4") return 4;
  if (descr == "|i1" || descr == "<i1" || descr == "i1") return 1;
  return 0;
}

NpyData read_npy(const std::string& path, const std::vector<std::string>& accepted_descr,
                 const std::string& expected_dtype, const std::vector<std::size_t>& accepted_ranks) {
  std::ifstream in = open_binary_input(path);
  const std::uint64_t size = bytes_until_end(in);
  BinaryReader reader(in, size, path);
  char magic[6];
  reader.read(magic, sizeof magic, "magic");
  if (std::memcmp(magic, "\x93NUMPY", sizeof magic) != 0) {
    reader.fail("not a NumPy .npy file (magic \\x93NUMPY missing)");
  }
  const std::uint8_t major = reader.u8("version");
  const std::uint8_t minor = reader.u8("version");
  if (major < 1 || major > 3 || minor != 0) {
    reader.fail("unsupported .npy format version " + std::to_string(major) + "." +
                std::to_string(minor) + " (expected 1.0, 2.0 or 3.0)");
  }
  const std::uint32_t header_length = major == 1 ? reader.u16("header length") : reader.u32("header length");
  if (header_length > kMaxHeaderBytes) {
    reader.fail("header length " + std::to_string(header_length) + " exceeds the limit of " +
                std::to_string(kMaxHeaderBytes) + " bytes");
  }
  const std::vector<std::uint8_t> header_bytes = reader.bytes(header_length, "header");
  const std::string header_text(header_bytes.begin(), header_bytes.end());
  NpyData data;
  data.header = HeaderParser(header_text, reader).parse();
  const NpyHeader& header = data.header;

  bool accepted = false;
  for (const std::string& descr : accepted_descr) accepted = accepted || header.descr == descr;
  if (!accepted) {
    reader.fail("dtype '" + header.descr + "' is not supported; expected " + expected_dtype);
  }
  bool rank_ok = false;
  std::string ranks;
  for (std::size_t rank : accepted_ranks) {
    rank_ok = rank_ok || header.shape.size() == rank;
    ranks += (ranks.empty() ? "" : " or ") + std::to_string(rank) + "-D";
  }
  if (!rank_ok) reader.fail("expected a " + ranks + " array, got shape " + shape_text(header.shape));
  std::uint64_t count = 1;
  for (std::uint64_t d : header.shape) {
    if (d == 0 || d > std::numeric_limits<std::uint32_t>::max()) {
      reader.fail("shape " + shape_text(header.shape) + ": each dimension must be 1..2^32-1");
    }
    count *= d;
  }
  const std::size_t element = element_size(header.descr);
  if (reader.remaining() != count * element) {
    reader.fail("shape " + shape_text(header.shape) + " needs " + std::to_string(count * element) +
                " data bytes, the file has " + std::to_string(reader.remaining()));
  }
  std::vector<std::uint8_t> stored = reader.bytes(count * element, "data");
  if (header.fortran_order && header.shape.size() == 2) {
    // Column-major on disk: element (r, c) is at c * rows + r.
    const std::uint64_t rows = header.shape[0];
    const std::uint64_t cols = header.shape[1];
    data.bytes.resize(stored.size());
    for (std::uint64_t c = 0; c < cols; ++c) {
      for (std::uint64_t r = 0; r < rows; ++r) {
        std::memcpy(&data.bytes[(r * cols + c) * element], &stored[(c * rows + r) * element], element);
      }
    }
  } else {
    data.bytes = std::move(stored);
  }
  return data;
}

std::vector<float> floats_of(const std::vector<std::uint8_t>& bytes) {
  std::vector<float> values(bytes.size() / 4);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::uint32_t bits = std::uint32_t{bytes[4 * i]} | std::uint32_t{bytes[4 * i + 1]} << 8 |
                               std::uint32_t{bytes[4 * i + 2]} << 16 | std::uint32_t{bytes[4 * i + 3]} << 24;
    std::memcpy(&values[i], &bits, 4);
  }
  return values;
}

const char* kFloat32 = "little-endian float32 '<f4' (convert with array.astype('<f4'))";
}  // namespace

FloatMatrix load_npy_matrix(const std::string& path) {
  const NpyData data = read_npy(path, {"<f4"}, kFloat32, {2});
  FloatMatrix matrix{std::filesystem::path(path).stem().string(),
                     static_cast<std::uint32_t>(data.header.shape[0]),
                     static_cast<std::uint32_t>(data.header.shape[1]), floats_of(data.bytes)};
  require_finite(matrix, path);
  return matrix;
}

Int8Matrix load_npy_int8_matrix(const std::string& path) {
  const NpyData data = read_npy(path, {"|i1", "<i1", "i1"}, "int8 '|i1' (array.astype('int8'))", {2});
  Int8Matrix matrix;
  matrix.rows = static_cast<std::uint32_t>(data.header.shape[0]);
  matrix.cols = static_cast<std::uint32_t>(data.header.shape[1]);
  matrix.values.assign(data.bytes.begin(), data.bytes.end());
  return matrix;
}

std::vector<float> load_npy_vector(const std::string& path) {
  const NpyData data = read_npy(path, {"<f4"}, kFloat32, {1, 2});
  if (data.header.shape.size() == 2 && data.header.shape[1] != 1) {
    throw std::runtime_error(path + ": expected shape (M,) or (M, 1), got " + shape_text(data.header.shape));
  }
  std::vector<float> values = floats_of(data.bytes);
  require_finite(path, std::filesystem::path(path).stem().string(), values, {values.size()});
  return values;
}

void write_npy(const std::string& path, const std::string& descr,
               const std::vector<std::uint64_t>& shape, const void* data, std::uint64_t bytes) {
  // Python's tuple syntax: (3,) for one dimension, (3, 4) for two.
  const std::string shape_tuple =
      shape.size() == 1 ? "(" + std::to_string(shape[0]) + ",)" : shape_text(shape);
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape_tuple + ", }";
  // Magic (6) + version (2) + length (2) + header + newline: a multiple of 64 bytes.
  const std::size_t unpadded = 10 + header.size() + 1;
  header += std::string((64 - unpadded % 64) % 64, ' ') + "\n";
  if (header.size() > 0xFFFF) throw std::invalid_argument(path + ": .npy header too long");
  write_file_atomically(
      path,
      [&](std::ostream& out) {
        out.write("\x93NUMPY\x01\x00", 8);
        const char length[2] = {static_cast<char>(header.size() & 0xFF), static_cast<char>(header.size() >> 8)};
        out.write(length, 2);
        out << header;
        out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
      });
}

}  // namespace fineq

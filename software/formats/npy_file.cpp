#include "npy_file.hpp"

#include <cctype>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <stdexcept>

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

FloatMatrix load_npy_matrix(const std::string& path) {
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
  const NpyHeader header = HeaderParser(header_text, reader).parse();

  if (header.descr != "<f4") {
    reader.fail("dtype '" + header.descr + "' is not supported; expected little-endian float32 "
                "'<f4' (convert with array.astype('<f4'))");
  }
  if (header.shape.size() != 2) {
    reader.fail("expected a 2-D array, got shape " + shape_text(header.shape));
  }
  for (std::uint64_t d : header.shape) {
    if (d == 0 || d > std::numeric_limits<std::uint32_t>::max()) {
      reader.fail("shape " + shape_text(header.shape) + ": each dimension must be 1..2^32-1");
    }
  }
  const auto rows = static_cast<std::uint32_t>(header.shape[0]);
  const auto cols = static_cast<std::uint32_t>(header.shape[1]);
  const std::uint64_t count = static_cast<std::uint64_t>(rows) * cols;
  if (reader.remaining() != count * sizeof(float)) {
    reader.fail("shape " + shape_text(header.shape) + " needs " +
                std::to_string(count * sizeof(float)) + " data bytes, the file has " +
                std::to_string(reader.remaining()));
  }
  std::vector<float> stored = reader.f32_array(count, "data");
  FloatMatrix matrix{std::filesystem::path(path).stem().string(), rows, cols, {}};
  if (header.fortran_order) {
    // Column-major on disk: element (r, c) is at c * rows + r.
    matrix.values.resize(count);
    for (std::uint32_t c = 0; c < cols; ++c) {
      for (std::uint32_t r = 0; r < rows; ++r) {
        matrix.values[static_cast<std::size_t>(r) * cols + c] = stored[static_cast<std::size_t>(c) * rows + r];
      }
    }
  } else {
    matrix.values = std::move(stored);
  }
  require_finite(matrix, path);
  return matrix;
}

}  // namespace fineq

#include "fqw_file.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <boost/crc.hpp>

#include "atomic_file.hpp"
#include "binary_reader.hpp"
#include "utf8.hpp"

namespace fineq {

namespace {
// Layout constants; docs/format.md is the normative description.
constexpr char kMagic[8] = {'F', 'I', 'N', 'E', 'Q', 'F', 'Q', 'W'};
constexpr std::uint64_t kFileHeaderBytes = 32;
constexpr std::uint64_t kDescriptorFixedBytes = 64;
constexpr std::uint64_t kChecksumBytes = 4;
constexpr std::uint32_t kMaxNameBytes = 1024;
// Smallest possible record: fixed descriptor, 1-byte name, two checksums, 1 scale, 1 payload byte.
constexpr std::uint64_t kMinRecordBytes = kDescriptorFixedBytes + 1 + 2 * kChecksumBytes + 2 + 1;

std::string hex32(std::uint32_t value) {
  std::ostringstream text;
  text << "0x" << std::hex << value;
  return text.str();
}

// Rules of the container beyond QuantizedMatrix::validate(); the writer and the reader apply
// the same ones, so every file the writer produces reads back and nothing else does.
void check_container_rules(const QuantizedMatrix& m) {
  m.validate();
  auto fail = [&m](const std::string& what) {
    throw std::invalid_argument("tensor '" + m.name + "': " + what);
  };
  if (m.name.empty() || m.name.size() > kMaxNameBytes) {
    fail("name must be 1.." + std::to_string(kMaxNameBytes) + " bytes, got " +
         std::to_string(m.name.size()));
  }
  for (unsigned char c : m.name) {
    if (c < 0x20 || c == 0x7F) fail("name contains control character " + hex32(c));
  }
  if (const std::size_t bad = first_invalid_utf8_byte(m.name); bad != std::string::npos) {
    fail("name is not valid UTF-8 (byte " + hex32(static_cast<unsigned char>(m.name[bad])) +
         " at offset " + std::to_string(bad) + ")");
  }
  if (!std::isfinite(m.threshold)) fail("field threshold must be finite");
  if (m.fp16_values.size() > 0xFFFFFFFFu) fail("more than 2^32 - 1 FP16 values do not fit the descriptor");
  // Codebooks the rest of the project can express: distinct values ascending in code order.
  Codebook canonical{};
  try {
    canonical = Codebook::from_values(m.codebook.normal_ascending(), m.codebook.outlier_ascending());
  } catch (const std::invalid_argument& error) {
    fail(error.what());
  }
  if (canonical != m.codebook) {
    fail("codebook values must ascend in two's-complement code order (see docs/format.md)");
  }
  if (m.encoding == Encoding::FineQV1) return;
  // Canonical packing: unused bits at the end of each row are zero.
  const std::uint32_t used_bits = static_cast<std::uint32_t>(
      (static_cast<std::uint64_t>(m.cols) * m.bits) % 8);
  if (used_bits != 0) {
    const auto unused_mask = static_cast<std::uint8_t>(0xFFu << used_bits);
    for (std::uint32_t row = 0; row < m.rows; ++row) {
      const std::uint8_t last = m.payload[(static_cast<std::size_t>(row) + 1) * m.row_bytes() - 1];
      if ((last & unused_mask) != 0) {
        fail("payload row " + std::to_string(row) + ": padding bits after column K-1 must be zero");
      }
    }
  }
  if (m.fp16_columns.empty()) return;
  // decode_row() reads FP16 columns as their IntB codes, which must therefore be zero.
  std::vector<std::int8_t> row_values(m.cols);
  for (std::uint32_t row = 0; row < m.rows; ++row) {
    m.decode_row(row, row_values.data());
    for (std::uint32_t column : m.fp16_columns) {
      if (row_values[column] != 0) {
        fail("payload row " + std::to_string(row) + ": the IntB code of FP16 column " +
             std::to_string(column) + " must be zero");
      }
    }
  }
}

std::uint64_t data_bytes(const QuantizedMatrix& m) {
  return 2 * m.scales.size() + m.payload.size() + 4 * m.fp16_columns.size() +
         2 * m.fp16_values.size();
}

class LittleEndianBuffer {
 public:
  template <typename T>
  void put(T value) {
    static_assert(std::is_integral<T>::value, "integers only");
    using U = std::make_unsigned_t<T>;
    const auto bits = static_cast<U>(value);
    for (std::size_t i = 0; i < sizeof(T); ++i) bytes_.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
  }
  void put_f32(float value) {
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    put(bits);
  }
  void put_bytes(const void* data, std::size_t count) {
    bytes_.append(static_cast<const char*>(data), count);
  }
  template <typename T>
  void put_all(const std::vector<T>& values) {
    for (T value : values) put(value);
  }
  // Appends the CRC-32 of the bytes from `start` to the end.
  void put_checksum_since(std::size_t start) {
    boost::crc_32_type crc;
    crc.process_bytes(bytes_.data() + start, bytes_.size() - start);
    put(static_cast<std::uint32_t>(crc.checksum()));
  }
  std::size_t size() const { return bytes_.size(); }
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

std::string encode_record(const QuantizedMatrix& m) {
  LittleEndianBuffer out;
  const std::uint64_t record_length =
      kDescriptorFixedBytes + m.name.size() + kChecksumBytes + data_bytes(m) + kChecksumBytes;
  out.put(record_length);
  out.put(static_cast<std::uint16_t>(m.name.size()));
  out.put(static_cast<std::uint8_t>(m.encoding));
  out.put(m.bits);
  out.put(m.rows);
  out.put(m.cols);
  out.put(static_cast<std::uint8_t>(m.rule));
  out.put_bytes("\0\0\0", 3);  // reserved
  out.put_f32(m.threshold);
  out.put(m.group_size);
  for (std::int8_t value : m.codebook.normal) out.put(value);
  for (std::int8_t value : m.codebook.outlier) out.put(value);
  // binary+fp16 has no FP16 columns; the field counts its FP16 values instead.
  out.put(static_cast<std::uint32_t>(m.encoding == Encoding::BinaryWithFp16 ? m.fp16_values.size()
                                                                            : m.fp16_columns.size()));
  out.put(static_cast<std::uint64_t>(m.scales.size()));
  out.put(static_cast<std::uint64_t>(m.payload.size()));
  out.put_bytes(m.name.data(), m.name.size());
  out.put_checksum_since(0);
  const std::size_t data_start = out.size();
  out.put_all(m.scales);
  out.put_bytes(m.payload.data(), m.payload.size());
  out.put_all(m.fp16_columns);
  out.put_all(m.fp16_values);
  out.put_checksum_since(data_start);
  return out.bytes();
}

std::string encode_file_header(std::uint32_t tensor_count, std::uint64_t file_length) {
  LittleEndianBuffer out;
  out.put_bytes(kMagic, sizeof kMagic);
  out.put(kFqwVersion);
  out.put(tensor_count);
  out.put(file_length);
  out.put(std::uint32_t{0});  // flags
  out.put_checksum_since(0);
  return out.bytes();
}

void check_all(const std::vector<QuantizedMatrix>& tensors) {
  if (tensors.empty()) throw std::invalid_argument("a .fqw file needs at least one tensor");
  if (tensors.size() > UINT32_MAX) throw std::invalid_argument("too many tensors for a .fqw file");
  std::map<std::string, std::size_t> first_index;
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    check_container_rules(tensors[i]);
    const auto [found, inserted] = first_index.emplace(tensors[i].name, i);
    if (!inserted) {
      throw std::invalid_argument("tensor " + std::to_string(i) + " '" + tensors[i].name +
                                  "': duplicate name (also tensor " +
                                  std::to_string(found->second) + ")");
    }
  }
}

// --- reading ---------------------------------------------------------------------------

struct Descriptor {
  std::uint64_t record_length = 0;
  std::uint32_t fp16_column_count = 0;
  std::uint64_t scale_count = 0;
  std::uint64_t payload_length = 0;
};

void read_file_header(BinaryReader& reader, std::uint64_t file_size, std::uint32_t& tensor_count) {
  reader.restart_checksum();
  char magic[sizeof kMagic];
  reader.read(magic, sizeof magic, "header field magic");
  if (std::memcmp(magic, kMagic, sizeof kMagic) != 0) {
    reader.fail("not a .fqw file: header field magic is not 'FINEQFQW'");
  }
  const std::uint32_t version = reader.u32("header field version");
  if (version != kFqwVersion) {
    reader.fail("header field version = " + std::to_string(version) + ", this reader knows " +
                std::to_string(kFqwVersion));
  }
  tensor_count = reader.u32("header field tensor_count");
  const std::uint64_t file_length = reader.u64("header field file_length");
  const std::uint32_t flags = reader.u32("header field flags");
  const std::uint32_t computed = reader.checksum();
  const std::uint32_t stored = reader.u32("header checksum");
  if (computed != stored) {
    reader.fail("header checksum mismatch (stored " + hex32(stored) + ", computed " +
                hex32(computed) + ")");
  }
  if (file_length != file_size) {
    reader.fail("header field file_length = " + std::to_string(file_length) +
                " but the file has " + std::to_string(file_size) + " bytes (truncated or extended)");
  }
  if (flags != 0) reader.fail("header field flags = " + hex32(flags) + ", expected 0");
  if (tensor_count == 0) reader.fail("header field tensor_count is 0, expected at least 1");
  if (tensor_count > (file_size - kFileHeaderBytes) / kMinRecordBytes) {
    reader.fail("header field tensor_count = " + std::to_string(tensor_count) +
                " cannot fit in " + std::to_string(file_size) + " bytes");
  }
}

// Throws via reader.fail unless count elements of element_size bytes fit in budget.
void take_from_budget(const BinaryReader& reader, std::uint64_t& budget, std::uint64_t count,
                      std::uint64_t element_size, const char* field) {
  if (count > budget / element_size) {
    reader.fail("field record_length is too small for the " + std::string(field) + " it declares");
  }
  budget -= count * element_size;
}

Descriptor read_descriptor(BinaryReader& reader, QuantizedMatrix& m) {
  reader.restart_checksum();
  Descriptor d;
  d.record_length = reader.u64("field record_length");
  const std::uint16_t name_length = reader.u16("field name_length");
  const std::uint8_t encoding = reader.u8("field encoding");
  m.bits = reader.u8("field bits");
  m.rows = reader.u32("field rows");
  m.cols = reader.u32("field cols");
  const std::uint8_t rule = reader.u8("field rule");
  std::uint8_t reserved[3];
  reader.read(reserved, sizeof reserved, "field reserved");
  m.threshold = reader.f32("field threshold");
  m.group_size = reader.u32("field group_size");
  reader.read(m.codebook.normal.data(), m.codebook.normal.size(), "field codebook_normal");
  reader.read(m.codebook.outlier.data(), m.codebook.outlier.size(), "field codebook_outlier");
  d.fp16_column_count = reader.u32("field fp16_column_count");
  d.scale_count = reader.u64("field scale_count");
  d.payload_length = reader.u64("field payload_length");
  if (name_length == 0 || name_length > kMaxNameBytes) {
    reader.fail("field name_length = " + std::to_string(name_length) + ", expected 1.." +
                std::to_string(kMaxNameBytes));
  }
  const std::vector<std::uint8_t> name = reader.bytes(name_length, "field name");
  const std::uint32_t computed = reader.checksum();
  const std::uint32_t stored = reader.u32("descriptor checksum");
  if (computed != stored) {
    reader.fail("descriptor checksum mismatch (stored " + hex32(stored) + ", computed " +
                hex32(computed) + ")");
  }
  m.name.assign(name.begin(), name.end());
  for (unsigned char c : m.name) {
    if (c < 0x20 || c == 0x7F) reader.fail("field name contains control character " + hex32(c));
  }
  if (const std::size_t bad = first_invalid_utf8_byte(m.name); bad != std::string::npos) {
    reader.fail("field name is not valid UTF-8 (byte " + hex32(static_cast<unsigned char>(m.name[bad])) +
                " at offset " + std::to_string(bad) + ")");
  }
  reader.set_context(reader.context() + " '" + m.name + "'");

  // Enumerations and counts are checked before anything is allocated from them.
  if (encoding < 1 || encoding > 4) {
    reader.fail("field encoding = " + std::to_string(encoding) +
                ", expected 1 (fineq-v1), 2 (intb), 3 (intb+fp16cols) or 4 (binary+fp16)");
  }
  m.encoding = static_cast<Encoding>(encoding);
  if (rule > 2) {
    reader.fail("field rule = " + std::to_string(rule) +
                ", expected 0 (none), 1 (paper) or 2 (min-error)");
  }
  m.rule = static_cast<ClusterRule>(rule);
  if (reserved[0] != 0 || reserved[1] != 0 || reserved[2] != 0) {
    reader.fail("field reserved must be zero");
  }
  if (m.rows == 0 || m.cols == 0) {
    reader.fail("fields rows x cols = " + std::to_string(m.rows) + "x" + std::to_string(m.cols) +
                ", expected both > 0");
  }
  if (m.encoding == Encoding::FineQV1 ? m.bits != 0 : (m.bits < 2 || m.bits > 8)) {
    reader.fail("field bits = " + std::to_string(m.bits) + ", expected " +
                (m.encoding == Encoding::FineQV1 ? "0 for fineq-v1" : "2..8 for intb"));
  }
  if (m.encoding == Encoding::BinaryWithFp16 && m.bits != 2) {
    reader.fail("field bits = " + std::to_string(m.bits) + ", expected 2 for binary+fp16");
  }
  const std::uint64_t want_scales = static_cast<std::uint64_t>(m.rows) * m.groups_per_row();
  if (d.scale_count != want_scales) {
    reader.fail("field scale_count = " + std::to_string(d.scale_count) + ", expected rows x groups = " +
                std::to_string(want_scales));
  }
  const std::uint64_t want_payload = static_cast<std::uint64_t>(m.rows) * m.row_bytes();
  if (d.payload_length != want_payload) {
    reader.fail("field payload_length = " + std::to_string(d.payload_length) +
                ", expected rows x row bytes = " + std::to_string(want_payload));
  }
  const bool binary = m.encoding == Encoding::BinaryWithFp16;
  if (binary && d.fp16_column_count > static_cast<std::uint64_t>(m.rows) * m.cols) {
    reader.fail("field fp16_column_count = " + std::to_string(d.fp16_column_count) +
                ", expected at most rows x cols FP16 values for binary+fp16");
  }
  if (!binary && d.fp16_column_count > (m.encoding == Encoding::IntBWithFp16Cols ? m.cols : 0)) {
    reader.fail("field fp16_column_count = " + std::to_string(d.fp16_column_count) +
                ", expected " +
                (m.encoding == Encoding::IntBWithFp16Cols ? "at most cols" : "0 for this encoding"));
  }
  return d;
}

QuantizedMatrix read_tensor(BinaryReader& reader, std::uint64_t index) {
  const std::string file_context = reader.context();
  reader.set_context(file_context + ": tensor " + std::to_string(index));
  const std::uint64_t record_start = reader.position();
  QuantizedMatrix m;
  const Descriptor d = read_descriptor(reader, m);
  const std::uint64_t descriptor_bytes = reader.position() - record_start;
  if (d.record_length > descriptor_bytes + reader.remaining()) {
    reader.fail("truncated: field record_length = " + std::to_string(d.record_length) +
                " but only " + std::to_string(descriptor_bytes + reader.remaining()) +
                " bytes remain from the record start");
  }
  if (d.record_length < descriptor_bytes + kChecksumBytes) {
    reader.fail("field record_length = " + std::to_string(d.record_length) + " is too small");
  }
  std::uint64_t budget = d.record_length - descriptor_bytes - kChecksumBytes;
  const bool binary = m.encoding == Encoding::BinaryWithFp16;
  const std::uint64_t fp16_value_count =
      binary ? d.fp16_column_count : static_cast<std::uint64_t>(m.rows) * d.fp16_column_count;
  const std::uint32_t fp16_column_count = binary ? 0 : d.fp16_column_count;
  take_from_budget(reader, budget, d.scale_count, 2, "scales");
  take_from_budget(reader, budget, d.payload_length, 1, "payload");
  take_from_budget(reader, budget, fp16_column_count, 4, "FP16 column indices");
  take_from_budget(reader, budget, fp16_value_count, 2, "FP16 column values");
  if (budget != 0) {
    reader.fail("field record_length = " + std::to_string(d.record_length) + " exceeds the " +
                "sections it declares by " + std::to_string(budget) + " bytes");
  }

  reader.restart_checksum();
  m.scales = reader.u16_array(d.scale_count, "scales");
  m.payload = reader.bytes(d.payload_length, "payload");
  m.fp16_columns = reader.u32_array(fp16_column_count, "FP16 column indices");
  m.fp16_values = reader.u16_array(fp16_value_count, "FP16 column values");
  const std::uint32_t computed = reader.checksum();
  const std::uint32_t stored = reader.u32("data checksum");
  if (computed != stored) {
    reader.fail("data checksum mismatch over scales, payload and FP16 columns (stored " +
                hex32(stored) + ", computed " + hex32(computed) + ")");
  }
  try {
    check_container_rules(m);
  } catch (const std::invalid_argument& error) {
    // The messages start with "tensor '<name>': ", which the context already says.
    std::string what = error.what();
    const std::string prefix = "tensor '" + m.name + "': ";
    if (what.rfind(prefix, 0) == 0) what.erase(0, prefix.size());
    reader.fail(what);
  }
  reader.set_context(file_context);
  return m;
}

// Expects tensors that passed check_all().
void write_checked(std::ostream& out, const std::vector<QuantizedMatrix>& tensors) {
  std::uint64_t file_length = kFileHeaderBytes;
  for (const QuantizedMatrix& m : tensors) {
    file_length += kDescriptorFixedBytes + m.name.size() + 2 * kChecksumBytes + data_bytes(m);
  }
  const std::string header = encode_file_header(static_cast<std::uint32_t>(tensors.size()), file_length);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  for (const QuantizedMatrix& m : tensors) {
    const std::string record = encode_record(m);
    out.write(record.data(), static_cast<std::streamsize>(record.size()));
  }
}
}  // namespace

void write_fqw(std::ostream& out, const std::vector<QuantizedMatrix>& tensors) {
  check_all(tensors);
  write_checked(out, tensors);
}

void write_fqw(const std::string& path, const std::vector<QuantizedMatrix>& tensors) {
  check_all(tensors);  // before the temporary file exists, so a bad tensor leaves no trace
  write_file_atomically(path, [&](std::ostream& out) { write_checked(out, tensors); });
}

std::vector<QuantizedMatrix> read_fqw(std::istream& in, const std::string& source) {
  std::uint64_t size = 0;
  try {
    size = bytes_until_end(in);
  } catch (const std::runtime_error& error) {
    throw std::runtime_error(source + ": " + error.what());
  }
  BinaryReader reader(in, size, source);
  std::uint32_t tensor_count = 0;
  read_file_header(reader, size, tensor_count);
  std::vector<QuantizedMatrix> tensors;
  std::map<std::string, std::uint32_t> first_index;
  for (std::uint32_t i = 0; i < tensor_count; ++i) {
    tensors.push_back(read_tensor(reader, i));
    const auto [found, inserted] = first_index.emplace(tensors.back().name, i);
    if (!inserted) {
      reader.fail("tensor " + std::to_string(i) + " '" + tensors.back().name +
                  "': duplicate name (also tensor " + std::to_string(found->second) + ")");
    }
  }
  if (reader.remaining() != 0) {
    reader.fail(std::to_string(reader.remaining()) + " unexpected bytes after the last tensor");
  }
  return tensors;
}

std::vector<QuantizedMatrix> read_fqw(const std::string& path) {
  std::ifstream in = open_binary_input(path);
  return read_fqw(in, path);
}

}  // namespace fineq

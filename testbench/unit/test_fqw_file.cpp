// .fqw container: round trips, the hand-derived example of docs/format.md, writer checks and
// reader checks of fields whose checksums are valid (so the field check itself must fire).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/crc.hpp>

#include "expect_contains.hpp"
#include "fqw_file.hpp"
#include "utf8.hpp"
#include "fqw_test_tensors.hpp"
#include "temp_path.hpp"

using namespace fineq;
using namespace fineq::test;

namespace {

void expect_same_tensor(const QuantizedMatrix& a, const QuantizedMatrix& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.cols, b.cols);
  EXPECT_EQ(a.encoding, b.encoding);
  EXPECT_EQ(a.bits, b.bits);
  EXPECT_EQ(a.codebook, b.codebook);
  EXPECT_EQ(a.rule, b.rule);
  EXPECT_EQ(a.threshold, b.threshold);
  EXPECT_EQ(a.group_size, b.group_size);
  EXPECT_EQ(a.scales, b.scales);
  EXPECT_EQ(a.payload, b.payload);
  EXPECT_EQ(a.fp16_columns, b.fp16_columns);
  EXPECT_EQ(a.fp16_values, b.fp16_values);
}

std::string to_bytes(const std::vector<QuantizedMatrix>& tensors) {
  std::ostringstream out(std::ios::binary);
  write_fqw(out, tensors);
  return out.str();
}

std::vector<QuantizedMatrix> from_bytes(const std::string& bytes) {
  std::istringstream in(bytes, std::ios::binary);
  return read_fqw(in, "x.fqw");
}

#define EXPECT_REJECTED(bytes, fragment) EXPECT_CONTAINS(rejection(bytes), fragment)

// The reader's message for `bytes`, or "" if it was accepted.
std::string rejection(const std::string& bytes) {
  try {
    from_bytes(bytes);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

std::uint64_t get_le(const std::string& bytes, std::size_t offset, int size) {
  std::uint64_t value = 0;
  for (int i = 0; i < size; ++i) value |= std::uint64_t(std::uint8_t(bytes[offset + i])) << (8 * i);
  return value;
}

void put_le(std::string& bytes, std::size_t offset, std::uint64_t value, int size) {
  for (int i = 0; i < size; ++i) bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

std::uint32_t crc32(const std::string& bytes, std::size_t begin, std::size_t end) {
  boost::crc_32_type crc;
  crc.process_bytes(bytes.data() + begin, end - begin);
  return crc.checksum();
}

// Recomputes every checksum after a test edited fields, walking the records by their
// (possibly edited) lengths, so the reader's field checks are what rejects the file.
void reseal(std::string& bytes) {
  put_le(bytes, 28, crc32(bytes, 0, 28), 4);
  std::size_t record = 32;
  while (record + 64 <= bytes.size()) {
    const std::uint64_t length = get_le(bytes, record, 8);
    const std::size_t name_end = record + 64 + get_le(bytes, record + 8, 2);
    if (name_end + 4 > bytes.size()) return;
    put_le(bytes, name_end, crc32(bytes, record, name_end), 4);
    if (length > bytes.size() - record || name_end + 4 > record + length) return;
    const std::size_t data_end = record + length - 4;
    put_le(bytes, data_end, crc32(bytes, name_end + 4, data_end), 4);
    record += length;
  }
}

// A copy of `good` with `size` bytes at `offset` set to `value`, checksums recomputed.
std::string edited(const std::string& good, std::size_t offset, std::uint64_t value, int size) {
  std::string bytes = good;
  put_le(bytes, offset, value, size);
  reseal(bytes);
  return bytes;
}

std::vector<QuantizedMatrix> sample_tensors() {
  return {make_fineq_tensor("layers.0.wq", 5, 7, 0, 1),
          make_intb_tensor("layers.0.wk", 4, 9, 3, 0, {}, 2),
          make_intb_tensor("layers.0.wv", 3, 11, 4, 8, {2, 7}, 3)};
}

// Offsets inside a record's descriptor (docs/format.md, "Tensor record").
constexpr std::size_t kRecord0 = 32;
constexpr std::size_t kName = 8, kEncoding = 10, kBits = 11, kRows = 12, kCols = 16, kRule = 20,
                      kReserved = 21, kThreshold = 24, kGroup = 28, kNormal = 32, kOutlier = 36,
                      kFp16Count = 44, kScaleCount = 48, kPayloadLength = 56;

}  // namespace

TEST(FqwFile, RoundTripsEveryEncoding) {
  const std::vector<QuantizedMatrix> tensors = {
      make_fineq_tensor("fineq.per_row", 6, 10, 0, 11),
      make_fineq_tensor("fineq.grouped", 4, 14, 6, 12),  // last group partial
      make_fineq_tensor("fineq.k1", 3, 1, 0, 13),
      make_intb_tensor("int2", 5, 13, 2, 0, {}, 14),
      make_intb_tensor("int3.g4", 3, 10, 3, 4, {}, 15),
      make_intb_tensor("int4", 2, 5, 4, 0, {}, 16),
      make_intb_tensor("int8", 2, 3, 8, 0, {}, 17),
      make_intb_tensor("int3+fp16", 4, 12, 3, 0, {0, 5, 11}, 18),
      make_intb_tensor("int4+fp16.g5", 2, 9, 4, 5, {4}, 19),
  };
  const std::vector<QuantizedMatrix> back = from_bytes(to_bytes(tensors));
  ASSERT_EQ(back.size(), tensors.size());
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    SCOPED_TRACE(tensors[i].name);
    expect_same_tensor(tensors[i], back[i]);
    EXPECT_EQ(back[i].decode_all(), tensors[i].decode_all());
  }
}

TEST(FqwFile, RoundTripsCustomCodebookAndThroughAFile) {
  QuantizedMatrix m = make_fineq_tensor("sym", 3, 6, 3, 21);
  const Codebook symmetric = Codebook::symmetric_codebook();
  for (auto& byte : m.payload) byte = static_cast<std::uint8_t>(byte | 0x40);  // all Prune0 clusters
  m.codebook = symmetric;
  m.rule = ClusterRule::MinError;
  m.threshold = 0.0f;
  const std::string path = fineq::test::unique_temp_path("fqw_roundtrip.fqw");
  write_fqw(path, {m});
  const std::vector<QuantizedMatrix> back = read_fqw(path);
  ASSERT_EQ(back.size(), 1u);
  expect_same_tensor(m, back[0]);
  EXPECT_EQ(back[0].codebook, symmetric);
  std::remove(path.c_str());
}

// docs/format.md, "Worked example": every byte derived by hand from the specification;
// the checksums were computed with an independent CRC-32 (Python's zlib.crc32).
TEST(FqwFile, WriterMatchesHandDerivedExample) {
  QuantizedMatrix m;
  m.name = "t";
  m.rows = 2;
  m.cols = 4;
  m.encoding = Encoding::FineQV1;
  m.bits = 0;
  m.rule = ClusterRule::Paper;
  m.threshold = 4.0f;
  m.group_size = 0;
  m.scales = {0x3C00, 0x3800};  // 1.0, 0.5
  // Row 0 = [1, -2, 0, 3]: normal cluster (1,-2,0) -> 0b00_01_10_00 = 0x18; outlier cluster
  // (3, pad, pad) pruning position 1 -> idx 2, codes 011 000 -> 0b10_011_000 = 0x98.
  // Row 1 = [-4, 0, 2, -1]: (-4, 0, 2) pruning position 1 -> 0b10_100_010 = 0xA2;
  // (-1, pad, pad) normal -> 0b00_11_00_00 = 0x30.
  m.payload = {0x18, 0x98, 0xA2, 0x30};
  const unsigned char expected[] = {
      // file header
      0x46, 0x49, 0x4E, 0x45, 0x51, 0x46, 0x51, 0x57,  // magic "FINEQFQW"
      0x01, 0x00, 0x00, 0x00,                          // version 1
      0x01, 0x00, 0x00, 0x00,                          // tensor_count 1
      0x71, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // file_length 113
      0x00, 0x00, 0x00, 0x00,                          // flags
      0xB1, 0xB6, 0x29, 0x4B,                          // header CRC-32 of bytes 0..27
      // tensor record 0, descriptor
      0x51, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // record_length 81
      0x01, 0x00,                                      // name_length 1
      0x01,                                            // encoding fineq-v1
      0x00,                                            // bits 0
      0x02, 0x00, 0x00, 0x00,                          // rows 2
      0x04, 0x00, 0x00, 0x00,                          // cols 4
      0x01,                                            // rule paper
      0x00, 0x00, 0x00,                                // reserved
      0x00, 0x00, 0x80, 0x40,                          // threshold 4.0f
      0x00, 0x00, 0x00, 0x00,                          // group_size 0 (per row)
      0x00, 0x01, 0xFE, 0xFF,                          // normal codebook, codes 0..3
      0x00, 0x01, 0x02, 0x03, 0xFC, 0xFD, 0xFE, 0xFF,  // outlier codebook, codes 0..7
      0x00, 0x00, 0x00, 0x00,                          // fp16_column_count 0
      0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // scale_count 2
      0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // payload_length 4
      0x74,                                            // name "t"
      0x9C, 0xB9, 0xD5, 0x9E,                          // descriptor CRC-32
      // data
      0x00, 0x3C, 0x00, 0x38,                          // scales 1.0, 0.5
      0x18, 0x98, 0xA2, 0x30,                          // payload
      0xF7, 0x9B, 0xF5, 0x47,                          // data CRC-32
  };
  const std::string written = to_bytes({m});
  ASSERT_EQ(written.size(), sizeof expected);
  for (std::size_t i = 0; i < sizeof expected; ++i) {
    EXPECT_EQ(static_cast<unsigned char>(written[i]), expected[i]) << "byte " << i;
  }
  const std::vector<QuantizedMatrix> back =
      from_bytes(std::string(reinterpret_cast<const char*>(expected), sizeof expected));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].decode_all(), (std::vector<std::int8_t>{1, -2, 0, 3, -4, 0, 2, -1}));
}

// docs/format.md, IntB example: INT3 row [1, -1, -4] -> codes 001, 111, 100 packed LSB first.
TEST(FqwFile, IntBPackingMatchesHandDerivedExample) {
  QuantizedMatrix m;
  m.name = "i";
  m.rows = 1;
  m.cols = 3;
  m.encoding = Encoding::IntB;
  m.bits = 3;
  m.scales = {0x3C00};
  m.payload = {0x39, 0x01};
  m.validate();
  EXPECT_EQ(m.decode_all(), (std::vector<std::int8_t>{1, -1, -4}));
  EXPECT_EQ(pack_intb({1, -1, -4}, 1, 3, 3), m.payload);
}

TEST(FqwFile, WriterRejectsBadTensorsAndLeavesNoFile) {
  const std::string path = fineq::test::unique_temp_path("fqw_rejected.fqw");
  std::remove(path.c_str());
  auto expect_writer_rejects = [&](const std::vector<QuantizedMatrix>& tensors, const std::string& fragment) {
    try {
      write_fqw(path, tensors);
      ADD_FAILURE() << "accepted, expected: " << fragment;
    } catch (const std::invalid_argument& error) {
      EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
    }
    EXPECT_FALSE(std::filesystem::exists(path));
  };
  expect_writer_rejects({}, "at least one tensor");
  const QuantizedMatrix good = make_fineq_tensor("a", 2, 4, 0, 1);
  expect_writer_rejects({good, good}, "tensor 1 'a': duplicate name (also tensor 0)");
  QuantizedMatrix bad = good;
  bad.payload.pop_back();
  expect_writer_rejects({bad}, "payload bytes");
  bad = good;
  bad.name = "";
  expect_writer_rejects({bad}, "name must be 1..1024 bytes");
  bad.name = std::string(1025, 'n');
  expect_writer_rejects({bad}, "name must be 1..1024 bytes");
  bad.name = "tab\there";
  expect_writer_rejects({bad}, "control character");
  bad.name = "caf\xC3";  // a 2-byte sequence cut short
  expect_writer_rejects({bad}, "tensor 'caf\xC3': name is not valid UTF-8 (byte 0xc3 at offset 3)");
  bad = good;
  bad.threshold = std::nanf("");
  expect_writer_rejects({bad}, "threshold must be finite");
  bad = good;
  std::swap(bad.codebook.normal[0], bad.codebook.normal[1]);
  expect_writer_rejects({bad}, "codebook values must ascend");
  bad = good;
  bad.codebook.outlier[0] = bad.codebook.outlier[1];
  expect_writer_rejects({bad}, "strictly ascending");
  QuantizedMatrix intb = make_intb_tensor("b", 2, 3, 3, 0, {}, 5);  // 9 bits per row
  intb.payload[1] |= 0x80;
  expect_writer_rejects({intb}, "padding bits after column K-1 must be zero");
  QuantizedMatrix owq = make_intb_tensor("c", 2, 8, 4, 0, {3}, 6);
  owq.payload[1] |= 0x10;  // column 3 = high nibble of byte 1
  expect_writer_rejects({owq}, "IntB code of FP16 column 3 must be zero");

  // A failed write leaves an existing file untouched.
  write_fqw(path, {good});
  const std::vector<QuantizedMatrix> before = read_fqw(path);
  EXPECT_THROW(write_fqw(path, {good, good}), std::invalid_argument);
  expect_same_tensor(read_fqw(path).at(0), before.at(0));
  std::remove(path.c_str());
}

TEST(FqwFile, ReaderNamesMissingAndNonFqwFiles) {
  const std::string missing = ::testing::TempDir() + "no_such_file.fqw";
  try {
    read_fqw(missing);
    ADD_FAILURE() << "accepted a missing file";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(missing), std::string::npos) << error.what();
  }
  EXPECT_REJECTED(std::string(), "x.fqw: truncated: header field magic");
  EXPECT_REJECTED(std::string(200, '\0'), "x.fqw: not a .fqw file");
}

TEST(FqwFile, ReaderChecksHeaderFieldsBehindValidChecksums) {
  const std::string good = to_bytes(sample_tensors());
  ASSERT_EQ(from_bytes(good).size(), 3u);
  EXPECT_REJECTED(edited(good, 8, 2, 4), "x.fqw: header field version = 2, this reader knows 1");
  EXPECT_REJECTED(edited(good, 12, 0, 4), "tensor_count is 0");
  EXPECT_REJECTED(edited(good, 12, 0xFFFFFFFF, 4), "tensor_count = 4294967295 cannot fit");
  // One tensor more than present, one fewer.
  EXPECT_REJECTED(edited(good, 12, 4, 4), "x.fqw: tensor 3: truncated: field record_length");
  EXPECT_REJECTED(edited(good, 12, 2, 4), "unexpected bytes after the last tensor");
  EXPECT_REJECTED(edited(good, 16, good.size() + 1, 8), "file_length = " + std::to_string(good.size() + 1));
  EXPECT_REJECTED(edited(good, 24, 1, 4), "header field flags = 0x1, expected 0");
  std::string bytes = good;
  bytes[3] ^= 0x20;
  EXPECT_REJECTED(bytes, "header field magic is not 'FINEQFQW'");
  bytes = good;
  bytes[13] ^= 0x01;
  EXPECT_REJECTED(bytes, "header checksum mismatch");
}

TEST(FqwFile, ReaderChecksDescriptorFieldsBehindValidChecksums) {
  const std::string good = to_bytes(sample_tensors());
  auto field = [&](std::size_t offset, std::uint64_t value, int size) {
    return edited(good, kRecord0 + offset, value, size);
  };
  const std::string t0 = "x.fqw: tensor 0 'layers.0.wq': ";
  EXPECT_REJECTED(field(kEncoding, 0, 1), t0 + "field encoding = 0, expected 1 (fineq-v1)");
  EXPECT_REJECTED(field(kEncoding, 5, 1), t0 + "field encoding = 5");
  EXPECT_REJECTED(field(kRule, 3, 1), t0 + "field rule = 3");
  EXPECT_REJECTED(field(kReserved + 1, 7, 1), t0 + "field reserved must be zero");
  EXPECT_REJECTED(field(kBits, 2, 1), t0 + "field bits = 2, expected 0 for fineq-v1");
  EXPECT_REJECTED(field(kRows, 0, 4), t0 + "fields rows x cols = 0x7");
  EXPECT_REJECTED(field(kCols, 0, 4), t0 + "fields rows x cols = 5x0");
  EXPECT_REJECTED(field(kCols, 10, 4), t0 + "field payload_length = 15, expected rows x row bytes = 20");
  EXPECT_REJECTED(field(kGroup, 3, 4), t0 + "field scale_count = 5, expected rows x groups = 15");
  EXPECT_REJECTED(field(kGroup, 7, 4), t0 + "group_size must be a multiple of 3");
  EXPECT_REJECTED(field(kScaleCount, 6, 8), t0 + "field scale_count = 6");
  EXPECT_REJECTED(field(kPayloadLength, 1ull << 62, 8), t0 + "field payload_length = ");
  EXPECT_REJECTED(field(kFp16Count, 1, 4), t0 + "field fp16_column_count = 1, expected 0 for this encoding");
  EXPECT_REJECTED(field(kThreshold, 0x7FC00000, 4), t0 + "field threshold must be finite");
  EXPECT_REJECTED(field(kNormal, 0x0201FEFF, 4), t0 + "codebook values must ascend");
  EXPECT_REJECTED(field(kOutlier, 0x03020000, 4), t0 + "codebook: outlier values must be strictly ascending");
  EXPECT_REJECTED(field(kName, 0, 2), "x.fqw: tensor 0: field name_length = 0, expected 1..1024");
  EXPECT_REJECTED(field(kName, 5000, 2), "x.fqw: tensor 0: field name_length = 5000");
  EXPECT_REJECTED(field(64, 0x0A, 1), "x.fqw: tensor 0: field name contains control character 0xa");
  EXPECT_REJECTED(field(64, 0xFF, 1), "x.fqw: tensor 0: field name is not valid UTF-8 (byte 0xff at offset 0)");
  // A shape whose declared sections would need far more memory than the file holds must be
  // rejected from the lengths alone (ASan would report the huge allocation otherwise).
  std::string huge = field(kRows, 0xFFFFFFFF, 4);
  huge = edited(huge, kRecord0 + kCols, 0xFFFFFFFF, 4);
  huge = edited(huge, kRecord0 + kScaleCount, 0xFFFFFFFFull, 8);
  huge = edited(huge, kRecord0 + kPayloadLength, 0xFFFFFFFFull * 0x55555555ull, 8);
  EXPECT_REJECTED(huge, t0 + "field record_length is too small for the scales");
  EXPECT_REJECTED(field(0, 1ull << 40, 8), t0 + "truncated: field record_length = 1099511627776");
}

TEST(FqwFile, ReaderChecksDataBehindValidChecksums) {
  // Files the writer would refuse, made by editing a good file's bytes.
  const std::vector<QuantizedMatrix> tensors = sample_tensors();
  const std::string good = to_bytes(tensors);
  const std::size_t record1 = kRecord0 + get_le(good, kRecord0, 8);
  const std::size_t record2 = record1 + get_le(good, record1, 8);
  const std::size_t data1 = record1 + 64 + tensors[1].name.size() + 4;
  const std::size_t data2 = record2 + 64 + tensors[2].name.size() + 4;
  const std::size_t payload1 = data1 + 2 * tensors[1].scales.size();
  const std::size_t payload2 = data2 + 2 * tensors[2].scales.size();
  const std::size_t columns2 = payload2 + tensors[2].payload.size();
  auto byte_at = [&](std::size_t offset) { return std::uint8_t(good[offset]); };

  const std::string t1 = "x.fqw: tensor 1 'layers.0.wk': ";
  EXPECT_REJECTED(edited(good, data1, 0x7E00, 2), t1 + "scales must be finite and >= 0");  // NaN
  EXPECT_REJECTED(edited(good, data1 + 2, 0xBC00, 2), t1 + "scales must be finite and >= 0");  // -1
  // Tensor 1 is INT3 with K = 9: 27 bits per row, the top 5 bits of byte 3 are padding.
  EXPECT_REJECTED(edited(good, payload1 + 3, byte_at(payload1 + 3) | 0x20, 1),
                  t1 + "payload row 0: padding bits after column K-1 must be zero");
  // Tensor 2 keeps FP16 columns {2, 7}; make them unsorted, then out of range.
  const std::string t2 = "x.fqw: tensor 2 'layers.0.wv': ";
  EXPECT_REJECTED(edited(good, columns2, 8, 4), t2 + "FP16 column indices must be ascending and below K");
  EXPECT_REJECTED(edited(good, columns2 + 4, 11, 4), t2 + "FP16 column indices must be ascending and below K");
  // The INT4 code of FP16 column 2 (low nibble of payload byte 1) must be zero.
  EXPECT_REJECTED(edited(good, payload2 + 1, byte_at(payload2 + 1) | 0x01, 1),
                  t2 + "payload row 0: the IntB code of FP16 column 2 must be zero");
  // Renaming tensor 2 to tensor 0's name (same length) gives a duplicate.
  std::string bytes = good;
  bytes.replace(record2 + 64, tensors[2].name.size(), tensors[0].name);
  reseal(bytes);
  EXPECT_REJECTED(bytes, "x.fqw: tensor 2 'layers.0.wq': duplicate name (also tensor 0)");
}

// Names go into JSON (inspect --json, simulate --report), whose writer refuses invalid UTF-8.
TEST(FqwFile, NameUtf8CheckFollowsTheStandard) {
  EXPECT_EQ(first_invalid_utf8_byte("layers.0.wq"), std::string::npos);
  EXPECT_EQ(first_invalid_utf8_byte("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::string::npos);  // é € 😀
  EXPECT_EQ(first_invalid_utf8_byte("\xF4\x8F\xBF\xBF"), std::string::npos);  // U+10FFFF, the last one
  EXPECT_EQ(first_invalid_utf8_byte("a\x80"), 1u);               // continuation byte alone
  EXPECT_EQ(first_invalid_utf8_byte("ab\xC0\xAF"), 2u);          // overlong '/'
  EXPECT_EQ(first_invalid_utf8_byte("\xE0\x80\xAF"), 0u);        // overlong, 3 bytes
  EXPECT_EQ(first_invalid_utf8_byte("x\xED\xA0\x80"), 1u);       // surrogate U+D800
  EXPECT_EQ(first_invalid_utf8_byte("\xF4\x90\x80\x80"), 0u);   // U+110000
  EXPECT_EQ(first_invalid_utf8_byte("\xE2\x82"), 0u);            // cut short
  EXPECT_EQ(first_invalid_utf8_byte("\xFF"), 0u);
}

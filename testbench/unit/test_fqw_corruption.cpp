// Every single-byte corruption and every truncation of a small .fqw file is rejected with an
// exception (never accepted, never a crash); run under -DFINEQ_SANITIZE=ON as well.
#include <gtest/gtest.h>

#include <sstream>

#include "fqw_file.hpp"
#include "fqw_test_tensors.hpp"

using namespace fineq;
using namespace fineq::test;

namespace {
std::string small_file() {
  std::ostringstream out(std::ios::binary);
  write_fqw(out, {make_fineq_tensor("a", 3, 5, 3, 1), make_intb_tensor("bb", 2, 7, 3, 4, {}, 2),
                  make_intb_tensor("ccc", 2, 6, 4, 0, {1, 4}, 3)});
  return out.str();
}

// "" if accepted, else the message.
std::string read_message(const std::string& bytes) {
  std::istringstream in(bytes, std::ios::binary);
  try {
    read_fqw(in, "c.fqw");
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}
}  // namespace

TEST(FqwCorruption, UnmodifiedFileIsAccepted) {
  EXPECT_EQ(read_message(small_file()), "");
}

TEST(FqwCorruption, EveryBitFlipOfEveryByteIsRejected) {
  const std::string good = small_file();
  for (std::size_t position = 0; position < good.size(); ++position) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string bytes = good;
      bytes[position] = static_cast<char>(bytes[position] ^ (1 << bit));
      const std::string message = read_message(bytes);
      ASSERT_NE(message, "") << "flip of bit " << bit << " at byte " << position << " accepted";
      ASSERT_EQ(message.rfind("c.fqw: ", 0), 0u) << message;
    }
  }
}

TEST(FqwCorruption, EveryByteValueAtEveryPositionIsRejected) {
  const std::string good = small_file();
  for (std::size_t position = 0; position < good.size(); ++position) {
    for (int value = 0; value < 256; value += 37) {  // 7 values spread over the byte range
      if (static_cast<char>(value) == good[position]) continue;
      std::string bytes = good;
      bytes[position] = static_cast<char>(value);
      ASSERT_NE(read_message(bytes), "") << "byte " << position << " = " << value << " accepted";
    }
  }
}

TEST(FqwCorruption, EveryTruncationIsRejected) {
  const std::string good = small_file();
  for (std::size_t length = 0; length < good.size(); ++length) {
    const std::string message = read_message(good.substr(0, length));
    ASSERT_NE(message, "") << "truncation to " << length << " bytes accepted";
  }
}

TEST(FqwCorruption, AppendedBytesAreRejected) {
  const std::string good = small_file();
  for (int extra = 1; extra <= 8; ++extra) {
    const std::string message = read_message(good + std::string(static_cast<std::size_t>(extra), '\0'));
    EXPECT_NE(message.find("header field file_length"), std::string::npos) << message;
  }
}

TEST(FqwCorruption, PayloadFlipIsNamedAsDataChecksumMismatch) {
  const std::string good = small_file();
  std::string bytes = good;
  bytes[bytes.size() - 6] ^= 0x10;  // inside tensor 2's FP16 values
  EXPECT_NE(read_message(bytes).find("c.fqw: tensor 2 'ccc': data checksum mismatch"), std::string::npos)
      << read_message(bytes);
}

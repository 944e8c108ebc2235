#include "binary_reader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <type_traits>

namespace fineq {

std::ifstream open_binary_input(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw std::runtime_error(path + ": is a directory, expected a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
  return in;
}

std::uint64_t bytes_until_end(std::istream& in) {
  const std::streampos start = in.tellg();
  in.seekg(0, std::ios::end);
  const std::streampos end = in.tellg();
  in.seekg(start);
  if (start < 0 || end < start || !in) throw std::runtime_error("cannot determine the input size");
  return static_cast<std::uint64_t>(end - start);
}

BinaryReader::BinaryReader(std::istream& in, std::uint64_t size, std::string context)
    : in_(in), size_(size), context_(std::move(context)) {}

void BinaryReader::fail(const std::string& what) const {
  throw std::runtime_error(context_ + ": " + what);
}

void BinaryReader::require(std::uint64_t count, std::uint64_t element_size,
                           const std::string& field) const {
  // Divide rather than multiply so a huge count cannot overflow the check.
  if (count > remaining() / element_size) {
    fail("truncated: " + field + " needs " + std::to_string(count) + " x " +
         std::to_string(element_size) + " bytes at offset " + std::to_string(position_) +
         ", only " + std::to_string(remaining()) + " remain");
  }
}

void BinaryReader::read(void* destination, std::uint64_t count, const std::string& field) {
  require(count, 1, field);
  if (count == 0) return;
  in_.read(static_cast<char*>(destination), static_cast<std::streamsize>(count));
  if (static_cast<std::uint64_t>(in_.gcount()) != count) {
    fail("read error in " + field + " at offset " + std::to_string(position_));
  }
  crc_.process_bytes(destination, count);
  position_ += count;
}

namespace {
template <typename T>
T from_little_endian(const unsigned char* bytes) {
  static_assert(std::is_unsigned<T>::value, "assemble unsigned values only");
  T value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>(bytes[i]) << (8 * i);
  return value;
}
}  // namespace

std::uint8_t BinaryReader::u8(const std::string& field) {
  unsigned char byte = 0;
  read(&byte, 1, field);
  return byte;
}

std::uint16_t BinaryReader::u16(const std::string& field) {
  unsigned char bytes[2];
  read(bytes, sizeof bytes, field);
  return from_little_endian<std::uint16_t>(bytes);
}

std::uint32_t BinaryReader::u32(const std::string& field) {
  unsigned char bytes[4];
  read(bytes, sizeof bytes, field);
  return from_little_endian<std::uint32_t>(bytes);
}

std::uint64_t BinaryReader::u64(const std::string& field) {
  unsigned char bytes[8];
  read(bytes, sizeof bytes, field);
  return from_little_endian<std::uint64_t>(bytes);
}

std::int32_t BinaryReader::i32(const std::string& field) {
  return static_cast<std::int32_t>(u32(field));
}

float BinaryReader::f32(const std::string& field) {
  const std::uint32_t bits = u32(field);
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

template <typename T>
std::vector<T> BinaryReader::little_endian_array(std::uint64_t count, const std::string& field) {
  require(count, sizeof(T), field);
  std::vector<T> values(static_cast<std::size_t>(count));
  read(values.data(), count * sizeof(T), field);
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
  if constexpr (sizeof(T) > 1) {
    using Bits = std::conditional_t<sizeof(T) == 2, std::uint16_t, std::uint32_t>;
    for (T& value : values) {
      unsigned char bytes[sizeof(T)];
      std::memcpy(bytes, &value, sizeof bytes);
      const Bits bits = from_little_endian<Bits>(bytes);
      std::memcpy(&value, &bits, sizeof bits);
    }
  }
#endif
  return values;
}

std::vector<std::uint8_t> BinaryReader::bytes(std::uint64_t count, const std::string& field) {
  return little_endian_array<std::uint8_t>(count, field);
}

std::vector<std::uint16_t> BinaryReader::u16_array(std::uint64_t count, const std::string& field) {
  return little_endian_array<std::uint16_t>(count, field);
}

std::vector<std::uint32_t> BinaryReader::u32_array(std::uint64_t count, const std::string& field) {
  return little_endian_array<std::uint32_t>(count, field);
}

std::vector<float> BinaryReader::f32_array(std::uint64_t count, const std::string& field) {
  return little_endian_array<float>(count, field);
}

}  // namespace fineq

// The .npy writer and the int8 / vector readers: bytes as NumPy lays them out (checked against
// a header written out by hand), round trips, and the readers' refusals.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <limits>

#include "expect_contains.hpp"
#include "npy_file.hpp"
#include "temp_path.hpp"

using namespace fineq;

namespace {
std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
}  // namespace

TEST(NpyWriter, HeaderAsNumpyWritesIt) {
  const std::string path = test::unique_temp_path("x_scales.npy");
  const float values[3] = {1.0f, -2.5f, 0.0f};
  write_npy(path, "<f4", {3}, values, sizeof values);
  const std::string bytes = file_bytes(path);
  // 10 bytes of prefix + 118 of header ending in '\n': the data starts at byte 128.
  ASSERT_EQ(bytes.size(), 128u + 12u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_EQ(static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9]) << 8, 118);
  EXPECT_EQ(bytes.substr(10, 57), "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }");
  EXPECT_EQ(bytes[127], '\n');
  EXPECT_EQ(load_npy_vector(path), std::vector<float>(values, values + 3));
}

TEST(NpyWriter, Int8MatrixRoundTrip) {
  const std::string path = test::unique_temp_path("w_int.npy");
  const std::vector<std::int8_t> values = {-127, 0, 5, 127, -1, 3};
  write_npy(path, "|i1", {2, 3}, values.data(), values.size());
  EXPECT_NE(file_bytes(path).find("'shape': (2, 3)"), std::string::npos);
  const Int8Matrix back = load_npy_int8_matrix(path);
  EXPECT_EQ(back.rows, 2u);
  EXPECT_EQ(back.cols, 3u);
  EXPECT_EQ(back.values, values);
}

TEST(NpyWriter, ReadersRefuseOtherDtypesRanksAndShapes) {
  const std::string floats = test::unique_temp_path("f.npy");
  const float matrix[6] = {1, 2, 3, 4, 5, 6};
  write_npy(floats, "<f4", {2, 3}, matrix, sizeof matrix);
  try {
    load_npy_int8_matrix(floats);
    ADD_FAILURE() << "float32 read as int8";
  } catch (const std::runtime_error& error) {
    EXPECT_CONTAINS(error.what(), "dtype '<f4' is not supported; expected int8");
  }
  try {
    load_npy_vector(floats);
    ADD_FAILURE() << "a 2 x 3 matrix read as a vector";
  } catch (const std::runtime_error& error) {
    EXPECT_CONTAINS(error.what(), "expected shape (M,) or (M, 1), got (2, 3)");
  }
  const std::string cube = test::unique_temp_path("cube.npy");
  write_npy(cube, "<f4", {1, 2, 3}, matrix, sizeof matrix);
  try {
    load_npy_matrix(cube);
    ADD_FAILURE() << "3-D read as a matrix";
  } catch (const std::runtime_error& error) {
    EXPECT_CONTAINS(error.what(), "expected a 2-D array, got shape (1, 2, 3)");
  }
  const std::string nan = test::unique_temp_path("nan.npy");
  const float with_nan[2] = {1.0f, std::numeric_limits<float>::quiet_NaN()};
  write_npy(nan, "<f4", {2}, with_nan, sizeof with_nan);
  try {
    load_npy_vector(nan);
    ADD_FAILURE() << "NaN accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_CONTAINS(error.what(), "non-finite value nan at [1]");
  }
}

// NumPy .npy and raw float32 loaders, and the format dispatch of load_weight_matrices.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>

#include "shared_data.hpp"
#include "expect_contains.hpp"
#include "weight_loaders.hpp"
#include "temp_path.hpp"

using namespace fineq;

namespace {

std::string temp_path(const std::string& name) { return fineq::test::unique_temp_path(name); }

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string float_bytes(const std::vector<float>& values) {
  return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
}

// A .npy file as numpy writes it: magic, version, header length (2 bytes for 1.0, 4 after),
// dictionary padded with spaces and ended by '\n' so the data starts at a multiple of 64.
std::string npy_bytes(int major, const std::string& dict, const std::string& data) {
  const std::size_t prefix = 6 + 2 + (major == 1 ? 2 : 4);
  std::string header = dict;
  while ((prefix + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string bytes = std::string("\x93NUMPY", 6) + static_cast<char>(major) + '\0';
  for (std::size_t i = 0; i < (major == 1 ? 2u : 4u); ++i) {
    bytes += static_cast<char>((header.size() >> (8 * i)) & 0xFF);
  }
  return bytes + header + data;
}

// Writes `bytes` as NAME, loads it as .npy and removes it again.
FloatMatrix load_npy_bytes(const std::string& name, const std::string& bytes) {
  const std::string path = temp_path(name);
  write_bytes(path, bytes);
  struct Remove {
    std::string path;
    ~Remove() { std::remove(path.c_str()); }
  } remove_afterwards{path};
  return load_npy_matrix(path);
}

// The loader's message for a file "bad.npy" holding `bytes`, or "" if it was accepted.
std::string npy_error(const std::string& bytes) {
  try {
    load_npy_bytes("bad.npy", bytes);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

const std::string kDict23 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
const std::vector<float> kValues23 = {1.5f, -2.0f, 3.25f, 0.0f, -0.125f, 7.0f};

}  // namespace

TEST(NpyLoader, ReadsVersions1To3InCOrder) {
  for (int major = 1; major <= 3; ++major) {
    const FloatMatrix m = load_npy_bytes("weights_v" + std::to_string(major) + ".npy",
                                         npy_bytes(major, kDict23, float_bytes(kValues23)));
    EXPECT_EQ(m.name, "weights_v" + std::to_string(major));
    EXPECT_EQ(m.rows, 2u);
    EXPECT_EQ(m.cols, 3u);
    EXPECT_EQ(m.values, kValues23);
  }
}

TEST(NpyLoader, FortranOrderIsTransposedToRowMajor) {
  // Column-major storage of [[1.5, -2, 3.25], [0, -0.125, 7]].
  const std::vector<float> column_major = {1.5f, 0.0f, -2.0f, -0.125f, 3.25f, 7.0f};
  const std::string dict = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }";
  EXPECT_EQ(load_npy_bytes("fortran.npy", npy_bytes(1, dict, float_bytes(column_major))).values, kValues23);
}

TEST(NpyLoader, AcceptsHeaderVariations) {
  // Key order, double quotes, no trailing comma, Python 2 long suffixes.
  const std::string dict = "{\"shape\": (2L, 3L), \"fortran_order\": False, \"descr\": \"<f4\"}";
  EXPECT_EQ(load_npy_bytes("variant.npy", npy_bytes(1, dict, float_bytes(kValues23))).values, kValues23);
}

TEST(NpyLoader, RejectsOtherDtypesShapesAndBrokenFiles) {
  const std::string data = float_bytes(kValues23);
  EXPECT_CONTAINS(npy_error(npy_bytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", data + data)),
                 "dtype '<f8' is not supported; expected little-endian float32 '<f4'");
  EXPECT_CONTAINS(npy_error(npy_bytes(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }", data)),
                 "dtype '>f4' is not supported");
  EXPECT_CONTAINS(npy_error(npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", data)),
                 "expected a 2-D array, got shape (6)");
  EXPECT_CONTAINS(npy_error(npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }", data)),
                 "expected a 2-D array, got shape (1, 2, 3)");
  EXPECT_CONTAINS(npy_error(npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }", "")),
                 "each dimension must be 1..2^32-1");
  EXPECT_CONTAINS(npy_error(npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (5000000000, 3), }", "")),
                 "each dimension must be 1..2^32-1");
  EXPECT_CONTAINS(npy_error(npy_bytes(1, kDict23, data.substr(4))), "shape (2, 3) needs 24 data bytes, the file has 20");
  EXPECT_CONTAINS(npy_error(npy_bytes(1, kDict23, data + "x")), "needs 24 data bytes, the file has 25");
  EXPECT_CONTAINS(npy_error(npy_bytes(1, "{'descr': '<f4', 'shape': (2, 3), }", data)), "key 'fortran_order' is missing");
  EXPECT_CONTAINS(npy_error(npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", data)),
                 "unexpected key 'x'");
  EXPECT_CONTAINS(npy_error(npy_bytes(1, "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}", data)),
                 "key 'descr' appears twice");
  EXPECT_CONTAINS(npy_error(npy_bytes(1, "{'descr': '<f4', 'fortran_order': maybe, 'shape': (2, 3)}", data)),
                 "fortran_order must be True or False");
  EXPECT_CONTAINS(npy_error(npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}", data)),
                 "shape entries must be non-negative integers");
  EXPECT_CONTAINS(npy_error(npy_bytes(1, "{'descr': '<f4, 'fortran_order': False, 'shape': (2, 3)}", data)),
                 "bad.npy: header:");
  EXPECT_CONTAINS(npy_error(npy_bytes(1, kDict23 + " trailing", data)), "unexpected text after the dictionary");
  std::string bytes = npy_bytes(1, kDict23, data);
  bytes[0] = 'X';
  EXPECT_CONTAINS(npy_error(bytes), "not a NumPy .npy file");
  bytes = npy_bytes(1, kDict23, data);
  bytes[6] = 4;
  EXPECT_CONTAINS(npy_error(bytes), "unsupported .npy format version 4.0");
  bytes = npy_bytes(2, kDict23, data);
  bytes[8] = bytes[9] = bytes[10] = bytes[11] = '\xFF';  // header length 4 GiB - 1
  EXPECT_CONTAINS(npy_error(bytes), "header length 4294967295 exceeds the limit");
  bytes = npy_bytes(2, kDict23, data);
  bytes[10] = 1;  // header length 64 KiB + 54: longer than the file
  EXPECT_CONTAINS(npy_error(bytes), "truncated: header needs");
}

TEST(NpyLoader, EveryTruncationIsRejected) {
  const std::string bytes = npy_bytes(1, kDict23, float_bytes(kValues23));
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    ASSERT_NE(npy_error(bytes.substr(0, length)), "") << "truncation to " << length << " accepted";
  }
}

TEST(NpyLoader, NonFiniteValueIsReportedAtItsLogicalPosition) {
  std::vector<float> column_major = {1.5f, 0.0f, -2.0f, -0.125f, 3.25f, 7.0f};
  column_major[3] = std::numeric_limits<float>::infinity();  // row 1, column 1
  EXPECT_CONTAINS(npy_error(npy_bytes(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
                                     float_bytes(column_major))),
                 "bad.npy: tensor 'bad': non-finite value inf at [1, 1]");
}

TEST(RawLoader, ReadsExactSizeAndRejectsOthers) {
  const std::string path = temp_path("raw_weights.f32");
  write_bytes(path, float_bytes(kValues23));
  const FloatMatrix m = load_raw_f32_matrix(path, 2, 3);
  EXPECT_EQ(m.name, "raw_weights");
  EXPECT_EQ(m.values, kValues23);
  auto error = [&](std::uint32_t rows, std::uint32_t cols) {
    try {
      load_raw_f32_matrix(path, rows, cols);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_CONTAINS(error(3, 3), "raw float32 3x3 needs exactly 9 x 4 bytes, the file has 24");
  EXPECT_CONTAINS(error(1, 3), "needs exactly 3 x 4 bytes, the file has 24");
  EXPECT_CONTAINS(error(0, 3), "needs a non-zero shape, got 0x3");
  EXPECT_CONTAINS(error(0xFFFFFFFF, 0xFFFFFFFF), "needs exactly 18446744065119617025 x 4 bytes");
  std::vector<float> with_nan = kValues23;
  with_nan[5] = std::nanf("");
  write_bytes(path, float_bytes(with_nan));
  EXPECT_CONTAINS(error(2, 3), "tensor 'raw_weights': non-finite value nan at [1, 2]");
  std::remove(path.c_str());
}

TEST(WeightLoaders, DispatchesByFormatAndRejectsMisuse) {
  const std::string npy = temp_path("dispatch.npy");
  write_bytes(npy, npy_bytes(1, kDict23, float_bytes(kValues23)));
  const std::string raw = temp_path("dispatch.raw");
  write_bytes(raw, float_bytes(kValues23));
  EXPECT_EQ(load_weight_matrices(npy, "auto").at(0).values, kValues23);
  EXPECT_EQ(load_weight_matrices(npy, "npy").at(0).values, kValues23);
  EXPECT_EQ(load_weight_matrices(raw, "raw", 3, 2).at(0).rows, 3u);
  auto error = [](const std::string& path, const std::string& format, std::uint32_t rows = 0,
                  std::uint32_t cols = 0) {
    try {
      load_weight_matrices(path, format, rows, cols);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_CONTAINS(error(raw, "auto"), "cannot tell the weight format from the extension '.raw'");
  EXPECT_CONTAINS(error(raw, "raw"), "format raw needs a shape NxK");
  EXPECT_CONTAINS(error(npy, "npy", 2, 3), "a shape is only accepted with format raw");
  EXPECT_CONTAINS(error(npy, "safetensors"), "unknown weight format 'safetensors'");
  EXPECT_CONTAINS(error(npy, "llama2c"), "dispatch.npy: ");  // .npy bytes are not a checkpoint
  std::remove(npy.c_str());
  std::remove(raw.c_str());
}

TEST(WeightLoaders, AutoReadsLlama2cByExtension) {
  const std::string path = std::string(FINEQ_SHARED_DIR) + "/models/stories260K.bin";
  FINEQ_REQUIRE_SHARED_FILE(path);
  const std::vector<FloatMatrix> matrices = load_weight_matrices(path, "auto");
  ASSERT_EQ(matrices.size(), 35u);
  EXPECT_EQ(matrices[4].name, "layers.0.w1");
  EXPECT_EQ(matrices[4].rows, 172u);
  EXPECT_EQ(matrices[4].cols, 64u);
}

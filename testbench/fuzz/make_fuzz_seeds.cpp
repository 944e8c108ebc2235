// Writes the fuzzers' seed corpus: small valid inputs of every format, made by the project's
// own writers where it has one (.fqw) and by hand from the format description elsewhere
// (.npy, llama2.c, raw float32), plus the JSON files of the source tree.
// Usage: make_fuzz_seeds OUT_DIR SOURCE_DIR   (writes OUT_DIR/<fuzz target>/<seed>)
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "fqw_file.hpp"
#include "quantizer.hpp"
#include "synthetic.hpp"

namespace fs = std::filesystem;

namespace {

void write_bytes(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

template <typename T>
void append(std::string& bytes, T value) {
  bytes.append(reinterpret_cast<const char*>(&value), sizeof value);
}

std::string floats(std::uint64_t count, std::uint64_t seed) {
  std::string bytes;
  for (std::uint64_t i = 0; i < count; ++i) append(bytes, 0.01f * static_cast<float>((i * 7 + seed) % 23) - 0.1f);
  return bytes;
}

void fqw_seeds(const fs::path& out) {
  const std::uint32_t rows = 5, cols = 13;
  const std::vector<float> w = fineq::make_llm_like_weights(rows, cols, 7);
  std::vector<fineq::QuantizedMatrix> all;
  int index = 0;
  auto add = [&](fineq::QuantizerConfig config, const std::string& name) {
    all.push_back(fineq::quantize_matrix(name, rows, cols, w.data(), config));
    fineq::write_fqw((out / ("tensor" + std::to_string(index++) + ".fqw")).string(), {all.back()});
  };
  fineq::QuantizerConfig fineq_paper;
  fineq_paper.rule = fineq::ClusterRule::Paper;
  add(fineq_paper, "layers.0.wq");
  fineq::QuantizerConfig fineq_grouped;
  fineq_grouped.group = 2;
  fineq_grouped.codebook = fineq::Codebook::symmetric_codebook();
  add(fineq_grouped, "layers.0.wk");
  fineq::QuantizerConfig rtn;
  rtn.method = fineq::QuantMethod::Rtn;
  rtn.bits = 3;
  rtn.group = 4;
  add(rtn, "rtn3");
  fineq::QuantizerConfig owq;
  owq.method = fineq::QuantMethod::Owq;
  owq.bits = 4;
  owq.fp16_column_fraction = 0.2;
  add(owq, "owq4");
  fineq::write_fqw((out / "all.fqw").string(), all);
  // The same files behind a byte 0x01: fuzz_fqw_reader recomputes their CRCs.
  const std::vector<fs::path> files(fs::directory_iterator(out), fs::directory_iterator{});
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    write_bytes(out / ("crc_fixed_" + file.filename().string()), "\x01" + bytes);
  }
}

std::string npy(const std::string& dict, const std::string& data, char major) {
  std::string header = dict;
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  while ((6 + 2 + length_bytes + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += major;
  bytes += '\0';
  if (major == 1) {
    append(bytes, static_cast<std::uint16_t>(header.size()));
  } else {
    append(bytes, static_cast<std::uint32_t>(header.size()));
  }
  return bytes + header + data;
}

void npy_seeds(const fs::path& out) {
  write_bytes(out / "c_order.npy",
              npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", floats(12, 1), 1));
  write_bytes(out / "fortran.npy",
              npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 5), }", floats(10, 2), 2));
  write_bytes(out / "v3.npy",
              npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", floats(1, 3), 3));
}

// Legacy llama2.c: 7 int32 header fields, then the float32 arrays in llama2.c's order.
std::string llama2c(std::int32_t vocab_size) {
  const std::int32_t dim = 8, hidden = 12, layers = 1, heads = 2, kv_heads = 1, seq_len = 3;
  std::string bytes;
  for (std::int32_t field : {dim, hidden, layers, heads, kv_heads, vocab_size, seq_len}) append(bytes, field);
  const std::uint64_t vocab = static_cast<std::uint64_t>(vocab_size < 0 ? -vocab_size : vocab_size);
  const std::uint64_t kv_dim = dim / heads * kv_heads, head = dim / heads;
  const std::uint64_t count = vocab * dim + layers * (dim + dim * dim + 2 * kv_dim * dim + dim * dim + dim +
                                                      3 * hidden * dim) +
                              dim + 2 * seq_len * head / 2 + (vocab_size < 0 ? vocab * dim : 0);
  return bytes + floats(count, 4);
}

void raw_seeds(const fs::path& out) {
  for (std::uint8_t rows : {1, 3}) {
    const std::uint8_t cols = 4;
    write_bytes(out / ("shape" + std::to_string(rows) + "x4"),
                std::string{static_cast<char>(rows), static_cast<char>(cols)} + floats(rows * cols, rows));
  }
}

void config_seeds(const fs::path& out) {
  write_bytes(out / "small.json", R"({"m": 2, "k": 48, "n": 16, "rows": 4, "cols": 4, "pe": "temporal"})");
  write_bytes(out / "cycle.json",
              R"({"mode": "cycle", "vcd": "out.vcd", "trace-pes": "0:1,0:1", "memory": "dram",
                  "dram-bytes-per-cycle": 8, "dram-latency": 20, "clock-mhz": 500.5,
                  "codebook": "-2,-1,0,1/-4,-3,-2,-1,0,1,2,3", "group": 4, "rule": "paper"})");
}

void cluster_seeds(const fs::path& out) {
  // Default codebook (normal -2..1, outlier -4..3), a 8 x 4 array, K = 13, two rows.
  std::string bytes = {'\xfe', '\xff', '\x00', '\x01', '\xfc', '\xfd', '\xfe', '\xff',
                       '\x00', '\x01', '\x02', '\x03', '\x07', '\x03', '\x0c'};
  for (int i = 0; i < 10; ++i) bytes += static_cast<char>(i * 37);
  write_bytes(out / "default_codebook", bytes);
}

void copy_json_files(const fs::path& from, const fs::path& out) {
  for (const fs::directory_entry& entry : fs::directory_iterator(from)) {
    if (entry.path().extension() != ".json") continue;
    fs::create_directories(out);
    fs::copy_file(entry.path(), out / entry.path().filename(), fs::copy_options::overwrite_existing);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_fuzz_seeds OUT_DIR SOURCE_DIR\n";
    return 2;
  }
  const fs::path out = argv[1], source = argv[2];
  try {
    fs::create_directories(out / "fuzz_fqw_reader");
    fqw_seeds(out / "fuzz_fqw_reader");
    npy_seeds(out / "fuzz_npy_loader");
    write_bytes(out / "fuzz_llama2c_loader" / "shared.bin", llama2c(16));
    write_bytes(out / "fuzz_llama2c_loader" / "separate_classifier.bin", llama2c(-16));
    raw_seeds(out / "fuzz_raw_f32_loader");
    config_seeds(out / "fuzz_simulate_config");
    cluster_seeds(out / "fuzz_cluster_decoder");
    copy_json_files(source / "sweeps", out / "fuzz_sweep_file");
    copy_json_files(source / "model" / "costs", out / "fuzz_cost_table");
  } catch (const std::exception& error) {
    std::cerr << "make_fuzz_seeds: " << error.what() << "\n";
    return 1;
  }
  return 0;
}

// The cycle-mode VCD records every CSR write of the host at the time it happens, also before
// START, when the gated clock does not run yet: csr.write_count steps through 1..N, one
// time step per write, where N is the number of writes the host driver made, and the last
// write is CONTROL.START.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "platform.hpp"
#include "platform_test_support.hpp"
#include "register_map.hpp"

using namespace fineq;

namespace {

struct Change {
  std::uint64_t time;
  std::uint64_t value;
};

// Value changes of the named signals ("scope.leaf") in a VCD written by SystemC.
std::map<std::string, std::vector<Change>> read_changes(const std::string& path,
                                                        const std::vector<std::string>& names) {
  std::ifstream in(path);
  std::map<std::string, std::string> name_of_id;
  std::vector<std::string> scopes;
  std::string line;
  while (std::getline(in, line) && line.rfind("$enddefinitions", 0) != 0) {
    std::istringstream words(line);
    std::string kind, type, width, id, leaf;
    words >> kind;
    if (kind == "$scope") {
      words >> type >> leaf;
      scopes.push_back(leaf);
    } else if (kind == "$upscope") {
      scopes.pop_back();
    } else if (kind == "$var") {
      words >> type >> width >> id >> leaf;
      const std::string name = (scopes.empty() ? "" : scopes.back() + ".") + leaf;
      for (const std::string& wanted : names) {
        if (name == wanted) name_of_id[id] = name;
      }
    }
  }
  std::map<std::string, std::vector<Change>> changes;
  std::uint64_t time = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::string bits, id;
    if (line[0] == '#') {
      time = std::stoull(line.substr(1));
      continue;
    } else if (line[0] == 'b') {
      std::istringstream words(line.substr(1));
      words >> bits >> id;
    } else if (line[0] == '0' || line[0] == '1') {
      bits = line.substr(0, 1);
      id = line.substr(1);
    } else {
      continue;  // $dumpvars, $end, ...
    }
    const auto found = name_of_id.find(id);
    if (found != name_of_id.end()) changes[found->second].push_back({time, std::stoull(bits, nullptr, 2)});
  }
  return changes;
}

TEST(CsrWriteTrace, EveryHostWriteIsOneEventBeforeTheClockStarts) {
  Platform platform("platform");
  std::mt19937_64 rng(4);
  AcceleratorConfig config;
  config.mode = SimMode::Cycle;
  config.rows = 4;
  config.cols = 4;
  SimulationJob job = test::make_job(
      config, test::random_matrix(Encoding::FineQV1, 0, 6, 20, 0, rng), 2,
      test::random_activations(2, 20, rng));
  job.register_overrides = {{csr::kM, 2}};  // an extra write the trace must show too
  const std::string vcd = (std::filesystem::temp_directory_path() /
                           ("fineq_csr_trace_" + std::to_string(::getpid()) + ".vcd"))
                              .string();
  job.vcd_path = vcd;
  job.trace_window = {0, 1, 0, 1};

  const std::uint64_t writes_before = platform.host().register_writes();
  const SimulationResult result = platform.run(job);
  ASSERT_TRUE(result.completed) << result.error_message;
  const std::uint64_t host_writes = platform.host().register_writes() - writes_before;
  ASSERT_GT(host_writes, 1u);

  auto changes = read_changes(
      vcd, {"csr.write_count", "csr.write_offset", "csr.write_data", "control.clock"});
  std::filesystem::remove(vcd);
  std::filesystem::remove(std::filesystem::path(vcd).replace_extension(".gtkw"));
  const std::vector<Change>& count = changes["csr.write_count"];
  ASSERT_EQ(count.size(), host_writes) << "one recorded write per host write";
  for (std::size_t i = 0; i < count.size(); ++i) {
    EXPECT_EQ(count[i].value, i + 1);
    if (i > 0) {
      EXPECT_GT(count[i].time, count[i - 1].time);
    }
  }
  ASSERT_FALSE(changes["csr.write_offset"].empty());
  ASSERT_FALSE(changes["csr.write_data"].empty());
  EXPECT_EQ(changes["csr.write_offset"].back().value, csr::kControl);
  EXPECT_EQ(changes["csr.write_data"].back().value, csr::kControlStart);
  EXPECT_EQ(changes["csr.write_offset"].back().time, count.back().time);
  // The clock starts with the job: its first rising edge shares START's time step, every
  // write before START comes earlier (no clock samples them).
  std::uint64_t first_rise = ~std::uint64_t{0};
  for (const Change& edge : changes["control.clock"]) {
    if (edge.value == 1) {
      first_rise = edge.time;
      break;
    }
  }
  ASSERT_NE(first_rise, ~std::uint64_t{0}) << "the clock never ran";
  EXPECT_EQ(count.back().time, first_rise);
  EXPECT_LT(count[count.size() - 2].time, first_rise);
}

}  // namespace

// --mode structural --pe-model rtl on random jobs: the array of Verilated RTL PEs
// (model/structural_rtl/) must give exactly the cycle mode's cycles.total / compute / stall,
// every ActivityCounts field and Y, and Y must equal the golden software, for every PE kind
// on 4 x 4 and 8 x 8 arrays, with K mostly not a multiple of 3 and partial tiles.
//
// SystemC elaborates once per process and the structural array is built for the first
// structural job's shape, so every array runs in a child process of its own (fork() before
// anything is elaborated); the parent checks the child's exit status.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <random>
#include <string>

#include "platform.hpp"
#include "platform_test_support.hpp"
#include "pe_factory.hpp"
#include "rtl_pe_models.hpp"

using namespace fineq;

namespace {

QuantizedMatrix random_tensor(PeKind pe, std::uint32_t n, std::uint32_t k, int trial,
                              std::mt19937_64& rng) {
  const bool grouped = trial % 3 == 1;
  if (pe == PeKind::Temporal) {
    // Largest magnitudes 4, 4, 8 and 128: the RTL PE's magnitude and counter pins must carry
    // every int8 codebook value, beyond the 3-bit design point of the synthesized PE.
    const Codebook books[] = {Codebook::default_codebook(), Codebook::symmetric_codebook(),
                              Codebook::parse("-4,-1,1,4/-8,-5,-3,-1,1,3,5,8"),
                              Codebook::parse("-2,-1,0,1/-128,-4,-2,-1,0,1,3,127")};
    return test::random_matrix(Encoding::FineQV1, 0, n, k, grouped ? 3u * (1 + trial % 2) : 0u,
                               rng, books[trial % 4]);
  }
  const int max_bits = pe == PeKind::Int8x4 ? 4 : 8;
  const auto bits = static_cast<std::uint8_t>(2 + trial % (max_bits - 1));
  return test::random_matrix(Encoding::IntB, bits, n, k, grouped ? 5u : 0u, rng);
}

void run_jobs(PeKind pe, std::uint32_t size, std::uint64_t seed, int jobs) {
  register_rtl_pe_models();
  std::mt19937_64 rng(seed);
  auto pick = [&](std::uint32_t lo, std::uint32_t hi) {
    return std::uniform_int_distribution<std::uint32_t>(lo, hi)(rng);
  };
  for (int trial = 0; trial < jobs; ++trial) {
    AcceleratorConfig config;
    config.pe = pe;
    config.rows = size;
    config.cols = size;
    config.pe_model = "rtl";
    config.window = static_cast<WindowPolicy>(trial % 2);
    config.memory = static_cast<MemoryKind>((trial / 2) % 2);
    config.decoder_clusters_per_cycle = pick(1, 12);
    config.dram_latency_cycles = pick(0, 40);
    config.dram_bytes_per_cycle = pick(1, 16);
    const std::uint32_t m = trial % 3 == 0 ? 1 : pick(2, 6);
    // K not a multiple of 3 in three trials out of four, N not a multiple of the columns:
    // folds start inside FineQ clusters, tiles are partial along both array dimensions.
    const std::uint32_t k = 3 * pick(1, 3 * size) + (trial % 4 == 3 ? 0 : 1 + trial % 2);
    const std::uint32_t n = pick(1, 2 * size + 1);
    if (trial % 5 == 4) config.activation_buffer_bytes = 2 * k;  // several m-chunks
    SimulationJob job = test::make_job(config, random_tensor(pe, n, k, trial, rng), m,
                                       test::random_activations(m, k, rng, trial % 3 ? ~0u : 0u));
    SCOPED_TRACE(std::string(pe_kind_name(pe)) + " " + std::to_string(size) + "x" +
                 std::to_string(size) + " trial " + std::to_string(trial) + " M=" +
                 std::to_string(m) + " K=" + std::to_string(k) + " N=" + std::to_string(n) +
                 " codebook " + job.weights.codebook.to_string());
    job.config.mode = SimMode::Structural;  // the process's first job builds the RTL array
    const SimulationResult rtl = run_simulation(job);
    job.config.mode = SimMode::Cycle;
    const SimulationResult cycle = run_simulation(job);
    ASSERT_TRUE(rtl.completed) << rtl.error_message;
    ASSERT_TRUE(cycle.completed) << cycle.error_message;
    EXPECT_TRUE(rtl.verified);
    EXPECT_TRUE(rtl.bit_exact) << rtl.mismatches << " outputs differ from golden";
    EXPECT_EQ(rtl.y, cycle.y);
    EXPECT_EQ(rtl.cycles.total, cycle.cycles.total);
    EXPECT_EQ(rtl.cycles.compute, cycle.cycles.compute);
    EXPECT_EQ(rtl.cycles.stall, cycle.cycles.stall);
    test::expect_activity_equal(rtl.activity, cycle.activity);
    EXPECT_GT(rtl.cycles.compute, 0u);
  }
}

template <class Body>
void in_child_process(Body body) {
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0) << "fork failed";
  if (pid == 0) {
    try {
      body();
    } catch (const std::exception& error) {
      ADD_FAILURE() << "exception: " << error.what();
    }
    const bool failed = ::testing::Test::HasFailure();
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(failed ? 1 : 0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "the child process died (signal " << WTERMSIG(status) << ")";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the child's failures are printed above";
}

struct ArrayCase {
  PeKind pe;
  std::uint32_t size;
};

class StructuralRtl : public ::testing::TestWithParam<ArrayCase> {};

TEST_P(StructuralRtl, RandomJobsMatchTheCycleModeAndGolden) {
  const ArrayCase& c = GetParam();
  in_child_process([&] { run_jobs(c.pe, c.size, 77 * c.size + static_cast<int>(c.pe), 16); });
}

INSTANTIATE_TEST_SUITE_P(
    Arrays, StructuralRtl,
    ::testing::Values(ArrayCase{PeKind::Temporal, 4}, ArrayCase{PeKind::Temporal, 8},
                      ArrayCase{PeKind::Int8x8, 4}, ArrayCase{PeKind::Int8x8, 8},
                      ArrayCase{PeKind::Int8x4, 4}, ArrayCase{PeKind::Int8x4, 8}),
    [](const ::testing::TestParamInfo<ArrayCase>& info) {
      return std::string(pe_kind_name(info.param.pe)) + "_" + std::to_string(info.param.size) +
             "x" + std::to_string(info.param.size);
    });

// The RTL model is found by name, and a PE model that does not exist is refused naming the flag.
TEST(StructuralRtlFactory, RtlIsAModelOfEveryPeKind) {
  register_rtl_pe_models();
  for (PeKind kind : {PeKind::Temporal, PeKind::Int8x8, PeKind::Int8x4}) {
    EXPECT_TRUE(PeFactory::instance().has(kind, "rtl"));
    EXPECT_TRUE(PeFactory::instance().has(kind, "systemc"));
  }
  try {
    PeFactory::instance().check_available(PeKind::Temporal, "verilog");
    ADD_FAILURE() << "an unknown PE model was accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("--pe-model"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("rtl"), std::string::npos) << error.what();
  }
}

}  // namespace

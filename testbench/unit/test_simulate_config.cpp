// `fineq simulate --config FILE.json` (software/cli/simulate_options.cpp): the regressions
// fuzz_simulate_config found. Every refusal is a UsageError naming the file; a value is
// stored as given even when it looks like an option.
#include <gtest/gtest.h>

#include <fstream>

#include "option_values.hpp"
#include "simulate_options.hpp"
#include "temp_path.hpp"

namespace po = boost::program_options;
using fineq::cli::UsageError;

namespace {

std::string write_config(const std::string& text) {
  const std::string path = fineq::test::unique_temp_path("config.json");
  std::ofstream(path) << text;
  return path;
}

// The message of the UsageError the config raises, or "stored" if it is accepted.
std::string outcome(const std::string& text, po::variables_map& vm) {
  const std::string path = write_config(text);
  try {
    fineq::cli::store_config_file(path, fineq::cli::simulate_options(), vm);
    return "stored";
  } catch (const UsageError& error) {
    return error.what();
  }
}

std::string outcome(const std::string& text) {
  po::variables_map vm;
  return outcome(text, vm);
}

}  // namespace

TEST(SimulateConfig, EmptyOrPartialKeyIsAnUnknownKeyNamingTheFile) {
  // Found by the fuzzer: "" passed the key check and Boost threw "option is ambiguous and
  // matches ..." naming neither the file nor the key.
  const std::string path = write_config("");
  EXPECT_EQ(outcome(R"({"": 4})"), path + ": unknown key ''");
  EXPECT_EQ(outcome(R"({"row": 4})"), path + ": unknown key 'row'");
  EXPECT_EQ(outcome(R"({"h": 1})"), path + ": unknown key 'h'");
}

TEST(SimulateConfig, ValuesThatLookLikeOptionsStayValues) {
  po::variables_map vm;
  ASSERT_EQ(outcome(R"({"trace-pes": "--", "seed": "-5", "mode": "--m"})", vm), "stored");
  EXPECT_EQ(vm["trace-pes"].as<std::string>(), "--");
  EXPECT_EQ(vm["seed"].as<std::string>(), "-5");
  EXPECT_EQ(vm["mode"].as<std::string>(), "--m");
  EXPECT_EQ(vm.count("m"), 0u);
}

TEST(SimulateConfig, NumbersBecomeTheirJsonText) {
  po::variables_map vm;
  ASSERT_EQ(outcome(R"({"m": 3, "clock-mhz": 2.5})", vm), "stored");
  EXPECT_EQ(vm["m"].as<std::string>(), "3");
  EXPECT_EQ(vm["clock-mhz"].as<std::string>(), "2.5");
}

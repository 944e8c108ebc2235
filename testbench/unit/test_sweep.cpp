// Sweep files: expansion into points, stable ids, command-line arguments, errors that name
// the key; aggregation of point results into the SCALE-Sim-style CSV and comparisons.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "sweep_results.hpp"
#include "sweep_spec.hpp"
#include "temp_path.hpp"

namespace fineq {
namespace {

SweepSpec expand(const std::string& text, const SweepSpec::ArgumentCheck& check = nullptr) {
  return SweepSpec::from_json(nlohmann::json::parse(text), "s.json", "/sweeps", check);
}

std::string error_of(const std::string& text, const SweepSpec::ArgumentCheck& check = nullptr) {
  try {
    expand(text, check);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "no error";
}

TEST(SweepSpec, GridIsTheCartesianProductOverDefaults) {
  const SweepSpec spec = expand(R"({
    "name": "t",
    "simulate": {
      "defaults": {"rows": 8, "memory": "dram"},
      "grid": {
        "arch": [{"pe": "temporal", "window": "fixed"}, {"pe": "int8x4"}],
        "m": [1, 16, 512],
        "rows": [4, 8]
      }
    }})");
  ASSERT_EQ(spec.points().size(), 12u);
  std::set<std::string> ids;
  for (const SweepPoint& point : spec.points()) {
    ids.insert(point.id);
    EXPECT_EQ(point.kind, "simulate");
    EXPECT_EQ(point.parameters["memory"], "dram");
    EXPECT_FALSE(point.parameters.contains("arch"));  // object values set their keys
    EXPECT_EQ(point.id.rfind("simulate-", 0), 0u);
    EXPECT_EQ(point.id.size(), std::string("simulate-").size() + 16);
  }
  EXPECT_EQ(ids.size(), 12u);
  // The grid axis overrides the default.
  std::set<int> rows;
  for (const SweepPoint& point : spec.points()) rows.insert(point.parameters["rows"].get<int>());
  EXPECT_EQ(rows, (std::set<int>{4, 8}));
}

TEST(SweepSpec, AListOfGridsSharesIdenticalPoints) {
  const SweepSpec spec = expand(R"({"simulate": {"defaults": {"m": 512},
    "grid": [{"pe": ["temporal", "int8x4"], "k": [4096, 11008]},
             {"pe": ["temporal", "int8x4"], "rows": [8, 32]}]}})");
  EXPECT_EQ(spec.points().size(), 8u);
  EXPECT_NE(error_of(R"({"simulate": {"grid": []}})").find("simulate.grid: expected"), std::string::npos);
  EXPECT_NE(error_of(R"({"simulate": {"grid": [{"m": [1]}, {"m": 2}]}})").find("simulate.grid[1].m:"),
            std::string::npos);
}

TEST(SweepSpec, IdsDependOnlyOnKindAndParameters) {
  const SweepSpec a = expand(R"({"simulate": {"points": [{"m": 1, "pe": "int8x8"}]}})");
  const SweepSpec b = expand(R"({"name": "other", "simulate": {"defaults": {"pe": "int8x8"},
                                 "grid": {"m": [1]}}})");
  const SweepSpec c = expand(R"({"simulate": {"points": [{"m": 2, "pe": "int8x8"}]}})");
  EXPECT_EQ(a.points()[0].id, b.points()[0].id);
  EXPECT_NE(a.points()[0].id, c.points()[0].id);
  // The id is fixed forever: a result directory from an earlier build must still resume.
  // FNV-1a 64 of "simulate\n{\"m\":1,\"pe\":\"int8x8\"}".
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char byte : std::string("simulate\n{\"m\":1,\"pe\":\"int8x8\"}")) {
    hash = (hash ^ byte) * 1099511628211ull;
  }
  std::ostringstream hex;
  hex << "simulate-" << std::hex;
  hex.width(16);
  hex.fill('0');
  hex << hash;
  EXPECT_EQ(a.points()[0].id, hex.str());
}

TEST(SweepSpec, ArgumentsFlagsPathsAndLabels) {
  const SweepSpec spec = expand(R"({
    "simulate": {"points": [{"layer": "q_proj", "m": 1, "clock-mhz": 500.5, "no-verify": true,
                             "quiet": false, "cost-table": "costs/t.json"}]},
    "quantize": {"points": [{"model": "../models/x.bin", "method": "rtn", "bits": 3}]}})");
  ASSERT_EQ(spec.points().size(), 2u);
  const auto& simulate = spec.points()[0].kind == "simulate" ? spec.points()[0] : spec.points()[1];
  const auto& quantize = spec.points()[0].kind == "quantize" ? spec.points()[0] : spec.points()[1];
  EXPECT_EQ(simulate.arguments,
            (std::vector<std::string>{"--clock-mhz", "500.5", "--cost-table", "/sweeps/costs/t.json",
                                      "--m", "1", "--no-verify"}));
  EXPECT_EQ(quantize.arguments, (std::vector<std::string>{"--bits", "3", "--method", "rtn",
                                                          "--model", "/models/x.bin"}));
  // Labels stay in the parameters (and the id) but are not options.
  EXPECT_EQ(simulate.parameters["layer"], "q_proj");
}

TEST(SweepSpec, DuplicatePointsRunOnce) {
  const SweepSpec spec = expand(R"({"simulate": {"grid": {"m": [1, 2]},
                                                 "points": [{"m": 2}, {"m": 3}]}})");
  EXPECT_EQ(spec.points().size(), 3u);
}

TEST(SweepSpec, ErrorsNameTheKey) {
  EXPECT_NE(error_of(R"({"simulat": {}})").find("s.json.simulat: unknown key"), std::string::npos);
  EXPECT_NE(error_of(R"({"simulate": {"grid": {"m": 4}}})").find("simulate.grid.m: expected a non-empty array"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"simulate": {"grid": {"m": []}}})").find("simulate.grid.m"), std::string::npos);
  EXPECT_NE(error_of(R"({"simulate": {"points": [{"m": [1, 2]}]}})")
                .find("simulate.points[0].m: expected a string, number or boolean, got an array of 2 values"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"simulate": {"grid": {"arch": [{"pe": {"x": 1}}]}}})")
                .find("simulate.grid.arch[0].pe"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"simulate": {"defaults": {"m": 1}}})").find("neither a grid nor points"),
            std::string::npos);
  // Found as a hostile user would: raw "[json.exception.type_error.302]" text, no key named.
  EXPECT_EQ(error_of(R"({"name": [], "simulate": {"points": [{"m": 1}]}})"),
            "s.json: 'name' must be a string, got an array of 0 values");
  EXPECT_EQ(error_of(R"({"description": 7, "simulate": {"points": [{"m": 1}]}})"),
            "s.json: 'description' must be a string, got 7");
  // Option values are quoted in the messages of the subcommand that refuses them: bounded.
  EXPECT_EQ(error_of(R"({"simulate": {"points": [{"pe": ")" + std::string(5000, 'x') + R"("}]}})"),
            "s.json: simulate.points[0].pe: expected at most 4096 characters, got 5000");
  // An empty axis name became the argument "--", which ended option parsing.
  EXPECT_EQ(error_of(R"({"simulate": {"grid": {"": [1, 2]}}})"),
            "s.json: simulate.grid.'': expected an option name without dashes (e.g. \"rows\")");
  EXPECT_EQ(error_of(R"({"simulate": {"points": [{"-m": 1}]}})"),
            "s.json: simulate.points[0].'-m': expected an option name without dashes (e.g. \"rows\")");
  EXPECT_NE(error_of(R"({"name": "x"})").find("no points"), std::string::npos);
  EXPECT_NE(error_of(R"({"simulate": {"points": [{"m": 1}]}, "compare": [{"name": "c",
              "baseline": {"pe": "int8x4"}, "candidate": {"pe": "temporal"}}]})")
                .find("compare[0].match: missing"),
            std::string::npos);
  EXPECT_NE(error_of("[1]").find("expected a JSON object"), std::string::npos);
}

TEST(SweepSpec, SubcommandCheckRejectsAPointWithItsParameters) {
  const auto check = [](const std::string& kind, const std::vector<std::string>& args) {
    for (const std::string& arg : args) {
      if (arg == "--colz") return kind + ": unrecognised option '--colz'";
    }
    return std::string();
  };
  const std::string error =
      error_of(R"({"simulate": {"grid": {"rows": [4], "colz": [8]}}})", check);
  EXPECT_NE(error.find("simulate.grid {\"colz\":8,\"rows\":4}: simulate: unrecognised option '--colz'"),
            std::string::npos)
      << error;
}

TEST(SweepSpec, LoadNamesTheFile) {
  try {
    SweepSpec::load("/nonexistent/sweep.json", nullptr);
    FAIL();
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/sweep.json"), std::string::npos);
  }
}

TEST(SweepResults, MappingEfficiencyByHand) {
  // K=100 over R=8: 13 chunks (12 full, one of 4); N=70 over C=8: 9 chunks.
  EXPECT_DOUBLE_EQ(mapping_efficiency(100, 70, 8, 8, 100), 7000.0 / (13 * 9 * 64));
  // Segments of 48 weights: 48 -> 6 chunks, 48 -> 6, 4 -> 1: still 13 chunks.
  EXPECT_DOUBLE_EQ(mapping_efficiency(100, 70, 8, 8, 48), 7000.0 / (13 * 9 * 64));
  // Segments of 12 weights: 8 segments of 12 (2 chunks each) and one of 4: 17 chunks.
  EXPECT_DOUBLE_EQ(mapping_efficiency(100, 70, 8, 8, 12), 7000.0 / (17 * 9 * 64));
  EXPECT_DOUBLE_EQ(mapping_efficiency(64, 64, 32, 32, 64), 1.0);
}

class SweepAggregation : public testing::Test {
 protected:
  void SetUp() override {
    directory_ = test::unique_temp_path("sweep_aggregation");
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  void write_result(const SweepPoint& point, const nlohmann::json& report) {
    std::ofstream(directory_ / (point.id + ".json")) << report.dump();
  }

  // A hand-made simulate report with the keys the aggregator reads.
  static nlohmann::json report(double total, double compute, double macs, double energy_array,
                               double energy_on_chip, double energy_total, double area_array,
                               double area_total) {
    return {{"cycles", {{"total", total}, {"compute", compute}, {"stall", total - compute}}},
            {"macs", macs},
            {"config", {{"rows", 8}, {"cols", 8}}},
            {"shape", {{"m", 4}, {"k", 100}, {"n", 70}}},
            {"workload", {{"group_size", 0}}},
            {"energy_pj", {{"array_total", energy_array}, {"on_chip_total", energy_on_chip},
                           {"total", energy_total}}},
            {"area_um2", {{"array_total", area_array}, {"total", area_total}}}};
  }

  std::filesystem::path directory_;
};

TEST_F(SweepAggregation, ComputeReportColumnsAndComparison) {
  const SweepSpec spec = expand(R"({
    "simulate": {"defaults": {"layer": "L"}, "grid": {"pe": ["temporal", "int8x4"], "m": [4, 5]}},
    "quantize": {"points": [{"method": "rtn", "bits": 2}]},
    "compare": [{"name": "T vs B", "baseline": {"pe": "int8x4"}, "candidate": {"pe": "temporal"},
                 "match": ["m"], "paper": {"energy_efficiency": 1.79}}]})");
  const SweepPoint* temporal4 = nullptr;
  const SweepPoint* int8x4_4 = nullptr;
  const SweepPoint* quantize = nullptr;
  for (const SweepPoint& point : spec.points()) {
    if (point.kind == "quantize") quantize = &point;
    if (point.kind == "simulate" && point.parameters["m"] == 4) {
      (point.parameters["pe"] == "temporal" ? temporal4 : int8x4_4) = &point;
    }
  }
  ASSERT_TRUE(temporal4 && int8x4_4 && quantize);
  write_result(*temporal4, report(1000, 800, 28000, 100, 400, 1000, 300, 3000));
  write_result(*int8x4_4, report(500, 400, 28000, 150, 600, 1600, 500, 3500));
  write_result(*quantize, {{"overall", {{"mean_rel_error", 0.175}, {"bits_per_weight", 2.25}}}});

  const SweepReports reports = aggregate_sweep(spec, directory_.string());
  EXPECT_EQ(reports.missing.size(), 2u);  // the m = 5 points
  std::istringstream csv(reports.compute_csv);
  std::string header, row;
  std::getline(csv, header);
  EXPECT_EQ(header.rfind("LayerID,Total Cycles,Stall Cycles,Overall Util %,Mapping Efficiency %,"
                         "Compute Util %,PointID,m,pe,",
                         0),
            0u)
      << header;
  std::getline(csv, row);
  // 28000 MACs on 64 PEs: 1000 cycles -> 43.75 %, 800 -> 54.6875 %; mapping 7000/7488.
  EXPECT_EQ(row.rfind("L,1000,200,43.75,93.482906,54.6875," + temporal4->id + ",4,temporal,", 0), 0u)
      << row;

  EXPECT_NE(reports.accuracy_csv.find("mean_rel_error,bits_per_weight"), std::string::npos);
  EXPECT_NE(reports.accuracy_csv.find(",rtn,0.175,2.25,"), std::string::npos) << reports.accuracy_csv;

  // Energy efficiency = baseline / candidate: 150/100, 600/400, 1600/1000; area 1 - 300/500.
  const nlohmann::json& pair = reports.results.at("comparisons").at(0).at("pairs").at(0);
  EXPECT_DOUBLE_EQ(pair["energy_ratio"]["array"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(pair["energy_ratio"]["on_chip"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(pair["energy_ratio"]["total"].get<double>(), 1.6);
  EXPECT_NEAR(pair["array_area_reduction_pct"].get<double>(), 40.0, 1e-12);
  EXPECT_NEAR(pair["total_area_reduction_pct"].get<double>(), 100.0 / 7, 1e-12);
  EXPECT_DOUBLE_EQ(pair["cycle_ratio"].get<double>(), 2.0);
  EXPECT_EQ(reports.results["comparisons"][0]["pairs"].size(), 1u);
  EXPECT_NE(reports.comparison_text.find("up to 1.79x"), std::string::npos);
  EXPECT_NE(reports.comparison_csv.find("T vs B,L," + temporal4->id + "," + int8x4_4->id + ",1.5,1.5,1.6,"),
            std::string::npos)
      << reports.comparison_csv;
}

TEST_F(SweepAggregation, UnreadableResultNamesTheFile) {
  const SweepSpec spec = expand(R"({"simulate": {"points": [{"m": 1}]}})");
  std::ofstream(directory_ / (spec.points()[0].id + ".json")) << "{ truncated";
  try {
    aggregate_sweep(spec, directory_.string());
    FAIL();
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(spec.points()[0].id + ".json"), std::string::npos);
  }
}

}  // namespace

// Found while fuzzing the sweep parser: 12 axes of 10 values (under 500 bytes) describe 10^12
// points, and the expansion ran until memory ran out. The product is checked first.
TEST(SweepSpec, GridLargerThanAnySweepIsRefusedBeforeExpansion) {
  nlohmann::json axes;
  for (int i = 0; i < 12; ++i) axes["a" + std::to_string(i)] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::string bomb = nlohmann::json{{"simulate", {{"grid", axes}}}}.dump();
  EXPECT_EQ(error_of(bomb),
            "s.json: simulate.grid: the grids of this section expand to more than 100000 points; "
            "split the sweep");
  // The limit counts the section's grids together: 10^4 points, then 10^5 more is over it
  // (alone, 10^5 would be just within).
  nlohmann::json four, five;
  for (int i = 0; i < 5; ++i) {
    (i < 4 ? four : five)["a" + std::to_string(i)] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    if (i < 4) five["a" + std::to_string(i)] = four["a" + std::to_string(i)];
  }
  const nlohmann::json both = {{"simulate", {{"grid", nlohmann::json::array({four, five})}}}};
  EXPECT_EQ(error_of(both.dump()),
            "s.json: simulate.grid[1]: the grids of this section expand to more than 100000 "
            "points; split the sweep");
  EXPECT_EQ(expand(nlohmann::json{{"simulate", {{"grid", four}}}}.dump()).points().size(), 10000u);
}

}  // namespace fineq

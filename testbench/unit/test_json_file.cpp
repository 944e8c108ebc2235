// Every JSON input goes through read_json_file: nesting is bounded before a deep value is
// built (60,000 nested arrays crashed `fineq simulate --config` with a stack overflow), and
// error messages describe values without printing them whole.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

#include "json_file.hpp"
#include "temp_path.hpp"

using namespace fineq;

namespace {
std::string error_reading(const std::string& path) {
  try {
    read_json_file(path, "config");
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "no error";
}

std::string nested(int levels) {
  return "{\"m\":" + std::string(levels, '[') + std::string(levels, ']') + "}";
}
}  // namespace

TEST(JsonFile, NestingIsBoundedAt64Levels) {
  const std::string path = fineq::test::unique_temp_path("deep.json");
  // The object is level 1, so 63 arrays inside it make 64 levels: accepted.
  std::ofstream(path) << nested(63);
  EXPECT_EQ(error_reading(path), "no error");
  std::ofstream(path) << nested(64);
  EXPECT_EQ(error_reading(path), "config '" + path + "': nested deeper than 64 levels");
  std::ofstream(path) << nested(60000);
  EXPECT_EQ(error_reading(path), "config '" + path + "': nested deeper than 64 levels");
  std::remove(path.c_str());
}

TEST(JsonFile, ValuesAreDescribedNotPrinted) {
  EXPECT_EQ(describe_json_value(nlohmann::json::parse("[1, [2, 3], 4]")), "an array of 3 values");
  EXPECT_EQ(describe_json_value(nlohmann::json::parse(R"({"a": 1, "b": 2})")), "an object of 2 keys");
  EXPECT_EQ(describe_json_value(nullptr), "null");
  EXPECT_EQ(describe_json_value(true), "true");
  EXPECT_EQ(describe_json_value(-2.5), "-2.5");
  EXPECT_EQ(describe_json_value("short"), "'short'");
  EXPECT_EQ(describe_json_value(std::string(1000000, 'x')), "'" + std::string(40, 'x') + "...'");
}

TEST(JsonFile, OptionalStringKeys) {
  const nlohmann::json document = nlohmann::json::parse(R"({"name": "n", "format": null})");
  EXPECT_EQ(optional_json_string(document, "name", "d", "f.json"), "n");
  EXPECT_EQ(optional_json_string(document, "missing", "d", "f.json"), "d");
  try {
    optional_json_string(document, "format", "", "f.json");
    ADD_FAILURE() << "null accepted as a string";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "f.json: 'format' must be a string, got null");
  }
}

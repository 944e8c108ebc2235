#pragma once
// Reading a whole JSON file with errors that say which file, and what it was meant to be.
// Every JSON input of the project (simulate config, sweep file, cost table, sweep point
// results) goes through read_json_file, which bounds the nesting depth: a hostile file of
// 60,000 nested arrays would otherwise overflow the stack in the recursive code that copies,
// compares or prints a value.
#include <string>

#include <nlohmann/json.hpp>

namespace fineq {

// Deeper than any file the project reads (sweep files nest about 5 levels).
constexpr int kMaxJsonDepth = 64;

// Throws std::runtime_error "<what> '<path>': cannot open", "...: not valid JSON: <detail>"
// or "...: nested deeper than 64 levels".
nlohmann::json read_json_file(const std::string& path, const std::string& what);

// A short description of a JSON value for an error message: scalars as written (long
// strings cut to 40 characters), arrays and objects by type and size, never in full.
std::string describe_json_value(const nlohmann::json& value);

// `text` cut to 40 characters (then "..."): keys and strings from a file in an error message.
std::string json_text_excerpt(const std::string& text);

// The string value of an optional key: `fallback` if absent; throws std::runtime_error
// "<where>: '<key>' must be a string, got <value>" if present with another type.
std::string optional_json_string(const nlohmann::json& object, const std::string& key,
                                 const std::string& fallback, const std::string& where);

}  // namespace fineq

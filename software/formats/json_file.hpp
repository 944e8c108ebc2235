#pragma once
// Reading a whole JSON file with errors that say which file, and what it was meant to be.
#include <string>

#include <nlohmann/json.hpp>

namespace fineq {

// Throws std::runtime_error "<what> '<path>': cannot open" or "...: not valid JSON: <detail>".
nlohmann::json read_json_file(const std::string& path, const std::string& what);

}  // namespace fineq

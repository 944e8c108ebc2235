#include "json_file.hpp"

#include <fstream>
#include <stdexcept>

namespace fineq {

nlohmann::json read_json_file(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(what + " '" + path + "': cannot open");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error(what + " '" + path + "': not valid JSON: " + error.what());
  }
}

}  // namespace fineq

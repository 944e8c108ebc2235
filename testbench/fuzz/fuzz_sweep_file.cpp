// Sweep file parser: grids, points, comparisons. Every expanded point's arguments go to a
// check that accepts them, so expansion itself is exercised in full.
#include <stdexcept>

#include "fuzz_input_file.hpp"
#include "sweep_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fineq::fuzz::FuzzInputFile file("sweep.json");
  file.write(data, size);
  const auto accept_all = [](const std::string&, const std::vector<std::string>&) {
    return std::string();
  };
  try {
    fineq::SweepSpec::load(file.path(), accept_all);
  } catch (const std::runtime_error& error) {
    fineq::fuzz::require_message_names(error, file.path());
  }
  return 0;
}

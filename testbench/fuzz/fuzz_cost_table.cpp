// Cost table parser: a table is refused with a message naming the file, or loaded so that
// every entry can be described.
#include <stdexcept>

#include "cost_table.hpp"
#include "fuzz_input_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fineq::fuzz::FuzzInputFile file("costs.json");
  file.write(data, size);
  try {
    const fineq::CostTable table = fineq::CostTable::load(file.path());
    for (const fineq::CostEntry* entry : table.entries_with_prefix("")) entry->describe();
  } catch (const std::runtime_error& error) {
    fineq::fuzz::require_message_names(error, file.path());
  }
  return 0;
}

// `fineq simulate --config FILE.json`: JSON keys become options. A config is refused with a
// UsageError naming the file, or every value it gives is stored as the option's string.
#include <boost/program_options.hpp>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "fuzz_input_file.hpp"
#include "option_values.hpp"
#include "simulate_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fineq::fuzz::FuzzInputFile file("config.json");
  static const boost::program_options::options_description options =
      fineq::cli::simulate_options();
  file.write(data, size);
  boost::program_options::variables_map vm;
  try {
    fineq::cli::store_config_file(file.path(), options, vm);
    boost::program_options::notify(vm);
  } catch (const fineq::cli::UsageError& error) {
    fineq::fuzz::require_message_names(error, file.path());
    return 0;
  } catch (const std::runtime_error& error) {  // read_json_file: cannot open, not JSON
    fineq::fuzz::require_message_names(error, file.path());
    return 0;
  }
  for (const auto& [key, value] : vm) {
    if (options.find_nothrow(key, false) == nullptr || key == "config" || key == "help") {
      std::fprintf(stderr, "fuzz: config stored key '%s' that is not a simulate option\n",
                   key.c_str());
      std::abort();
    }
    value.as<std::string>();
  }
  return 0;
}

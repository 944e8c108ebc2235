#include "pe_module.hpp"

namespace fineq {

PeModule::PeModule(sc_core::sc_module_name name)
    : sc_module(name),
      clock("clock"),
      load("load"),
      weight_valid("weight_valid"),
      weight("weight"),
      act_in("act_in"),
      act_out("act_out"),
      valid_in("valid_in"),
      valid_out("valid_out"),
      psum_in("psum_in"),
      psum_out("psum_out"),
      window_end("window_end") {}

}  // namespace fineq

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

void PeModule::end_of_elaboration() {
  io_ = {load.operator->(),     weight_valid.operator->(), weight.operator->(),
         act_in.operator->(),   act_out.operator->(),      valid_in.operator->(),
         valid_out.operator->(), psum_in.operator->(),     psum_out.operator->(),
         window_end.operator->()};
}

}  // namespace fineq

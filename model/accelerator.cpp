#include "accelerator.hpp"

#include "cycle_fold_engine.hpp"
#include "cycle_job_timing.hpp"
#include "fast_job_timing.hpp"
#include "fast_tile_engine.hpp"

namespace fineq {

Accelerator::Accelerator(sc_core::sc_module_name name, ControlRegisters& registers,
                         const MemorySpan& memory)
    : sc_module(name),
      memory_socket("memory_socket"),
      controller_("controller", registers, memory),
      dma_("dma"),
      weight_buffer_("weight_buffer", 0),
      activation_buffer_("activation_buffer", 0),
      output_buffer_("output_buffer", 0),
      decoder_("decoder"),
      array_("array"),
      cycle_datapath_("cycle_datapath") {
  wiring_.connect(dma_.memory_socket, memory_socket);
  connect(dma_.weight_port, weight_buffer_.dma_socket, weight_buffer_);
  connect(dma_.activation_port, activation_buffer_.dma_socket, activation_buffer_);
  connect(dma_.output_port, output_buffer_.dma_socket, output_buffer_);
  connect(dma_.scale_port, array_.scale_registers.dma_socket, array_.scale_registers);
  connect(decoder_.weight_port, weight_buffer_.datapath_socket, weight_buffer_);
  wiring_.connect(decoder_.tile_out, array_);
  connect(array_.activation_port, activation_buffer_.datapath_socket, activation_buffer_);
  connect(array_.output_port, output_buffer_.datapath_socket, output_buffer_);
  connect(array_.scale_port, array_.scale_registers.datapath_socket, array_.scale_registers);
  wiring_.connect(controller_.dma, dma_);
  wiring_.connect(controller_.decoder, decoder_);
  wiring_.connect(controller_.array, array_);
  wiring_.connect(controller_.weight_meter, weight_buffer_);
  wiring_.connect(controller_.activation_meter, activation_buffer_);
  wiring_.connect(controller_.output_meter, output_buffer_);
  configure(AcceleratorConfig{});
}

void Accelerator::connect(BufferPort& port, tlm::tlm_target_socket<>& target,
                          SramBuffer& buffer) {
  wiring_.connect(port.socket, target);
  wiring_.connect(port.meter, buffer);
}

void Accelerator::configure(const AcceleratorConfig& config) {
  config.validate();
  cycle_datapath_.configure(config);
  if (config.mode != SimMode::Fast) {  // every clocked mode runs on the clock domain
    controller_.configure(config, std::make_unique<CycleJobTiming>(cycle_datapath_));
    array_.configure(config, std::make_unique<CycleFoldEngine>(cycle_datapath_));
  } else {
    controller_.configure(config, std::make_unique<FastJobTiming>(config.clock_mhz));
    array_.configure(config, std::make_unique<FastTileEngine>());
  }
  dma_.configure(config);
  decoder_.configure(config);
  weight_buffer_.resize(2 * config.weight_buffer_bytes);
  activation_buffer_.resize(config.activation_buffer_bytes);
  output_buffer_.resize(config.output_buffer_bytes);
}

void Accelerator::set_use_dmi(bool use) {
  dma_.set_use_dmi(use);
  decoder_.set_use_dmi(use);
  array_.set_use_dmi(use);
}

}  // namespace fineq

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
      controller("controller", registers, memory),
      dma("dma"),
      weight_buffer("weight_buffer", 0),
      activation_buffer("activation_buffer", 0),
      output_buffer("output_buffer", 0),
      decoder("decoder"),
      array("array"),
      cycle_datapath("cycle_datapath") {
  wiring_.connect(dma.memory_socket, memory_socket);
  connect(dma.weight_port, weight_buffer.dma_socket, weight_buffer);
  connect(dma.activation_port, activation_buffer.dma_socket, activation_buffer);
  connect(dma.output_port, output_buffer.dma_socket, output_buffer);
  connect(dma.scale_port, array.scale_registers.dma_socket, array.scale_registers);
  connect(decoder.weight_port, weight_buffer.datapath_socket, weight_buffer);
  wiring_.connect(decoder.tile_out, array);
  connect(array.activation_port, activation_buffer.datapath_socket, activation_buffer);
  connect(array.output_port, output_buffer.datapath_socket, output_buffer);
  connect(array.scale_port, array.scale_registers.datapath_socket, array.scale_registers);
  wiring_.connect(controller.dma, dma);
  wiring_.connect(controller.decoder, decoder);
  wiring_.connect(controller.array, array);
  wiring_.connect(controller.weight_meter, weight_buffer);
  wiring_.connect(controller.activation_meter, activation_buffer);
  wiring_.connect(controller.output_meter, output_buffer);
  configure(AcceleratorConfig{});
}

void Accelerator::connect(BufferPort& port, tlm::tlm_target_socket<>& target,
                          SramBuffer& buffer) {
  wiring_.connect(port.socket, target);
  wiring_.connect(port.meter, buffer);
}

void Accelerator::configure(const AcceleratorConfig& config) {
  config.validate();
  cycle_datapath.configure(config);
  if (config.mode == SimMode::Cycle) {
    controller.configure(config, std::make_unique<CycleJobTiming>(cycle_datapath));
    array.configure(config, std::make_unique<CycleFoldEngine>(cycle_datapath));
  } else {
    controller.configure(config, std::make_unique<FastJobTiming>(config.clock_mhz));
    array.configure(config, std::make_unique<FastTileEngine>());
  }
  dma.configure(config);
  decoder.configure(config);
  weight_buffer.resize(2 * config.weight_buffer_bytes);
  activation_buffer.resize(config.activation_buffer_bytes);
  output_buffer.resize(config.output_buffer_bytes);
}

void Accelerator::set_use_dmi(bool use) {
  dma.set_use_dmi(use);
  decoder.set_use_dmi(use);
  array.set_use_dmi(use);
}

}  // namespace fineq

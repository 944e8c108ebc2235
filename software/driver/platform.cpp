#include "platform.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "cycle_tracer.hpp"
#include "device_layout.hpp"
#include "register_map.hpp"

namespace fineq {

namespace {
AddressMap platform_address_map(std::uint64_t dram_bytes) {
  AddressMap map;
  map.add({"dram", kDramBase, dram_bytes, 0});
  map.add({"csr", kCsrBase, csr::kBlockSize, 1});
  return map;
}

std::uint64_t device_bytes_needed(const SimulationJob& job) {
  const GemmShape shape{job.m, job.weights.cols, job.weights.rows};
  const WeightLayout layout = WeightLayout::of(job.weights);
  return (job.weight_placement ? place_device_memory(shape, layout, *job.weight_placement)
                               : layout_device_memory(shape, layout))
      .end;
}
}  // namespace

Platform::Platform(sc_core::sc_module_name name, std::uint64_t dram_bytes)
    : sc_module(name),
      host_("host", kCsrBase),
      router_("router", platform_address_map(dram_bytes)),
      dram_("dram", dram_bytes),
      csr_("csr"),
      dma_("dma"),
      accelerator_("accelerator", csr_.registers(), dma_, MemorySpan{kDramBase, dram_bytes}) {
  if (dram_bytes > kCsrBase) throw std::invalid_argument("platform: DRAM would overlap the CSRs");
  host_.socket.bind(router_.target_socket);
  dma_.socket.bind(router_.target_socket);
  router_.initiator_socket.bind(dram_.socket);  // port 0
  router_.initiator_socket.bind(csr_.socket);   // port 1
  // Loosely timed: the controller may run this far ahead of the host before it syncs.
  tlm::tlm_global_quantum::instance().set(sc_core::sc_time(10, sc_core::SC_US));
}

void check_submittable(const SimulationJob& job, std::uint64_t dram_bytes) {
  job.config.validate();
  job.weights.validate();
  if (job.weights.has_fp16_weights()) {
    throw std::invalid_argument("tensor '" + job.weights.name +
                                "' keeps FP16 weights, which the integer datapath cannot run");
  }
  if (job.activations.size() != std::uint64_t{job.m} * job.weights.cols) {
    throw std::invalid_argument("activations: expected M x K = " + std::to_string(job.m) + " x " +
                                std::to_string(job.weights.cols) + " values, got " +
                                std::to_string(job.activations.size()));
  }
  const std::uint64_t needed = device_bytes_needed(job);
  if (needed > dram_bytes) {
    throw std::invalid_argument("job needs " + std::to_string(needed) +
                                " bytes of device memory, the platform has " +
                                std::to_string(dram_bytes));
  }
}

std::unique_ptr<CycleTracer> Platform::start_trace(const SimulationJob& job) {
  if (job.config.mode != SimMode::Cycle) {
    throw std::invalid_argument("--vcd: waveforms come from the cycle-level mode (--mode cycle)");
  }
  if (sc_core::sc_get_status() != sc_core::SC_ELABORATION) {
    throw std::invalid_argument("--vcd: only the first job of a process can be traced");
  }
  job.trace_window.check_fits(job.config.rows, job.config.cols);
  auto tracer = std::make_unique<CycleTracer>(job.vcd_path, job.trace_window,
                                              accelerator_.cycle_datapath(), csr_.registers());
  accelerator_.cycle_datapath().set_tracer(tracer.get());
  return tracer;
}

SimulationResult Platform::run(const SimulationJob& job) {
  check_submittable(job, dram_.size());
  accelerator_.configure(job.config);
  const std::unique_ptr<CycleTracer> tracer = job.vcd_path.empty() ? nullptr : start_trace(job);
  dma_.set_use_dmi(job.use_dmi);
  // The DRAM target sees the host's traffic too; the device's share is the rest.
  auto device_read = [&] { return dram_.read_bytes() - host_.memory_read_bytes(); };
  auto device_write = [&] { return dram_.write_bytes() - host_.memory_write_bytes(); };
  const std::uint64_t read_before = device_read();
  const std::uint64_t write_before = device_write();
  host_.post(job);
  sc_core::sc_start();
  SimulationResult result = host_.take_result();
  if (tracer != nullptr) {
    accelerator_.cycle_datapath().set_tracer(nullptr);
    // A failed job leaves no waveform behind (the tracer's destructor drops the partial file).
    if (result.completed) tracer->close();
  }
  result.dram_target_read_bytes = device_read() - read_before;
  result.dram_target_write_bytes = device_write() - write_before;
  return result;
}

SimulationResult run_simulation(const SimulationJob& job) {
  // Elaboration happens once per process; the platform lives until the process ends.
  static Platform* platform = nullptr;
  if (platform == nullptr) {
    // DRAM ends where the CSR block begins: refuse a larger job before elaborating anything
    // (a platform that failed half-way could not be built again in this process).
    check_submittable(job, kCsrBase - kDramBase);
    platform = new Platform("platform", std::max(kDefaultDramBytes, device_bytes_needed(job)));
  }
  return platform->run(job);
}

}  // namespace fineq

// libsystemc.so defines main() and references sc_main, so every executable that links the
// platform must provide sc_main, even when it has its own main() and drives the kernel with
// sc_start() directly (the `fineq` CLI, the benchmarks). It lives here because this object
// is always linked with the platform; being weak, it gives way to a real sc_main such as
// the SystemC tests' sc_test_main.cpp.
__attribute__((weak)) int sc_main(int, char*[]) {
  std::fprintf(stderr, "sc_main: this program has its own main()\n");
  return 1;
}

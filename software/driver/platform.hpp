#pragma once
// The simulated system: host driver, router, device DRAM, CSR block and the accelerator
// (with its DMA engine), bound together from an address map. SystemC elaborates once per
// process, so one Platform runs any number of jobs in sequence (the accelerator is
// reconfigured between jobs); run_simulation() keeps one per process.
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <systemc>

#include "accelerator.hpp"
#include "csr_block.hpp"
#include "cycle_tracer.hpp"
#include "dram.hpp"
#include "host_driver.hpp"
#include "router.hpp"
#include "simulation_job.hpp"
#include "wiring.hpp"

namespace fineq {

constexpr std::uint64_t kDramBase = 0;
constexpr std::uint64_t kCsrBase = 0xF0000000;
constexpr std::uint64_t kDefaultDramBytes = 256ull << 20;

class Platform : public sc_core::sc_module {
 public:
  Platform(sc_core::sc_module_name name, std::uint64_t dram_bytes = kDefaultDramBytes);

  // Runs one job to completion (simulation resumes and stops when the system is idle).
  // Throws std::invalid_argument for a job the host cannot even submit (bad tensor or
  // activations, device memory too small, invalid configuration) and std::runtime_error
  // for a bus failure of the host; device-side errors come back in the result.
  SimulationResult run(const SimulationJob& job);
  const HostDriver& host() const { return host_; }
  // The module tree with every port and socket and what it is bound to.
  void print_hierarchy(std::ostream& out) const;

 private:
  // Attaches a VCD tracer for job.vcd_path; throws std::invalid_argument if the job cannot
  // be traced (fast mode, not the process's first job, window outside the array).
  std::unique_ptr<CycleTracer> start_trace(const SimulationJob& job);

  HostDriver host_;
  Router router_;
  Dram dram_;
  CsrBlock csr_;
  Accelerator accelerator_;
  Wiring wiring_;  // the bindings made here (the accelerator keeps its own)
};

// Builds the process's platform on first use (with DRAM large enough for this job, at least
// kDefaultDramBytes, at most the kCsrBase bytes below the CSR block) and runs the job on it.
SimulationResult run_simulation(const SimulationJob& job);
// Builds the process's platform on first use (default DRAM) and prints its hierarchy.
void print_platform_hierarchy(std::ostream& out);

// The host's checks of a job before it touches the device.
void check_submittable(const SimulationJob& job, std::uint64_t dram_bytes);

}  // namespace fineq

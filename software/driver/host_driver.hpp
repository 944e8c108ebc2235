#pragma once
// The host driver: a TLM-2.0 initiator thread that runs posted jobs one after another. For
// each job it quantizes the activations, writes packed weights, FP16 scales, INT8
// activations and FP32 activation scales into device memory, programs the CSRs, starts the
// accelerator, polls STATUS (waiting in simulated time), reads Y and the counters back and
// compares Y with fineq::golden_gemm using ==.
#include <cstdint>
#include <exception>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "simulation_job.hpp"

namespace fineq {

class HostDriver : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<HostDriver> socket;

  HostDriver(sc_core::sc_module_name name, std::uint64_t csr_base);

  // Hands a job to the driver thread; it runs when the simulation next runs.
  void post(const SimulationJob& job);
  // The finished job's result; rethrows a host-side failure (bus error, bad input).
  SimulationResult take_result();

 private:
  void driver_thread();
  void run_job(const SimulationJob& job, SimulationResult& result);
  void bus_access(tlm::tlm_command command, std::uint64_t addr, std::uint8_t* data,
                  std::uint64_t bytes);
  void write_memory(std::uint64_t addr, const void* data, std::uint64_t bytes);
  void write_register(std::uint32_t offset, std::uint32_t value);
  std::uint32_t read_register(std::uint32_t offset);
  std::uint64_t read_counter(std::uint32_t offset);

  std::uint64_t csr_base_;
  const SimulationJob* job_ = nullptr;
  sc_core::sc_event job_posted_;
  SimulationResult result_;
  std::exception_ptr failure_;
  bool has_result_ = false;
  // The driver's own device-memory traffic (loading inputs, reading Y back).
  std::uint64_t memory_read_bytes_ = 0;
  std::uint64_t memory_write_bytes_ = 0;
  std::uint64_t register_writes_ = 0;  // CSR writes issued, accepted or not

 public:
  std::uint64_t memory_read_bytes() const { return memory_read_bytes_; }
  std::uint64_t memory_write_bytes() const { return memory_write_bytes_; }
  std::uint64_t register_writes() const { return register_writes_; }
};

}  // namespace fineq

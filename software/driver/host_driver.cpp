#include "host_driver.hpp"

#include <chrono>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "device_layout.hpp"
#include "golden.hpp"
#include "job_setup.hpp"
#include "register_map.hpp"

namespace fineq {

namespace {
constexpr std::uint64_t kBurstBytes = 64 * 1024;
// STATUS polls are this many accelerator clock cycles apart.
constexpr double kPollCycles = 1024;
}  // namespace

HostDriver::HostDriver(sc_core::sc_module_name name, std::uint64_t csr_base)
    : sc_module(name), socket("socket"), csr_base_(csr_base) {
  SC_HAS_PROCESS(HostDriver);
  SC_THREAD(driver_thread);
}

void HostDriver::post(const SimulationJob& job) {
  job_ = &job;
  has_result_ = false;
  failure_ = nullptr;
  job_posted_.notify(sc_core::SC_ZERO_TIME);
}

SimulationResult HostDriver::take_result() {
  if (!has_result_) throw std::logic_error("host driver: the job did not finish");
  has_result_ = false;
  if (failure_) std::rethrow_exception(failure_);
  return std::move(result_);
}

void HostDriver::driver_thread() {
  for (;;) {
    if (job_ == nullptr) sc_core::wait(job_posted_);
    const SimulationJob* job = job_;
    job_ = nullptr;
    result_ = SimulationResult{};
    try {
      run_job(*job, result_);
    } catch (...) {
      failure_ = std::current_exception();
    }
    has_result_ = true;
  }
}

void HostDriver::bus_access(tlm::tlm_command command, std::uint64_t addr, std::uint8_t* data,
                            std::uint64_t bytes) {
  tlm::tlm_generic_payload payload;
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  payload.set_command(command);
  payload.set_address(addr);
  payload.set_data_ptr(data);
  payload.set_data_length(static_cast<unsigned int>(bytes));
  payload.set_streaming_width(static_cast<unsigned int>(bytes));
  payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  socket->b_transport(payload, delay);
  if (payload.is_response_error()) {
    std::ostringstream message;
    message << "host driver: " << (command == tlm::TLM_READ_COMMAND ? "read" : "write") << " of "
            << bytes << " bytes at 0x" << std::hex << addr << " failed: "
            << payload.get_response_string();
    throw std::runtime_error(message.str());
  }
  if (delay != sc_core::SC_ZERO_TIME) sc_core::wait(delay);
}

void HostDriver::write_memory(std::uint64_t addr, const void* data, std::uint64_t bytes) {
  // TLM payloads carry a non-const data pointer; a write never modifies the data.
  auto* cursor = const_cast<std::uint8_t*>(static_cast<const std::uint8_t*>(data));
  for (std::uint64_t done = 0; done < bytes; done += kBurstBytes) {
    bus_access(tlm::TLM_WRITE_COMMAND, addr + done, cursor + done,
               std::min(kBurstBytes, bytes - done));
  }
  memory_write_bytes_ += bytes;
}

void HostDriver::write_register(std::uint32_t offset, std::uint32_t value) {
  ++register_writes_;
  bus_access(tlm::TLM_WRITE_COMMAND, csr_base_ + offset, reinterpret_cast<std::uint8_t*>(&value), 4);
}

std::uint32_t HostDriver::read_register(std::uint32_t offset) {
  std::uint32_t value = 0;
  bus_access(tlm::TLM_READ_COMMAND, csr_base_ + offset, reinterpret_cast<std::uint8_t*>(&value), 4);
  return value;
}

std::uint64_t HostDriver::read_counter(std::uint32_t offset) {
  const std::uint64_t low = read_register(offset);
  return low | std::uint64_t{read_register(offset + 4)} << 32;
}

void HostDriver::run_job(const SimulationJob& job, SimulationResult& result) {
  const auto started = std::chrono::steady_clock::now();
  const QuantizedMatrix& w = job.weights;
  const Int8Activations x = quantize_activations(job.activations, job.m, w.cols);
  const GemmShape shape{job.m, w.cols, w.rows};
  const DeviceLayout device =
      job.weight_placement ? place_device_memory(shape, WeightLayout::of(w), *job.weight_placement)
                           : layout_device_memory(shape, WeightLayout::of(w));

  if (!job.weight_placement || job.weight_placement->write_weights) {
    write_memory(device.addr[0], w.payload.data(), w.payload.size());
    write_memory(device.addr[1], w.scales.data(), 2 * w.scales.size());
  }
  write_memory(device.addr[2], x.values.data(), x.values.size());
  write_memory(device.addr[3], x.scales.data(), 4 * x.scales.size());

  JobRegisters job_registers;
  job_registers.m = shape.m;
  job_registers.k = shape.k;
  job_registers.n = shape.n;
  job_registers.weight_format = weight_format_value(static_cast<std::uint32_t>(w.encoding),
                                                    w.encoding == Encoding::FineQV1 ? 0 : w.bits);
  job_registers.group_size = w.group_size;
  codebook_to_registers(w.codebook, job_registers);
  const std::pair<std::uint32_t, std::uint32_t> writes[] = {
      {csr::kM, job_registers.m},
      {csr::kK, job_registers.k},
      {csr::kN, job_registers.n},
      {csr::kWeightFormat, job_registers.weight_format},
      {csr::kGroupSize, job_registers.group_size},
      {csr::kCodebookNormal, job_registers.codebook_normal},
      {csr::kCodebookOutlierLow, job_registers.codebook_outlier_low},
      {csr::kCodebookOutlierHigh, job_registers.codebook_outlier_high},
      {csr::kWeightsAddr, static_cast<std::uint32_t>(device.addr[0])},
      {csr::kWeightScalesAddr, static_cast<std::uint32_t>(device.addr[1])},
      {csr::kActivationsAddr, static_cast<std::uint32_t>(device.addr[2])},
      {csr::kActivationScalesAddr, static_cast<std::uint32_t>(device.addr[3])},
      {csr::kYAddr, static_cast<std::uint32_t>(device.addr[4])},
  };
  for (const auto& [offset, value] : writes) write_register(offset, value);
  for (const auto& [offset, value] : job.register_overrides) write_register(offset, value);
  write_register(csr::kControl, csr::kControlStart);

  const sc_core::sc_time poll_period(kPollCycles * 1e3 / job.config.clock_mhz, sc_core::SC_NS);
  std::uint32_t status = read_register(csr::kStatus);
  while ((status & (csr::kStatusDone | csr::kStatusError)) == 0) {
    sc_core::wait(poll_period);
    status = read_register(csr::kStatus);
  }
  if ((status & csr::kStatusError) != 0) {
    result.error_cause = static_cast<ErrorCause>(read_register(csr::kErrorCause));
    result.error_detail = read_register(csr::kErrorDetail);
    result.error_message =
        "accelerator error: " + describe_job_error(result.error_cause, result.error_detail);
    result.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return;
  }
  result.completed = true;
  result.cycles.total = read_counter(csr::kCyclesTotal);
  result.cycles.compute = read_counter(csr::kCyclesCompute);
  result.cycles.stall = read_counter(csr::kCyclesStall);
  std::uint64_t activity[csr::kActivityCount];
  for (std::uint32_t i = 0; i < csr::kActivityCount; ++i) {
    activity[i] = read_counter(csr::kActivityBase + 8 * i);
  }
  static_assert(sizeof activity == sizeof result.activity);
  std::memcpy(&result.activity, activity, sizeof activity);

  result.y.resize(std::size_t{shape.m} * shape.n);
  auto* y_bytes = reinterpret_cast<std::uint8_t*>(result.y.data());
  const std::uint64_t y_size = 4 * result.y.size();
  for (std::uint64_t done = 0; done < y_size; done += kBurstBytes) {
    bus_access(tlm::TLM_READ_COMMAND, device.addr[4] + done, y_bytes + done,
               std::min(kBurstBytes, y_size - done));
  }
  memory_read_bytes_ += y_size;
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (job.verify) {
    const std::vector<float> golden = golden_gemm(x, w);
    for (std::size_t i = 0; i < golden.size(); ++i) {
      if (!(result.y[i] == golden[i])) ++result.mismatches;
    }
    result.verified = true;
    result.bit_exact = result.mismatches == 0;
  }
}

}  // namespace fineq

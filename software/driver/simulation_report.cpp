#include "simulation_report.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace fineq {

namespace {
nlohmann::json read_write(std::uint64_t read, std::uint64_t write) {
  return {{"read", read}, {"write", write}};
}

nlohmann::json config_json(const AcceleratorConfig& config) {
  return {{"rows", config.rows},
          {"cols", config.cols},
          {"pe", pe_kind_name(config.pe)},
          {"window", window_policy_name(config.window)},
          {"codebook", config.codebook.to_string()},
          {"decoder_clusters_per_cycle", config.decoder_clusters_per_cycle},
          {"memory", memory_kind_name(config.memory)},
          {"dram_bytes_per_cycle", config.dram_bytes_per_cycle},
          {"dram_latency_cycles", config.dram_latency_cycles},
          {"weight_buffer_bytes", config.weight_buffer_bytes},
          {"activation_buffer_bytes", config.activation_buffer_bytes},
          {"output_buffer_bytes", config.output_buffer_bytes},
          {"clock_mhz", config.clock_mhz},
          {"mode", sim_mode_name(config.mode)}};
}

nlohmann::json activity_json(const ActivityCounts& a) {
  return {{"macs", a.macs},
          {"pe_mac_slots", a.pe_mac_slots},
          {"pulses", a.pulses},
          {"idle_window_cycles", a.idle_window_cycles},
          {"multiplies", a.multiplies},
          {"adds", a.adds},
          {"weight_register_loads", a.weight_register_loads},
          {"decoded_clusters", a.decoded_clusters},
          {"output_scalings", a.output_scalings},
          {"weight_buffer_read_bytes", a.weight_buffer_read_bytes},
          {"weight_buffer_write_bytes", a.weight_buffer_write_bytes},
          {"activation_buffer_read_bytes", a.activation_buffer_read_bytes},
          {"activation_buffer_write_bytes", a.activation_buffer_write_bytes},
          {"output_buffer_read_bytes", a.output_buffer_read_bytes},
          {"output_buffer_write_bytes", a.output_buffer_write_bytes},
          {"dram_read_bytes", a.dram_read_bytes},
          {"dram_write_bytes", a.dram_write_bytes}};
}
}  // namespace

double array_utilization(const AcceleratorConfig& config, const SimulationResult& result) {
  if (result.cycles.total == 0) return 0.0;
  return static_cast<double>(result.activity.macs) /
         (static_cast<double>(config.rows) * config.cols * static_cast<double>(result.cycles.total));
}

nlohmann::json simulation_report(const SimulationJob& job, const SimulationResult& result,
                                 const WorkloadInfo& workload) {
  const QuantizedMatrix& w = job.weights;
  const ActivityCounts& a = result.activity;
  nlohmann::json report;
  report["config"] = config_json(job.config);
  report["workload"] = {{"source", workload.source},
                        {"tensor", w.name},
                        {"seed", workload.seed},
                        {"encoding", encoding_name(w.encoding)},
                        {"bits", w.bits},
                        {"rule", rule_name(w.rule)},
                        {"group_size", w.group_size}};
  report["shape"] = {{"m", job.m}, {"k", w.cols}, {"n", w.rows}};
  report["cycles"] = {{"total", result.cycles.total},
                      {"compute", result.cycles.compute},
                      {"stall", result.cycles.stall}};
  report["macs"] = a.macs;
  report["pulses"] = a.pulses;
  report["utilization"] = array_utilization(job.config, result);
  report["activity"] = activity_json(a);
  report["traffic_bytes"] = {
      {"dram", read_write(a.dram_read_bytes, a.dram_write_bytes)},
      {"weight_buffer", read_write(a.weight_buffer_read_bytes, a.weight_buffer_write_bytes)},
      {"activation_buffer",
       read_write(a.activation_buffer_read_bytes, a.activation_buffer_write_bytes)},
      {"output_buffer", read_write(a.output_buffer_read_bytes, a.output_buffer_write_bytes)}};
  report["verify"] = {{"checked", result.verified},
                      {"bit_exact", result.bit_exact},
                      {"mismatches", result.mismatches},
                      {"outputs", result.y.size()}};
  report["sim"] = {{"mode", sim_mode_name(job.config.mode)},
                   {"wall_seconds", result.wall_seconds},
                   {"simulated_seconds",
                    static_cast<double>(result.cycles.total) / (job.config.clock_mhz * 1e6)}};
  return report;
}

std::string simulation_csv_header() {
  return "pe,window,memory,rows,cols,m,k,n,encoding,bits,cycles_total,cycles_compute,"
         "cycles_stall,macs,pulses,utilization,dram_read_bytes,dram_write_bytes,bit_exact,"
         "mismatches,wall_seconds\n";
}

std::string simulation_csv_row(const SimulationJob& job, const SimulationResult& result) {
  const AcceleratorConfig& c = job.config;
  const QuantizedMatrix& w = job.weights;
  std::ostringstream row;
  row << pe_kind_name(c.pe) << ',' << window_policy_name(c.window) << ','
      << memory_kind_name(c.memory) << ',' << c.rows << ',' << c.cols << ',' << job.m << ','
      << w.cols << ',' << w.rows << ',' << encoding_name(w.encoding) << ',' << int{w.bits} << ','
      << result.cycles.total << ',' << result.cycles.compute << ',' << result.cycles.stall << ','
      << result.activity.macs << ',' << result.activity.pulses << ','
      << array_utilization(c, result) << ',' << result.activity.dram_read_bytes << ','
      << result.activity.dram_write_bytes << ',' << (result.bit_exact ? "true" : "false") << ','
      << result.mismatches << ',' << result.wall_seconds << '\n';
  return row.str();
}

void append_simulation_csv(const std::string& path, const SimulationJob& job,
                           const SimulationResult& result) {
  auto fail = [&](const char* what) {
    throw std::runtime_error(path + ": cannot " + what + ": " + std::strerror(errno));
  };
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) fail("open for appending");
  struct stat info {};
  std::string text;
  const bool ok = ::flock(fd, LOCK_EX) == 0 && ::fstat(fd, &info) == 0;
  if (ok) {
    text = (info.st_size == 0 ? simulation_csv_header() : std::string()) +
           simulation_csv_row(job, result);
  }
  const bool written = ok && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const int saved_errno = errno;
  ::close(fd);
  errno = saved_errno;
  if (!written) fail("append a line");
}

}  // namespace fineq

#pragma once
// VCD waveform of the cycle-level mode through sc_trace: clock and CSRs, the DMA channel,
// the decoder, the pulse counters and the PEs of a window. The array's state lives in plain
// arrays; on every clock edge the tracer copies the traced part into a few plain variables
// that sc_trace watches, so tracing costs nothing per untraced PE. Beside the VCD it writes
// a GTKWave save file with the signals grouped and the first fold in view.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "control_registers.hpp"
#include "live_temporaries.hpp"
#include "gtkwave_save_file.hpp"
#include "trace_window.hpp"

namespace sc_core {
class sc_trace_file;
}

namespace fineq {

class CycleDatapath;

class CycleTracer {
 public:
  // Opens the VCD (as a partial file until close()) and registers every trace; must happen
  // before the simulation starts. Throws std::invalid_argument if the file cannot be created.
  CycleTracer(const std::string& vcd_path, const TraceWindow& window,
              const CycleDatapath& datapath, const ControlRegisters& registers);
  ~CycleTracer();  // without close(): the partial VCD is removed
  CycleTracer(const CycleTracer&) = delete;
  CycleTracer& operator=(const CycleTracer&) = delete;

  const TraceWindow& window() const { return window_; }
  // Copies the datapath's traced state into the watched variables.
  void sample(const CycleDatapath& datapath);
  // Finishes the VCD, moves it to its path and writes NAME.gtkw beside it.
  void close();
  std::string gtkw_path() const;

 private:
  struct PeMirror {
    int weight = 0;
    int activation = 0;
    bool valid = false;
    int psum = 0;
    bool pulse = false;
  };
  template <class T>
  void trace(const T& value, const std::string& scope, const std::string& leaf, int width,
             GtkwaveSaveFile::Format format);
  void trace_bit(const bool& value, const std::string& scope, const std::string& leaf);

  std::string vcd_path_;
  std::unique_ptr<LiveTemporary> partial_;  // the VCD while it is written
  TraceWindow window_;
  sc_core::sc_trace_file* file_ = nullptr;
  GtkwaveSaveFile layout_;

  // Watched copies of the state (addresses must stay fixed once traced).
  std::uint32_t error_cause_ = 0;
  bool job_active_ = false;
  bool dma_busy_ = false;
  bool dma_write_ = false;
  std::uint64_t dma_address_ = 0;
  std::uint64_t dma_length_ = 0;
  std::uint64_t dma_remaining_ = 0;
  std::uint32_t dma_beat_ = 0;
  std::uint32_t phase_ = 0;
  std::uint32_t fold_ = 0;
  std::uint64_t fold_cycle_ = 0;
  std::uint32_t window_cycles_ = 0;
  std::uint32_t decoder_clusters_ = 0;
  std::uint32_t decoder_byte_ = 0;
  int decoded_[3] = {0, 0, 0};
  std::vector<int> pulse_counters_;
  std::vector<PeMirror> pes_;
  // First fold's time span, for the save file's initial view.
  const ControlRegisters& registers_;
  std::uint64_t first_fold_start_ = 0;
  std::uint64_t first_fold_end_ = 0;
  bool first_fold_started_ = false;
  bool first_fold_seen_ = false;
};

}  // namespace fineq

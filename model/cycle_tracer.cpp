#include "cycle_tracer.hpp"

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <systemc>

#include "atomic_file.hpp"
#include "cycle_datapath.hpp"
#include "output_target.hpp"

namespace fineq {

namespace {
using Format = GtkwaveSaveFile::Format;

// Message type of SystemC's info I703 (sysc/tracing/sc_tracing_ids.h, not a public header).
constexpr const char* kTimescaleInfo = "tracing timescale unit set";

std::uint64_t now_in_resolution_units() { return sc_core::sc_time_stamp().value(); }
}  // namespace

CycleTracer::CycleTracer(const std::string& vcd_path, const TraceWindow& window,
                         const CycleDatapath& datapath, const ControlRegisters& registers)
    : vcd_path_(vcd_path),
      window_(window),
      registers_(registers) {
  // A unique name per run (two runs tracing to the same path do not share a partial file),
  // registered so that a signal or an error anywhere removes it.
  try {
    partial_ = create_output_temporary(vcd_path, ".partial.", ".vcd");
  } catch (const std::runtime_error& error) {
    throw std::invalid_argument("--vcd: " + std::string(error.what()));
  }
  const std::string& partial = partial_->path();
  // SystemC appends ".vcd" to the name it is given.
  file_ = sc_core::sc_create_vcd_trace_file(partial.substr(0, partial.size() - 4).c_str());
  // One VCD time unit = the kernel's resolution, so that time stamps map 1:1. SystemC says
  // so in an info message on stdout, which would land in the middle of the CLI's summary.
  const sc_core::sc_actions previous = sc_core::sc_report_handler::set_actions(
      kTimescaleInfo, sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  file_->set_time_unit(sc_core::sc_get_time_resolution().to_seconds(), sc_core::SC_SEC);
  sc_core::sc_report_handler::set_actions(kTimescaleInfo, sc_core::SC_INFO, previous);

  layout_.begin_group("clock / control");
  sc_core::sc_trace(file_, datapath.clock, "control.clock");
  layout_.add_signal("SystemC.control.clock", Format::Binary);
  trace_bit(job_active_, "control", "job_active");
  trace_bit(registers.status.busy, "control", "status_busy");
  trace_bit(registers.status.done, "control", "status_done");
  trace_bit(registers.status.error, "control", "status_error");
  trace(error_cause_, "control", "error_cause", 8, Format::Decimal);
  trace(phase_, "array", "phase", 2, Format::Decimal);
  trace(fold_, "array", "fold", 32, Format::Decimal);
  trace(fold_cycle_, "array", "fold_cycle", 64, Format::Decimal);
  trace(window_cycles_, "array", "window", 8, Format::Decimal);

  layout_.begin_group("CSR registers", true);
  const JobRegisters& job = registers.job;
  trace(job.m, "csr", "M", 32, Format::Decimal);
  trace(job.k, "csr", "K", 32, Format::Decimal);
  trace(job.n, "csr", "N", 32, Format::Decimal);
  trace(job.weight_format, "csr", "weight_format", 32, Format::Hex);
  trace(job.group_size, "csr", "group_size", 32, Format::Decimal);
  trace(job.weights_addr, "csr", "weights_addr", 32, Format::Hex);
  trace(job.weight_scales_addr, "csr", "weight_scales_addr", 32, Format::Hex);
  trace(job.activations_addr, "csr", "activations_addr", 32, Format::Hex);
  trace(job.activation_scales_addr, "csr", "activation_scales_addr", 32, Format::Hex);
  trace(job.y_addr, "csr", "y_addr", 32, Format::Hex);
  // Host writes at the time they happen (before START the clock does not run).
  trace(registers.last_write.count, "csr", "write_count", 32, Format::Decimal);
  trace(registers.last_write.offset, "csr", "write_offset", 12, Format::Hex);
  trace(registers.last_write.data, "csr", "write_data", 32, Format::Hex);

  layout_.begin_group("bus / DMA");
  trace_bit(dma_busy_, "dma", "busy");
  trace_bit(dma_write_, "dma", "write");
  trace(dma_address_, "dma", "address", 64, Format::Hex);
  trace(dma_length_, "dma", "length", 64, Format::Decimal);
  trace(dma_beat_, "dma", "beat_bytes", 32, Format::Decimal);
  trace(dma_remaining_, "dma", "remaining", 64, Format::Decimal);

  layout_.begin_group("decoder");
  trace(decoder_clusters_, "decoder", "clusters", 32, Format::Decimal);
  trace(decoder_byte_, "decoder", "input_byte", 8, Format::Hex);
  for (int p = 0; p < 3; ++p) {
    trace(decoded_[p], "decoder", "weight" + std::to_string(p), 8, Format::SignedDecimal);
  }

  layout_.begin_group("pulse counters");
  pulse_counters_.assign(window.col_last - window.col_first + 1, -1);
  for (std::uint32_t c = window.col_first; c <= window.col_last; ++c) {
    trace(pulse_counters_[c - window.col_first], "pulse_counter", "col" + std::to_string(c), 8,
          Format::SignedDecimal);
  }

  const std::uint32_t cols = window.col_last - window.col_first + 1;
  pes_.assign(std::size_t{window.row_last - window.row_first + 1} * cols, PeMirror{});
  for (std::uint32_t r = window.row_first; r <= window.row_last; ++r) {
    for (std::uint32_t c = window.col_first; c <= window.col_last; ++c) {
      PeMirror& pe = pes_[std::size_t{r - window.row_first} * cols + (c - window.col_first)];
      const std::string scope = "pe_" + std::to_string(r) + "_" + std::to_string(c);
      layout_.begin_group("PE " + std::to_string(r) + "," + std::to_string(c));
      trace(pe.weight, scope, "weight", 8, Format::SignedDecimal);
      trace(pe.activation, scope, "activation", 8, Format::SignedDecimal);
      trace_bit(pe.valid, scope, "activation_valid");
      trace_bit(pe.pulse, scope, "pulse");
      trace(pe.psum, scope, "psum", 32, Format::SignedDecimal);
    }
  }
}

CycleTracer::~CycleTracer() {
  // partial_'s destructor removes the partial VCD if close() did not move it into place.
  if (file_ != nullptr) sc_core::sc_close_vcd_trace_file(file_);
}

template <class T>
void CycleTracer::trace(const T& value, const std::string& scope, const std::string& leaf,
                        int width, Format format) {
  sc_core::sc_trace(file_, value, scope + "." + leaf, width);
  layout_.add_signal("SystemC." + scope + "." + leaf + "[" + std::to_string(width - 1) + ":0]",
                     format);
}

void CycleTracer::trace_bit(const bool& value, const std::string& scope, const std::string& leaf) {
  sc_core::sc_trace(file_, value, scope + "." + leaf);
  layout_.add_signal("SystemC." + scope + "." + leaf, Format::Binary);
}

void CycleTracer::sample(const CycleDatapath& datapath) {
  job_active_ = datapath.job_active();
  error_cause_ = static_cast<std::uint32_t>(registers_.status.cause);
  const CycleDmaChannel& dma = datapath.dma();
  dma_busy_ = dma.busy();
  dma_write_ = datapath.current_transfer().write;
  dma_address_ = datapath.current_transfer().address;
  dma_length_ = datapath.current_transfer().bytes;
  dma_remaining_ = dma.remaining_bytes();
  dma_beat_ = datapath.last_beat_bytes();

  const CycleArray& array = datapath.array();
  phase_ = static_cast<std::uint32_t>(array.phase());
  fold_ = static_cast<std::uint32_t>(datapath.folds_started());
  fold_cycle_ = array.fold_cycles();
  window_cycles_ = array.phase() == ArrayPhase::Waves ? array.window() : 0;
  const CycleDecoder& decoder = array.decoder();
  decoder_clusters_ = decoder.clusters_last_cycle();
  if (decoder_clusters_ > 0) {
    decoder_byte_ = decoder.last_input_byte();
    for (int p = 0; p < 3; ++p) decoded_[p] = decoder.last_weights()[p];
  }
  for (std::uint32_t c = window_.col_first; c <= window_.col_last; ++c) {
    pulse_counters_[c - window_.col_first] = array.pulse_counter(c);
  }
  const std::uint32_t cols = window_.col_last - window_.col_first + 1;
  for (std::uint32_t r = window_.row_first; r <= window_.row_last; ++r) {
    for (std::uint32_t c = window_.col_first; c <= window_.col_last; ++c) {
      PeMirror& pe = pes_[std::size_t{r - window_.row_first} * cols + (c - window_.col_first)];
      pe.weight = array.weight(r, c);
      pe.activation = array.activation(r, c);
      pe.valid = array.activation_valid(r, c);
      pe.psum = array.psum(r, c);
      pe.pulse = array.pulse(r, c);
    }
  }

  // The first fold of the trace: from the clock it starts to the clock it ends.
  if (!first_fold_seen_ && datapath.folds_started() == 1) {
    if (!first_fold_started_) {
      first_fold_started_ = true;
      first_fold_start_ = now_in_resolution_units();
    } else if (!array.busy()) {
      first_fold_end_ = now_in_resolution_units();
      first_fold_seen_ = true;
    }
  }
}

std::string CycleTracer::gtkw_path() const {
  const std::string suffix = ".vcd";
  const bool has_suffix = vcd_path_.size() > suffix.size() &&
                          vcd_path_.compare(vcd_path_.size() - suffix.size(), suffix.size(), suffix) == 0;
  return (has_suffix ? vcd_path_.substr(0, vcd_path_.size() - suffix.size()) : vcd_path_) + ".gtkw";
}

void CycleTracer::close() {
  if (file_ == nullptr) return;
  sc_core::sc_close_vcd_trace_file(file_);
  file_ = nullptr;
  if (first_fold_seen_) {
    // A little of the clocks before and after the fold frames it.
    const std::uint64_t margin = (first_fold_end_ - first_fold_start_) / 20;
    layout_.set_view(first_fold_start_ > margin ? first_fold_start_ - margin : 0,
                     first_fold_end_ + margin);
  }
  // A save file beside a device (--vcd /dev/null) would be a stray file in /dev.
  const bool with_save_file =
      resolve_output_target(vcd_path_).method == OutputTarget::Method::Replace;
  // The save file first, then the VCD into place: either both appear or neither.
  if (with_save_file) {
    write_text_atomically(gtkw_path(), layout_.text(std::filesystem::absolute(vcd_path_).string()));
  }
  try {
    move_to_output(*partial_, vcd_path_);
  } catch (const std::runtime_error& error) {
    if (with_save_file) std::remove(gtkw_path().c_str());
    throw std::runtime_error("--vcd: " + std::string(error.what()));
  }
}

}  // namespace fineq

#pragma once
// `--mode structural`: the R x C weight-stationary array as R x C PE sc_modules of the
// selected kind (PeFactory) wired by sc_signals, with its pulse counter and a sequencer
// (weight load through the FineQ-v1 decoder, the skewed left edge, the top partial sums, the
// results leaving the bottom row). It is the clocked array of the cycle-level datapath in
// this mode: CycleDatapath calls step() on every rising edge, the PEs' own processes run on
// the same edge, and the fold's clocks, counters and sums equal CycleArray's by the same
// dataflow (docs/timing.md, "Structural mode").
//
//   left edge act/valid ──> PE(r,0) ──act──> PE(r,1) ──> ... ──> PE(r,C-1) ──> (sink)
//   top partial sums psum(0,c) v       psum(r,c) v  down each column,  bottom row = results
#include <cstdint>
#include <memory>
#include <string>
#include <systemc>
#include <vector>

#include "accelerator_config.hpp"
#include "clocked_array.hpp"
#include "cycle_array.hpp"
#include "gtkwave_save_file.hpp"
#include "pe_module.hpp"
#include "pulse_counter.hpp"
#include "trace_window.hpp"

namespace fineq {

class StructuralArray : public sc_core::sc_module, public ClockedArray {
 public:
  // Default cap on R x C (FINEQ_STRUCTURAL_MAX_PES overrides it), and what one PE with its
  // ports, process and signals costs in SystemC objects (measured, docs/timing.md).
  static constexpr std::uint64_t kDefaultMaxPes = 16384;
  static constexpr std::uint64_t kBytesPerPe = 13 * 1024;

  // Throws std::invalid_argument naming the flag if `config` cannot run in structural mode:
  // more PEs than the cap, or no PE implementation of config.pe / config.pe_model.
  static void check_config(const AcceleratorConfig& config);

  // Builds the array for config.rows x config.cols PEs of config.pe; must run during
  // elaboration.
  StructuralArray(sc_core::sc_module_name name, const AcceleratorConfig& config);

  // The PEs' clock. The datapath's clock process drives it together with its own clock
  // (the same delta cycle, so the PEs and the sequencer's step() see the same edge) while a
  // structural job runs; in other jobs the PE processes stay asleep.
  sc_core::sc_signal<bool> clock;

  // The next job's configuration (codebook, window policy, decoder throughput); throws
  // std::invalid_argument if it needs another array shape, PE kind or PE model than the one
  // built. Drops a fold left running by an aborted job.
  void configure(const AcceleratorConfig& config);

  void program_codebook(const Codebook& codebook) override;
  void begin_fold(const CycleFold& fold) override;
  bool step() override;
  void finish_fold() override { collect_results(); }
  void abort_fold() override;
  ArrayPhase phase() const override { return phase_; }
  std::uint64_t fold_cycles() const override { return fold_cycle_; }
  std::uint32_t window() const override { return window_; }
  ActivityCounts fold_activity() const override;
  const CycleDecoder& decoder() const override { return decoder_; }

  // sc_trace of the port signals of the window's PEs and of their columns' pulse counter,
  // with the matching GTKWave groups; before the simulation starts.
  void trace(sc_core::sc_trace_file* file, const TraceWindow& window,
             GtkwaveSaveFile& layout) const;

 private:
  struct PendingResult {
    std::uint32_t col;
    std::uint32_t wave;
  };
  std::size_t at(std::uint32_t r, std::uint32_t c) const { return std::size_t{r} * cols_ + c; }
  // act_/valid_ index of the signal entering PE(r, c) from the left (c = cols_: leaving row r).
  std::size_t lane(std::uint32_t r, std::uint32_t c) const { return std::size_t{r} * (cols_ + 1) + c; }
  // psum_ index of the signal entering PE(r, c) from above (r = rows_: leaving column c).
  std::size_t down(std::uint32_t r, std::uint32_t c) const { return std::size_t{r} * cols_ + c; }
  void step_load();
  void latch_weights();
  void lower_load();
  void feed_left_edge();
  void collect_results();

  const std::uint32_t rows_;
  const std::uint32_t cols_;
  AcceleratorConfig config_;
  Codebook codebook_;
  CycleDecoder decoder_;

  // The netlist.
  PulseCounter counter_;
  sc_core::sc_signal<bool> load_;
  sc_core::sc_vector<sc_core::sc_signal<bool>> weight_valid_;     // R x C
  sc_core::sc_vector<sc_core::sc_signal<std::int32_t>> weight_;   // R x C
  sc_core::sc_vector<sc_core::sc_signal<std::int32_t>> act_;      // R x (C + 1)
  sc_core::sc_vector<sc_core::sc_signal<bool>> valid_;            // R x (C + 1)
  sc_core::sc_vector<sc_core::sc_signal<std::int32_t>> psum_;     // (R + 1) x C
  std::vector<std::unique_ptr<PeModule>> pes_;

  // The sequencer's registers.
  CycleFold fold_;
  ArrayPhase phase_ = ArrayPhase::Idle;
  std::uint64_t fold_cycle_ = 0;
  std::uint32_t rows_shifted_ = 0;  // clocks of the weight-row sequence so far
  bool load_high_ = false;
  std::uint32_t window_ = 1;
  std::uint64_t wave_cycle_ = 0;  // compute clocks since the load ended
  std::uint64_t results_left_ = 0;
  std::vector<std::int32_t> staging_;  // temporal: the decoder's staging register file
  std::vector<std::uint32_t> next_top_wave_;
  std::vector<std::uint32_t> next_result_;
  std::vector<PendingResult> pending_;  // left the bottom row at the last edge
};

}  // namespace fineq

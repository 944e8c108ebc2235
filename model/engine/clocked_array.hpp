#pragma once
// What the cycle-level clock domain (model/cycle_datapath.cpp) advances once per rising edge:
// the plain C++ CycleArray of `--mode cycle`, or the signal-level StructuralArray of
// `--mode structural` (model/structural/). Both run a fold as docs/timing.md "One fold" says.
#include <cstdint>

#include "activity_counts.hpp"
#include "codebook.hpp"
#include "cycle_decoder.hpp"

namespace fineq {

struct CycleFold;

enum class ArrayPhase : std::uint8_t { Idle, WeightLoad, Waves };

class ClockedArray {
 public:
  virtual ~ClockedArray() = default;

  // A job's codebook (from its registers): the decoder's table and the `fixed` window.
  virtual void program_codebook(const Codebook& codebook) = 0;
  // Starts a fold; throws std::invalid_argument naming the field if the operands do not fit.
  virtual void begin_fold(const CycleFold& fold) = 0;
  // One clock edge. Returns true if the fold's last result left the array in this clock.
  virtual bool step() = 0;
  // After step() returned true, once the edge's signal writes have settled: completes the
  // fold's outputs (the structural array reads its last results from the bottom row here).
  virtual void finish_fold() {}
  // Drops a running fold (an aborted job); the next begin_fold() starts clean.
  virtual void abort_fold() = 0;

  virtual ArrayPhase phase() const = 0;
  bool busy() const { return phase() != ArrayPhase::Idle; }
  virtual std::uint64_t fold_cycles() const = 0;  // clocks since begin_fold()
  virtual std::uint32_t window() const = 0;       // Wf, once the load ended
  // pe_mac_slots, pulses, idle_window_cycles, multiplies, adds, weight_register_loads and
  // decoded_clusters of the current (or last) fold, counted clock by clock.
  virtual ActivityCounts fold_activity() const = 0;
  virtual const CycleDecoder& decoder() const = 0;
};

}  // namespace fineq

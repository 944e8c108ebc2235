#pragma once
// The commands the controller gives the systolic array (with its output stage).
#include <systemc>

#include "fold_compute_engine.hpp"
#include "job_setup.hpp"

namespace fineq {

class ArrayControl : public virtual sc_core::sc_interface {
 public:
  // The next job's shape, codebook and m-chunk size; clears the output-scaling counter.
  virtual void begin_job(const JobSetup& setup) = 0;
  // Runs the chunk's waves through the loaded tile (reading activations from the activation
  // buffer); at the last fold of a scale group the output stage scales the column sums into
  // Y in the output buffer. Returns the fold's compute cycles (annotated) and PE events.
  virtual FoldOutcome run_fold(const Fold& fold, const MChunk& chunk) = 0;
  // Column sums scaled into Y since begin_job().
  virtual std::uint64_t output_scalings() const = 0;
};

}  // namespace fineq

#pragma once
// The pulse counter of the structural array: one counter p that runs 0 .. Wf-1 over and
// over from the first compute clock of a fold, and a skew register per column so that
// column c sees it c clocks later, in step with the activations (docs/timing.md "One fold":
// column c's windows start one clock after column c-1's). Per column it drives `count`
// (p, -1 while the column is idle; the temporal PEs' pulse input) and `window_end` (p is
// the window's last clock: partial sums move down).
//
// Its registers advance on the rising edges at which the array's sequencer calls start() or
// advance(): the fold's first window must open in the clock after the weight load ends, and
// the sequencer decides that in the same edge.
#include <cstdint>
#include <systemc>
#include <vector>

namespace fineq {

class PulseCounter : public sc_core::sc_module {
 public:
  sc_core::sc_vector<sc_core::sc_signal<std::int32_t>> count;
  sc_core::sc_vector<sc_core::sc_signal<bool>> window_end;

  PulseCounter(sc_core::sc_module_name name, std::uint32_t cols);

  void start(std::uint32_t window);  // column 0's first window opens in the next clock
  void advance();                    // one clock: p steps, every column takes its left one's
  void stop();                       // all columns idle

  // Column c's window-end register as it stands (the value its signal holds, or takes after
  // this edge if the sequencer already advanced the counter in it).
  bool column_window_end(std::uint32_t c) const { return count_[c] == last_; }

 private:
  void drive();

  std::int32_t last_ = 0;  // Wf - 1
  std::vector<std::int32_t> count_;
};

}  // namespace fineq

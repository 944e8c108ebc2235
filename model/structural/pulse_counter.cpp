#include "pulse_counter.hpp"

#include <algorithm>

namespace fineq {

namespace {
sc_core::sc_signal<std::int32_t>* idle_counter(const char* name, std::size_t) {
  return new sc_core::sc_signal<std::int32_t>(name, -1);
}
}  // namespace

PulseCounter::PulseCounter(sc_core::sc_module_name name, std::uint32_t cols)
    : sc_module(name), count("count"), window_end("window_end"), count_(cols, -1) {
  count.init(cols, idle_counter);
  window_end.init(cols);
}

void PulseCounter::start(std::uint32_t window) {
  last_ = static_cast<std::int32_t>(window) - 1;
  std::fill(count_.begin(), count_.end(), -1);
  count_[0] = 0;
  drive();
}

void PulseCounter::advance() {
  for (std::size_t c = count_.size() - 1; c > 0; --c) count_[c] = count_[c - 1];
  if (count_[0] >= 0) count_[0] = count_[0] == last_ ? 0 : count_[0] + 1;
  drive();
}

void PulseCounter::stop() {
  std::fill(count_.begin(), count_.end(), -1);
  drive();
}

void PulseCounter::drive() {
  for (std::size_t c = 0; c < count_.size(); ++c) {
    count[c].write(count_[c]);
    window_end[c].write(count_[c] == last_);
  }
}

}  // namespace fineq

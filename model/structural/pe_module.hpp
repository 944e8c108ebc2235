#pragma once
// The port boundary of one processing element in the structural array (docs/timing.md,
// "Structural mode"). Every PE implementation, whatever its kind or model (these SystemC
// modules, a Verilated RTL PE), is a PeModule with these ports, so the array wires any of
// them the same way and a new one plugs in through the PeFactory.
//
// Clocking: the PE is a register stage. On every rising edge it reads its inputs (the values
// its neighbours registered at the previous edge) and writes its outputs:
// * act_out/valid_out <= act_in/valid_in (the activation moves one PE to the right per clock);
// * while its column's window runs, the partial sum it accumulates for the wave it holds
//   starts from psum_in at the window's first clock and goes to psum_out at its last clock
//   (window_end), where the PE below picks it up.
#include <cstdint>
#include <systemc>

namespace fineq {

// Events a PE counted since clear_events(), as docs/timing.md "Counted events" defines them.
struct PeEvents {
  std::uint64_t mac_slots = 0;           // waves processed with a weight of the fold
  std::uint64_t pulses = 0;              // temporal: adder enables
  std::uint64_t idle_window_cycles = 0;  // temporal: window clocks of a loaded PE without one
  std::uint64_t weight_loads = 0;        // weight register writes of a weight of the fold
};

class PeModule : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clock;
  // Weight load: on an edge with `load` high the PE latches `weight` when `weight_valid` (it
  // holds a weight of the fold), else it clears its weight and stays idle for the fold. The
  // loaded weight already applies at that edge (the array raises `load` one edge before the
  // first wave, docs/timing.md).
  sc_core::sc_in<bool> load;
  sc_core::sc_in<bool> weight_valid;
  sc_core::sc_in<std::int32_t> weight;
  // Activations (INT8 values) and whether they carry a wave of the fold.
  sc_core::sc_in<std::int32_t> act_in;
  sc_core::sc_out<std::int32_t> act_out;
  sc_core::sc_in<bool> valid_in;
  sc_core::sc_out<bool> valid_out;
  // Partial sums, from the PE above / to the PE below.
  sc_core::sc_in<std::int32_t> psum_in;
  sc_core::sc_out<std::int32_t> psum_out;
  // From the column's pulse counter: this clock is the last of a window.
  sc_core::sc_in<bool> window_end;

  // The temporal PE's pulse input (the column's pulse counter p, -1 while the column is
  // idle); nullptr for PEs without one. The array binds it when present.
  virtual sc_core::sc_in<std::int32_t>* pulse_input() { return nullptr; }

  const PeEvents& events() const { return events_; }
  void clear_events() { events_ = PeEvents{}; }

 protected:
  explicit PeModule(sc_core::sc_module_name name);

  // The channels bound to the ports, kept next to the PE's state: reading a port goes
  // through the port object, a cache miss per port and clock in a large array.
  struct Channels {
    const sc_core::sc_signal_in_if<bool>* load;
    const sc_core::sc_signal_in_if<bool>* weight_valid;
    const sc_core::sc_signal_in_if<std::int32_t>* weight;
    const sc_core::sc_signal_in_if<std::int32_t>* act_in;
    sc_core::sc_signal_inout_if<std::int32_t>* act_out;
    const sc_core::sc_signal_in_if<bool>* valid_in;
    sc_core::sc_signal_inout_if<bool>* valid_out;
    const sc_core::sc_signal_in_if<std::int32_t>* psum_in;
    sc_core::sc_signal_inout_if<std::int32_t>* psum_out;
    const sc_core::sc_signal_in_if<bool>* window_end;
  };
  // Fills io_; a subclass that overrides it calls this one first.
  void end_of_elaboration() override;

  // The weight-load port's latch (call first on every edge).
  void latch_weight_if_loading() {
    if (!io_.load->read()) return;
    loaded_ = io_.weight_valid->read();
    weight_ = loaded_ ? io_.weight->read() : 0;
    if (loaded_) ++events_.weight_loads;
  }
  // The activation moves on to the right neighbour; returns it and whether it is valid.
  std::int32_t pass_activation(bool& valid) {
    const std::int32_t activation = io_.act_in->read();
    valid = io_.valid_in->read();
    io_.act_out->write(activation);
    io_.valid_out->write(valid);
    return activation;
  }

  Channels io_{};

  std::int32_t weight_ = 0;  // the weight register
  bool loaded_ = false;      // it holds a weight of the fold
  PeEvents events_;
};

}  // namespace fineq

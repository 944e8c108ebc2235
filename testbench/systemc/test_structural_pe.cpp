// One PE module of each kind (model/structural/) in a clocked testbench: every weight code of
// the kind x activation extremes x partial-sum extremes, one wave each, checked against
// w * a computed here and against model/pe/pe_arithmetic.hpp, with the events it counts and
// its pass-through of activations. The weight load coincides with the wave's first clock,
// as in the array (the loaded weight applies at the loading edge).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <systemc>

#include "pe_arithmetic.hpp"
#include "pe_factory.hpp"

using namespace fineq;

namespace {

// A PE with a signal on every port, in a module of its own (that scopes the signal names).
struct PeBench : sc_core::sc_module {
  sc_core::sc_signal<bool> load{"load"}, weight_valid{"weight_valid"}, valid_in{"valid_in"},
      valid_out{"valid_out"}, window_end{"window_end"};
  sc_core::sc_signal<std::int32_t> weight{"weight"}, act_in{"act_in"}, act_out{"act_out"},
      psum_in{"psum_in"}, psum_out{"psum_out"}, pulse{"pulse", -1};
  std::unique_ptr<PeModule> pe;

  PeBench(sc_core::sc_module_name name, PeKind kind, sc_core::sc_signal<bool>& clock)
      : sc_module(name) {
    pe = PeFactory::instance().create(kind, "systemc", "pe");
    pe->clock(clock);
    pe->load(load);
    pe->weight_valid(weight_valid);
    pe->weight(weight);
    pe->act_in(act_in);
    pe->act_out(act_out);
    pe->valid_in(valid_in);
    pe->valid_out(valid_out);
    pe->psum_in(psum_in);
    pe->psum_out(psum_out);
    pe->window_end(window_end);
    if (sc_core::sc_in<std::int32_t>* input = pe->pulse_input()) (*input)(pulse);
  }
};

struct Testbench {
  sc_core::sc_signal<bool> clock{"clock"};
  PeBench temporal{"temporal", PeKind::Temporal, clock};
  PeBench int8x8{"int8x8", PeKind::Int8x8, clock};
  PeBench int8x4{"int8x4", PeKind::Int8x4, clock};

  // One clock: the inputs written before it are what the rising edge samples.
  void tick() {
    clock.write(true);
    sc_core::sc_start(1, sc_core::SC_NS);
    clock.write(false);
    sc_core::sc_start(1, sc_core::SC_NS);
  }
};

Testbench& bench() {
  static Testbench instance;  // elaborated once, before the first sc_start
  return instance;
}

const std::int32_t kActivations[] = {-127, -1, 0, 1, 127};
const std::int32_t kPartialSums[] = {0, 123456789, -987654321};

// Drives one wave of `window` clocks; the first clock also loads `w`.
void run_wave(PeBench& b, std::int32_t w, std::int32_t a, std::int32_t psum, std::uint32_t window) {
  b.pe->clear_events();
  b.psum_out.write(0x5A5A5A5A);  // a stale value the wave must overwrite
  b.weight.write(w);
  b.weight_valid.write(true);
  b.load.write(true);
  b.act_in.write(a);
  b.valid_in.write(true);
  b.psum_in.write(psum);
  for (std::uint32_t p = 0; p < window; ++p) {
    b.pulse.write(static_cast<std::int32_t>(p));
    b.window_end.write(p + 1 == window);
    bench().tick();
    b.load.write(false);
    b.psum_in.write(-1);  // read only at the window's first clock
  }
  b.pulse.write(-1);
  b.window_end.write(false);
}

TEST(StructuralPe, TemporalPeEveryWeightActivationAndWindow) {
  PeBench& b = bench().temporal;
  for (std::int32_t w = -8; w <= 8; ++w) {
    const std::uint32_t magnitude = static_cast<std::uint32_t>(std::abs(w));
    for (const std::uint32_t window : {magnitude == 0 ? 1u : magnitude, 8u}) {
      for (const std::int32_t a : kActivations) {
        for (const std::int32_t psum : kPartialSums) {
          SCOPED_TRACE("w=" + std::to_string(w) + " a=" + std::to_string(a) + " psum=" +
                       std::to_string(psum) + " window=" + std::to_string(window));
          run_wave(b, w, a, psum, window);
          std::uint64_t pulses = 0;
          const std::int32_t reference = temporal_pe_wave(psum, static_cast<std::int8_t>(a),
                                                          static_cast<std::int8_t>(w), window, pulses);
          EXPECT_EQ(b.psum_out.read(), psum + w * a);
          EXPECT_EQ(b.psum_out.read(), reference);
          EXPECT_EQ(b.act_out.read(), a);
          EXPECT_TRUE(b.valid_out.read());
          EXPECT_EQ(b.pe->events().pulses, magnitude);
          EXPECT_EQ(b.pe->events().pulses, pulses);
          EXPECT_EQ(b.pe->events().idle_window_cycles, window - magnitude);
          EXPECT_EQ(b.pe->events().mac_slots, 1u);
          EXPECT_EQ(b.pe->events().weight_loads, 1u);
        }
      }
    }
  }
}

void check_bit_parallel(PeKind kind, PeBench& b) {
  for (std::int32_t w = min_pe_weight(kind); w <= max_pe_weight(kind); ++w) {
    for (const std::int32_t a : kActivations) {
      for (const std::int32_t psum : kPartialSums) {
        SCOPED_TRACE("w=" + std::to_string(w) + " a=" + std::to_string(a) + " psum=" + std::to_string(psum));
        run_wave(b, w, a, psum, 1);
        EXPECT_EQ(b.psum_out.read(), psum + w * a);
        EXPECT_EQ(b.psum_out.read(), bit_parallel_pe_wave(kind, psum, static_cast<std::int8_t>(a),
                                                          static_cast<std::int8_t>(w)));
        EXPECT_EQ(b.act_out.read(), a);
        EXPECT_EQ(b.pe->events().mac_slots, 1u);
        EXPECT_EQ(b.pe->events().weight_loads, 1u);
        EXPECT_EQ(b.pe->events().pulses, 0u);
      }
    }
  }
}

TEST(StructuralPe, Int8x8PeEveryWeightAndActivationExtreme) {
  check_bit_parallel(PeKind::Int8x8, bench().int8x8);
}

TEST(StructuralPe, Int8x4PeEveryWeightAndActivationExtreme) {
  check_bit_parallel(PeKind::Int8x4, bench().int8x4);
}

TEST(StructuralPe, AnIdleColumnOrAnUnloadedPeDoesNothing) {
  for (PeBench* b : {&bench().temporal, &bench().int8x8}) {
    SCOPED_TRACE(b->pe->name());
    run_wave(*b, 3, 100, 7, b == &bench().temporal ? 4 : 1);
    EXPECT_EQ(b->psum_out.read(), 307);
    // Idle column: no pulse, no window end; the activation still moves on.
    b->pe->clear_events();
    b->act_in.write(-5);
    b->psum_in.write(1);
    bench().tick();
    EXPECT_EQ(b->psum_out.read(), 307);
    EXPECT_EQ(b->act_out.read(), -5);
    EXPECT_EQ(b->pe->events().mac_slots + b->pe->events().pulses, 0u);
    // A PE without a weight of the fold (weight_valid low) adds nothing and counts nothing.
    b->weight_valid.write(false);
    b->weight.write(3);
    b->load.write(true);
    b->pulse.write(0);
    b->window_end.write(true);
    b->valid_in.write(true);
    b->act_in.write(100);
    b->psum_in.write(7);
    bench().tick();
    b->load.write(false);
    b->pulse.write(-1);
    b->window_end.write(false);
    EXPECT_EQ(b->psum_out.read(), 7);
    EXPECT_EQ(b->pe->events().mac_slots + b->pe->events().pulses + b->pe->events().weight_loads, 0u);
  }
}

TEST(StructuralPe, TheFactoryNamesItsModelsAndRefusesUnknownOnes) {
  for (PeKind kind : {PeKind::Temporal, PeKind::Int8x4, PeKind::Int8x8}) {
    EXPECT_EQ(PeFactory::instance().models(kind), std::vector<std::string>{"systemc"});
  }
  EXPECT_NE(bench().temporal.pe->pulse_input(), nullptr);
  EXPECT_EQ(bench().int8x8.pe->pulse_input(), nullptr);
  try {
    PeFactory::instance().check_available(PeKind::Temporal, "rtl");
    ADD_FAILURE() << "no error";
  } catch (const std::invalid_argument& error) {
    // This process registers no RTL PEs (the fineq binary does, when built with verilator).
    EXPECT_STREQ(error.what(), "--pe-model: no 'rtl' implementation of the temporal PE for "
                               "--mode structural; available: systemc (the rtl model needs a "
                               "build with the Debian package verilator installed, docs/rtl.md)");
  }
}

}  // namespace

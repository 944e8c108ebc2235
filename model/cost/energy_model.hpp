#pragma once
// Analytical energy of one simulated job: event counts times per-event energies
// (docs/energy-area.md). Plain C++, no SystemC.
#include "accelerator_config.hpp"
#include "activity_counts.hpp"
#include "cost_breakdown.hpp"
#include "unit_costs.hpp"

namespace fineq {

// Components in pJ: pe_multipliers, pe_adders, pe_comparators, pulse_counters,
// pe_weight_registers, pe_activation_registers, pe_partial_sum_registers (subtotal
// array_total), column_accumulators, output_stage, decoder, weight_buffer, activation_buffer,
// output_buffer (subtotal on_chip_total), dram, and total.
CostBreakdown estimate_energy(const AcceleratorConfig& config, const ActivityCounts& activity,
                              const CycleCounts& cycles, const UnitCosts& costs);

}  // namespace fineq

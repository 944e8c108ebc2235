#pragma once
// Analytical silicon area of one accelerator instance: unit counts times per-unit areas
// (docs/energy-area.md). Plain C++, no SystemC.
#include "accelerator_config.hpp"
#include "cost_breakdown.hpp"
#include "unit_costs.hpp"

namespace fineq {

// Components in um2: pe_multipliers, pe_adders, pe_comparators, pulse_counters,
// pe_weight_registers, pe_activation_registers, pe_partial_sum_registers (subtotal
// array_total), column_accumulators, output_stage, decoder, weight_buffer, activation_buffer,
// output_buffer, and total.
CostBreakdown estimate_area(const AcceleratorConfig& config, const UnitCosts& costs);

}  // namespace fineq

#include "structural_array.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "pe_factory.hpp"
#include "timing_model.hpp"

namespace fineq {

namespace {
std::uint64_t max_structural_pes() {
  const char* text = std::getenv("FINEQ_STRUCTURAL_MAX_PES");
  if (text == nullptr || *text == '\0') return StructuralArray::kDefaultMaxPes;
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (*end != '\0' || value == 0) {
    throw std::invalid_argument(std::string("FINEQ_STRUCTURAL_MAX_PES: expected a positive integer, got '") +
                                text + "'");
  }
  return value;
}

std::string shape_of(std::uint32_t rows, std::uint32_t cols, PeKind pe, const std::string& model) {
  return std::to_string(rows) + " x " + std::to_string(cols) + " " + pe_kind_name(pe) +
         " PEs (model " + model + ")";
}

using Format = GtkwaveSaveFile::Format;

void trace_value(sc_core::sc_trace_file* file, GtkwaveSaveFile& layout,
                 const sc_core::sc_signal<std::int32_t>& signal, const std::string& name, int width,
                 Format format) {
  sc_core::sc_trace(file, signal, name, width);
  layout.add_signal("SystemC." + name + "[" + std::to_string(width - 1) + ":0]", format);
}

void trace_bit(sc_core::sc_trace_file* file, GtkwaveSaveFile& layout,
               const sc_core::sc_signal<bool>& signal, const std::string& name) {
  sc_core::sc_trace(file, signal, name);
  layout.add_signal("SystemC." + name, Format::Binary);
}
}  // namespace

void StructuralArray::check_config(const AcceleratorConfig& config) {
  const std::uint64_t pes = std::uint64_t{config.rows} * config.cols;
  const std::uint64_t limit = max_structural_pes();
  if (pes > limit) {
    throw std::invalid_argument(
        "--mode structural: a " + std::to_string(config.rows) + " x " + std::to_string(config.cols) +
        " array (--rows x --cols) is " + std::to_string(pes) + " PE modules, more than the limit of " +
        std::to_string(limit) + " (each costs about " + std::to_string(kBytesPerPe / 1024) +
        " KiB of SystemC objects, " + std::to_string(pes * kBytesPerPe >> 20) +
        " MiB in all); use --mode cycle, which gives the same results, or raise the limit with "
        "the environment variable FINEQ_STRUCTURAL_MAX_PES");
  }
  PeFactory::instance().check_available(config.pe, config.pe_model);
}

StructuralArray::StructuralArray(sc_core::sc_module_name name, const AcceleratorConfig& config)
    : sc_module(name),
      clock("clock"),
      rows_(config.rows),
      cols_(config.cols),
      config_(config),
      codebook_(config.codebook),
      decoder_(config.codebook, config.decoder_clusters_per_cycle),
      counter_("pulse_counter", config.cols),
      load_("load"),
      weight_valid_("weight_valid", std::size_t{rows_} * cols_),
      weight_("weight", std::size_t{rows_} * cols_),
      act_("act", std::size_t{rows_} * (cols_ + 1)),
      valid_("valid", std::size_t{rows_} * (cols_ + 1)),
      psum_("psum", std::size_t{rows_ + 1} * cols_),
      staging_(std::size_t{rows_} * cols_, 0),
      next_top_wave_(cols_, 0),
      next_result_(cols_, 0) {
  check_config(config);
  pes_.reserve(std::size_t{rows_} * cols_);
  for (std::uint32_t r = 0; r < rows_; ++r) {
    for (std::uint32_t c = 0; c < cols_; ++c) {
      const std::string pe_name = "pe_" + std::to_string(r) + "_" + std::to_string(c);
      std::unique_ptr<PeModule> pe =
          PeFactory::instance().create(config.pe, config.pe_model, pe_name.c_str());
      pe->clock(clock);
      pe->load(load_);
      pe->weight_valid(weight_valid_[at(r, c)]);
      pe->weight(weight_[at(r, c)]);
      pe->act_in(act_[lane(r, c)]);
      pe->act_out(act_[lane(r, c + 1)]);
      pe->valid_in(valid_[lane(r, c)]);
      pe->valid_out(valid_[lane(r, c + 1)]);
      pe->psum_in(psum_[down(r, c)]);
      pe->psum_out(psum_[down(r + 1, c)]);
      pe->window_end(counter_.window_end[c]);
      if (sc_core::sc_in<std::int32_t>* pulse = pe->pulse_input()) (*pulse)(counter_.count[c]);
      pes_.push_back(std::move(pe));
    }
  }
}

void StructuralArray::configure(const AcceleratorConfig& config) {
  if (config.rows != rows_ || config.cols != cols_ || config.pe != config_.pe ||
      config.pe_model != config_.pe_model) {
    throw std::invalid_argument(
        "--mode structural: this process built its structural array for " +
        shape_of(rows_, cols_, config_.pe, config_.pe_model) + " with its first job; this job needs " +
        shape_of(config.rows, config.cols, config.pe, config.pe_model) +
        " (SystemC creates modules only before the simulation starts): run it in its own process");
  }
  abort_fold();
  config_ = config;
  codebook_ = config.codebook;
  decoder_ = CycleDecoder(config.codebook, config.decoder_clusters_per_cycle);
}

void StructuralArray::program_codebook(const Codebook& codebook) {
  if (busy()) throw std::logic_error("StructuralArray::program_codebook: a fold is running");
  if (codebook == codebook_) return;
  codebook_ = codebook;
  decoder_.program(codebook);
}

void StructuralArray::begin_fold(const CycleFold& fold) {
  if (busy()) throw std::logic_error("StructuralArray::begin_fold: the previous fold is still running");
  check_cycle_fold(fold, rows_, cols_, config_.pe);
  std::fill(staging_.begin(), staging_.end(), 0);
  if (config_.pe == PeKind::Temporal) decoder_.start(fold.clusters, staging_.data(), cols_);
  fold_ = fold;
  phase_ = ArrayPhase::WeightLoad;
  fold_cycle_ = 0;
  rows_shifted_ = 0;
  window_ = 1;
  wave_cycle_ = 0;
  results_left_ = 0;
  pending_.clear();
  for (const std::unique_ptr<PeModule>& pe : pes_) pe->clear_events();
}

void StructuralArray::abort_fold() {
  phase_ = ArrayPhase::Idle;
  pending_.clear();
}

bool StructuralArray::step() {
  if (phase_ == ArrayPhase::Idle) return false;
  ++fold_cycle_;
  if (phase_ == ArrayPhase::WeightLoad) {
    step_load();
    return false;
  }
  lower_load();  // the PEs latched their weights at this edge
  collect_results();
  // At a column's window end the bottom row's sum leaves (if it carries a wave) and the top
  // row's PE will start its next wave from the partial sum it reads in the next clock.
  const std::uint32_t bottom = rows_ - 1;
  for (std::uint32_t c = 0; c < cols_; ++c) {
    if (!counter_.column_window_end(c)) continue;
    if (valid_[lane(bottom, c)].read()) {
      pending_.push_back({c, next_result_[c]++});
      ++results_left_;
    }
    psum_[down(0, c)].write(top_partial_sum(fold_, next_top_wave_[c]++, c));
  }
  ++wave_cycle_;
  counter_.advance();
  feed_left_edge();
  if (results_left_ < std::uint64_t{fold_.waves} * cols_) return false;
  counter_.stop();
  phase_ = ArrayPhase::Idle;
  return true;
}

void StructuralArray::step_load() {
  if (fold_cycle_ == 1) {  // idle columns and no weight load, also after an aborted fold
    counter_.stop();
    lower_load();
  }
  if (config_.pe == PeKind::Temporal) decoder_.step();
  if (rows_shifted_ < rows_) ++rows_shifted_;
  if (rows_shifted_ == rows_ && !decoder_.busy()) latch_weights();
}

void StructuralArray::lower_load() {
  if (!load_high_) return;
  load_.write(false);
  load_high_ = false;
}

void StructuralArray::latch_weights() {
  const bool temporal = config_.pe == PeKind::Temporal;
  int largest = 0;
  for (std::uint32_t r = 0; r < rows_; ++r) {
    for (std::uint32_t c = 0; c < cols_; ++c) {
      const bool used = r < fold_.r_used && c < fold_.c_used;
      std::int32_t w = 0;
      if (temporal) {
        w = staging_[at(r, c)];
      } else if (used) {
        w = fold_.weights[c * fold_.weight_stride + r];
      }
      weight_[at(r, c)].write(w);
      weight_valid_[at(r, c)].write(used);
      largest = std::max(largest, w < 0 ? -w : w);
    }
  }
  load_.write(true);
  load_high_ = true;
  window_ = fold_window(config_, codebook_.max_magnitude(), largest);
  phase_ = ArrayPhase::Waves;
  wave_cycle_ = 0;
  counter_.start(window_);
  for (std::uint32_t c = 0; c < cols_; ++c) {
    psum_[down(0, c)].write(top_partial_sum(fold_, 0, c));
    next_top_wave_[c] = 1;
    next_result_[c] = 0;
  }
  feed_left_edge();
}

void StructuralArray::feed_left_edge() {
  const std::uint64_t wave_front = wave_cycle_ / window_;
  for (std::uint32_t r = 0; r < rows_; ++r) {
    const EdgeActivation edge = left_edge_activation(fold_, wave_front, r);
    act_[lane(r, 0)].write(edge.value);
    valid_[lane(r, 0)].write(edge.valid);
  }
}

void StructuralArray::collect_results() {
  for (const PendingResult& result : pending_) {
    if (result.col >= fold_.c_used) continue;
    fold_.sums[std::size_t{result.wave} * fold_.sum_stride + result.col] =
        psum_[down(rows_, result.col)].read();
  }
  pending_.clear();
}

ActivityCounts StructuralArray::fold_activity() const {
  PeEvents total;
  for (const std::unique_ptr<PeModule>& pe : pes_) {
    const PeEvents& events = pe->events();
    total.mac_slots += events.mac_slots;
    total.pulses += events.pulses;
    total.idle_window_cycles += events.idle_window_cycles;
    total.weight_loads += events.weight_loads;
  }
  return array_fold_activity(config_.pe, total.mac_slots, total.pulses, total.idle_window_cycles,
                             total.weight_loads, decoder_.decoded_clusters());
}

void StructuralArray::trace(sc_core::sc_trace_file* file, const TraceWindow& window,
                            GtkwaveSaveFile& layout) const {
  const bool temporal = config_.pe == PeKind::Temporal;
  layout.begin_group("pulse counter");
  for (std::uint32_t c = window.col_first; c <= window.col_last; ++c) {
    const std::string column = "pulse_counter.col" + std::to_string(c);
    trace_value(file, layout, counter_.count[c], column + ".count", 8, Format::SignedDecimal);
    trace_bit(file, layout, counter_.window_end[c], column + ".window_end");
  }
  trace_bit(file, layout, load_, "array.load");
  for (std::uint32_t r = window.row_first; r <= window.row_last; ++r) {
    for (std::uint32_t c = window.col_first; c <= window.col_last; ++c) {
      const std::string scope = "pe_" + std::to_string(r) + "_" + std::to_string(c) + ".";
      layout.begin_group("PE " + std::to_string(r) + "," + std::to_string(c) + " ports");
      trace_bit(file, layout, weight_valid_[at(r, c)], scope + "weight_valid");
      trace_value(file, layout, weight_[at(r, c)], scope + "weight", 8, Format::SignedDecimal);
      trace_value(file, layout, act_[lane(r, c)], scope + "act_in", 8, Format::SignedDecimal);
      trace_bit(file, layout, valid_[lane(r, c)], scope + "valid_in");
      if (temporal) {
        trace_value(file, layout, counter_.count[c], scope + "pulse", 8, Format::SignedDecimal);
      }
      trace_bit(file, layout, counter_.window_end[c], scope + "window_end");
      trace_value(file, layout, psum_[down(r, c)], scope + "psum_in", 32, Format::SignedDecimal);
      trace_value(file, layout, act_[lane(r, c + 1)], scope + "act_out", 8, Format::SignedDecimal);
      trace_bit(file, layout, valid_[lane(r, c + 1)], scope + "valid_out");
      trace_value(file, layout, psum_[down(r + 1, c)], scope + "psum_out", 32, Format::SignedDecimal);
    }
  }
}

}  // namespace fineq

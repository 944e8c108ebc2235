#pragma once
// The FineQ-v1 weight decoder block between the weight buffer and the array: reads a fold's
// packed clusters and FP16 scales from the weight buffer over `weight_port` and delivers the
// decoded tile to the array through `tile_out`. The decoding itself is the plain
// WeightDecoder core (cluster_codec's look-up table; IntB unpacking for the bit-parallel
// baselines). Its delay is D clusters per cycle (decode_cycles of timing_model.hpp).
#include <cstdint>
#include <systemc>
#include <vector>

#include "accelerator_config.hpp"
#include "buffer_port.hpp"
#include "decoder_control.hpp"
#include "weight_decoder.hpp"
#include "weight_tile.hpp"

namespace fineq {

class FineqDecoder : public sc_core::sc_module, public DecoderControl {
 public:
  BufferPort weight_port;
  sc_core::sc_port<WeightTileSink> tile_out;

  explicit FineqDecoder(sc_core::sc_module_name name);

  // PE kind and throughput D for the delays (while idle).
  void configure(const AcceleratorConfig& config) { config_ = config; }
  void set_use_dmi(bool use) { weight_port.set_use_dmi(use); }

  void program(const WeightLayout& layout, const Codebook& codebook) override;
  void decode_fold(const Fold& fold, std::uint64_t buffer_offset) override;
  std::uint64_t decoded_clusters() const override { return decoded_clusters_; }

 private:
  AcceleratorConfig config_;
  WeightDecoder core_;
  std::vector<std::int8_t> weights_;  // the tile being delivered
  std::uint64_t decoded_clusters_ = 0;
};

}  // namespace fineq

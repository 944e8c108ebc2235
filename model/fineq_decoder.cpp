#include "fineq_decoder.hpp"

#include "timing_model.hpp"

namespace fineq {

FineqDecoder::FineqDecoder(sc_core::sc_module_name name)
    : sc_module(name), weight_port("weight"), tile_out("tile_out") {}

void FineqDecoder::program(const WeightLayout& layout, const Codebook& codebook) {
  core_.program(layout, codebook);
  decoded_clusters_ = 0;
}

void FineqDecoder::decode_fold(const Fold& fold, std::uint64_t buffer_offset) {
  const std::uint8_t* bytes = weight_port.read(buffer_offset, fold.weight_bytes());
  weights_.resize(std::size_t{fold.c_used} * fold.r_used);
  const std::uint64_t clusters = core_.decode_fold(fold, bytes, weights_.data());
  decoded_clusters_ += clusters;
  WeightTile tile;
  tile.fold = &fold;
  tile.weights = weights_.data();
  tile.packed = bytes;
  tile.fp16_scales = bytes + fold.packed_bytes();
  tile.decode_cycles = decode_cycles(config_, clusters);
  tile_out->load_tile(tile);
}

}  // namespace fineq

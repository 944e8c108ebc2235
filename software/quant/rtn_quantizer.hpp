#pragma once
// Round-to-nearest baseline: symmetric b-bit two's-complement codes -2^(b-1)..2^(b-1)-1,
// scale = r * max|w| / (2^(b-1) - 1) from the same clipping-ratio search as FineQ, per row
// or per group of weights along K.
#include <cstdint>
#include <string>

#include "quantizer.hpp"

namespace fineq {

// Expects a validated config (method Rtn or Owq) and finite weights whose scales fit FP16.
QuantizationResult quantize_rtn(const std::string& name, std::uint32_t rows, std::uint32_t cols,
                                const float* w, const QuantizerConfig& config);

// Packs `count` codes of `bits` bits (two's complement) LSB first into ceil(count*bits/8)
// bytes: the IntB row layout that QuantizedMatrix::decode_row reads.
void pack_intb_row(const std::int8_t* codes, std::uint32_t count, unsigned bits, std::uint8_t* out);

}  // namespace fineq

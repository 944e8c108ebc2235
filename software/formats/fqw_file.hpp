#pragma once
// The .fqw packed weight container: one or more named QuantizedMatrix tensors with
// checksums. The byte layout is specified in docs/format.md.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "quantized_matrix.hpp"

namespace fineq {

constexpr std::uint32_t kFqwVersion = 1;

// Validates every tensor (QuantizedMatrix::validate plus the container's own limits: name
// length and characters, unique names, finite threshold, a codebook of distinct values) and
// writes the file atomically. Throws std::invalid_argument for a bad tensor and
// std::runtime_error for I/O errors; the target is then left untouched.
void write_fqw(const std::string& path, const std::vector<QuantizedMatrix>& tensors);
void write_fqw(std::ostream& out, const std::vector<QuantizedMatrix>& tensors);

// Reads and validates a whole file. Throws std::runtime_error whose message names the file,
// the tensor (index and name) and the field, e.g.
// "x.fqw: tensor 3 'layers.0.wq': data checksum mismatch". `source` names the stream in
// messages. Never allocates more than the input's size.
std::vector<QuantizedMatrix> read_fqw(const std::string& path);
std::vector<QuantizedMatrix> read_fqw(std::istream& in, const std::string& source);

}  // namespace fineq

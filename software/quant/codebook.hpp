#pragma once
// Integer codebooks of the FineQ-v1 format (FINEQ-SPEC section 2).
//
// A 2-bit code selects one of 4 normal values, a 3-bit code one of 8 outlier values.
// The default codebooks are plain two's complement: {-2..1} and {-4..3}. A custom codebook
// is given as its values in ascending order; the j-th smallest value gets the code that the
// j-th smallest value has in the default codebook, so the default is the special case.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace fineq {

struct Codebook {
  std::array<std::int8_t, 4> normal;   // value of each 2-bit code
  std::array<std::int8_t, 8> outlier;  // value of each 3-bit code

  static Codebook default_codebook();   // {-2..1} / {-4..3}
  static Codebook symmetric_codebook();  // {-2,-1,1,2} / {-4..-1,1..4}
  // Builds from ascending value lists; throws std::invalid_argument naming the problem.
  static Codebook from_values(const std::vector<int>& normal_ascending,
                              const std::vector<int>& outlier_ascending);
  // Parses "default", "symmetric" or "n0,n1,n2,n3/o0,...,o7" (ascending values).
  static Codebook parse(const std::string& text);

  // Largest |value| of either codebook: the clipping-ratio search maps r*max|w| onto it,
  // and the `fixed` window policy of the temporal PE lasts this many cycles.
  int max_magnitude() const;
  int normal_code(int value) const;   // -1 if value is not in the normal codebook
  int outlier_code(int value) const;  // -1 if value is not in the outlier codebook
  std::vector<int> normal_ascending() const;
  std::vector<int> outlier_ascending() const;
  std::string to_string() const;  // the form parse() accepts
  bool operator==(const Codebook& other) const {
    return normal == other.normal && outlier == other.outlier;
  }
  bool operator!=(const Codebook& other) const { return !(*this == other); }
};

}  // namespace fineq

#include "codebook.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace fineq {

namespace {
// Codes of the ascending values of a two's-complement codebook with 2^bits entries.
std::vector<int> twos_complement_codes_ascending(int bits) {
  const int size = 1 << bits;
  std::vector<int> codes;
  for (int value = -(size / 2); value < size / 2; ++value) codes.push_back(value & (size - 1));
  return codes;
}

template <std::size_t N>
void fill(std::array<std::int8_t, N>& table, const std::vector<int>& ascending, int bits,
          const char* which) {
  if (ascending.size() != N) {
    throw std::invalid_argument(std::string("codebook: the ") + which + " codebook needs " +
                                std::to_string(N) + " values, got " +
                                std::to_string(ascending.size()));
  }
  for (std::size_t i = 0; i < N; ++i) {
    if (ascending[i] < -128 || ascending[i] > 127) {
      throw std::invalid_argument(std::string("codebook: ") + which + " value " +
                                  std::to_string(ascending[i]) + " does not fit in int8");
    }
    if (i > 0 && ascending[i] <= ascending[i - 1]) {
      throw std::invalid_argument(std::string("codebook: ") + which +
                                  " values must be strictly ascending");
    }
  }
  const std::vector<int> codes = twos_complement_codes_ascending(bits);
  for (std::size_t i = 0; i < N; ++i) table[codes[i]] = static_cast<std::int8_t>(ascending[i]);
}

std::vector<int> parse_list(const std::string& text) {
  std::vector<int> values;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    std::size_t used = 0;
    int value = 0;
    try {
      value = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size()) {
      throw std::invalid_argument("codebook: '" + item + "' is not an integer");
    }
    values.push_back(value);
  }
  return values;
}

template <std::size_t N>
std::vector<int> ascending_values(const std::array<std::int8_t, N>& table) {
  std::vector<int> values(table.begin(), table.end());
  std::sort(values.begin(), values.end());
  return values;
}

template <std::size_t N>
int code_of(const std::array<std::int8_t, N>& table, int value) {
  for (std::size_t code = 0; code < N; ++code) {
    if (table[code] == value) return static_cast<int>(code);
  }
  return -1;
}
}  // namespace

Codebook Codebook::from_values(const std::vector<int>& normal_ascending,
                               const std::vector<int>& outlier_ascending) {
  Codebook book{};
  fill(book.normal, normal_ascending, 2, "normal");
  fill(book.outlier, outlier_ascending, 3, "outlier");
  return book;
}

Codebook Codebook::default_codebook() {
  return from_values({-2, -1, 0, 1}, {-4, -3, -2, -1, 0, 1, 2, 3});
}

Codebook Codebook::symmetric_codebook() {
  return from_values({-2, -1, 1, 2}, {-4, -3, -2, -1, 1, 2, 3, 4});
}

Codebook Codebook::parse(const std::string& text) {
  if (text == "default") return default_codebook();
  if (text == "symmetric") return symmetric_codebook();
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) {
    throw std::invalid_argument("codebook: expected 'default', 'symmetric' or "
                                "'n0,n1,n2,n3/o0,...,o7', got '" + text + "'");
  }
  return from_values(parse_list(text.substr(0, slash)), parse_list(text.substr(slash + 1)));
}

int Codebook::max_magnitude() const {
  int largest = 0;
  for (int v : normal) largest = std::max(largest, std::abs(v));
  for (int v : outlier) largest = std::max(largest, std::abs(v));
  return largest;
}

int Codebook::normal_code(int value) const { return code_of(normal, value); }
int Codebook::outlier_code(int value) const { return code_of(outlier, value); }
std::vector<int> Codebook::normal_ascending() const { return ascending_values(normal); }
std::vector<int> Codebook::outlier_ascending() const { return ascending_values(outlier); }

std::string Codebook::to_string() const {
  if (*this == default_codebook()) return "default";
  if (*this == symmetric_codebook()) return "symmetric";
  std::string text;
  for (int v : normal_ascending()) text += (text.empty() ? "" : ",") + std::to_string(v);
  text += "/";
  bool first = true;
  for (int v : outlier_ascending()) {
    text += (first ? "" : ",") + std::to_string(v);
    first = false;
  }
  return text;
}

}  // namespace fineq

#include "address_map.hpp"

#include <stdexcept>

namespace fineq {

void AddressMap::add(const AddressRange& range) {
  if (range.size == 0 || range.base + range.size < range.base) {
    throw std::invalid_argument("address map: range '" + range.name + "' is empty or wraps");
  }
  for (const AddressRange& other : ranges_) {
    if (range.base < other.base + other.size && other.base < range.base + range.size) {
      throw std::invalid_argument("address map: range '" + range.name + "' overlaps '" +
                                  other.name + "'");
    }
  }
  ranges_.push_back(range);
}

std::optional<DecodedAddress> AddressMap::decode(std::uint64_t address,
                                                 std::uint64_t length) const {
  const std::uint64_t extent = length == 0 ? 1 : length;
  for (const AddressRange& range : ranges_) {
    if (address >= range.base && address - range.base < range.size &&
        extent <= range.size - (address - range.base)) {
      return DecodedAddress{&range, address - range.base};
    }
  }
  return std::nullopt;
}

const AddressRange* AddressMap::range_of_port(unsigned port) const {
  for (const AddressRange& range : ranges_) {
    if (range.port == port) return &range;
  }
  return nullptr;
}

}  // namespace fineq

#pragma once
// The platform's address map: named, non-overlapping ranges, each served by one router
// output port. Plain C++ so that its decoding is unit-testable.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fineq {

struct AddressRange {
  std::string name;
  std::uint64_t base = 0;
  std::uint64_t size = 0;
  unsigned port = 0;  // router output port
};

struct DecodedAddress {
  const AddressRange* range = nullptr;
  std::uint64_t offset = 0;  // address - range->base
};

class AddressMap {
 public:
  // Throws std::invalid_argument for an empty range or one overlapping an existing range.
  void add(const AddressRange& range);
  // The range holding all of [address, address + length), if any (length 0 counts as 1).
  std::optional<DecodedAddress> decode(std::uint64_t address, std::uint64_t length) const;
  const AddressRange* range_of_port(unsigned port) const;
  const std::vector<AddressRange>& ranges() const { return ranges_; }

 private:
  std::vector<AddressRange> ranges_;
};

}  // namespace fineq

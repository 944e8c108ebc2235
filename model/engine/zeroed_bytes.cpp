#include "zeroed_bytes.hpp"

#include <new>

namespace fineq {

ZeroedBytes::ZeroedBytes(std::uint64_t size) : size_(size) {
  if (size == 0) return;
  bytes_.reset(static_cast<std::uint8_t*>(std::calloc(size, 1)));
  if (!bytes_) throw std::bad_alloc();
}

}  // namespace fineq

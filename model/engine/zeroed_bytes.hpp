#pragma once
// A fixed-size, zero-initialized byte array backed by calloc, so that a large memory or
// buffer costs physical pages only where it is touched (a small job on a platform configured
// with gigabyte buffers stays small).
#include <cstdint>
#include <cstdlib>
#include <memory>

namespace fineq {

class ZeroedBytes {
 public:
  ZeroedBytes() = default;
  // Throws std::bad_alloc if the allocation fails.
  explicit ZeroedBytes(std::uint64_t size);

  std::uint64_t size() const { return size_; }
  std::uint8_t* data() { return bytes_.get(); }
  const std::uint8_t* data() const { return bytes_.get(); }

 private:
  struct FreeDeleter {
    void operator()(std::uint8_t* p) const { std::free(p); }
  };

  std::unique_ptr<std::uint8_t, FreeDeleter> bytes_;
  std::uint64_t size_ = 0;
};

}  // namespace fineq

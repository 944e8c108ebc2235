#include "row_parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace fineq {

namespace {
// Rows per work item: small enough to balance the load, large enough that the shared
// counter is not contended.
constexpr std::uint32_t kRowsPerRange = 16;
}  // namespace

unsigned resolve_thread_count(unsigned requested) {
  if (requested != 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

void for_each_row_range(std::uint32_t rows, unsigned threads,
                        const std::function<void(std::uint32_t, std::uint32_t)>& body) {
  const std::uint32_t ranges = (rows + kRowsPerRange - 1) / kRowsPerRange;
  const auto workers = static_cast<unsigned>(std::min<std::uint64_t>(resolve_thread_count(threads), ranges));
  std::vector<std::exception_ptr> errors(ranges);
  std::atomic<std::uint32_t> next{0};
  auto work = [&] {
    for (std::uint32_t range = next++; range < ranges; range = next++) {
      const std::uint32_t first = range * kRowsPerRange;
      try {
        body(first, std::min(rows, first + kRowsPerRange));
      } catch (...) {
        errors[range] = std::current_exception();
      }
    }
  };
  if (workers <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < workers; ++t) pool.emplace_back(work);
    for (std::thread& thread : pool) thread.join();
  }
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

}  // namespace fineq

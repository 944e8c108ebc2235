#pragma once
// Splits a matrix's rows over worker threads. Rows are independent in every quantizer, so
// the result does not depend on the thread count.
#include <cstdint>
#include <functional>

namespace fineq {

// 0 means std::thread::hardware_concurrency() (at least 1).
unsigned resolve_thread_count(unsigned requested);

// Calls body(first, last) on disjoint row ranges covering [0, rows), on up to `threads`
// threads (resolved as above, never more than there are ranges). If bodies throw, the
// exception of the range with the lowest rows is rethrown after all threads finished, so
// the reported error does not depend on the thread count either.
void for_each_row_range(std::uint32_t rows, unsigned threads,
                        const std::function<void(std::uint32_t first, std::uint32_t last)>& body);

}  // namespace fineq

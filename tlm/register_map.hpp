#pragma once
// Offsets of the CSR block's 32-bit registers (docs/registers.md), shared by the CSR target
// and the host driver.
#include <cstdint>

namespace fineq::csr {

constexpr std::uint32_t kId = 0x000;       // RO 0x46514E51 ("FQNQ")
constexpr std::uint32_t kVersion = 0x004;  // RO major << 16 | minor
constexpr std::uint32_t kControl = 0x008;  // WO bit 0 START
constexpr std::uint32_t kStatus = 0x00C;   // RO bit 0 DONE, bit 1 ERROR, bit 2 BUSY
constexpr std::uint32_t kErrorCause = 0x010;   // RO ErrorCause
constexpr std::uint32_t kErrorDetail = 0x014;  // RO value that failed the check
constexpr std::uint32_t kErrorBus = 0x018;     // RO bus response of a failed DMA transfer

constexpr std::uint32_t kM = 0x020;
constexpr std::uint32_t kK = 0x024;
constexpr std::uint32_t kN = 0x028;
constexpr std::uint32_t kWeightFormat = 0x02C;  // encoding | bits << 8
constexpr std::uint32_t kGroupSize = 0x030;
constexpr std::uint32_t kCodebookNormal = 0x034;
constexpr std::uint32_t kCodebookOutlierLow = 0x038;
constexpr std::uint32_t kCodebookOutlierHigh = 0x03C;
constexpr std::uint32_t kWeightsAddr = 0x040;
constexpr std::uint32_t kWeightScalesAddr = 0x044;
constexpr std::uint32_t kActivationsAddr = 0x048;
constexpr std::uint32_t kActivationScalesAddr = 0x04C;
constexpr std::uint32_t kYAddr = 0x050;

// 64-bit counters as LO/HI pairs (LO at the offset, HI at offset + 4).
constexpr std::uint32_t kCyclesTotal = 0x080;
constexpr std::uint32_t kCyclesCompute = 0x088;
constexpr std::uint32_t kCyclesStall = 0x090;
// ActivityCounts fields in declaration order, 8 bytes apart.
constexpr std::uint32_t kActivityBase = 0x100;
constexpr std::uint32_t kActivityCount = 17;

constexpr std::uint32_t kBlockSize = 0x1000;

constexpr std::uint32_t kIdValue = 0x46514E51;
constexpr std::uint32_t kVersionValue = 0x00010000;

constexpr std::uint32_t kStatusDone = 1u << 0;
constexpr std::uint32_t kStatusError = 1u << 1;
constexpr std::uint32_t kStatusBusy = 1u << 2;
constexpr std::uint32_t kControlStart = 1u << 0;

}  // namespace fineq::csr

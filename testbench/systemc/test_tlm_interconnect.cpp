// The interconnect on its own: address map decoding, the router's translation and error
// responses, DMI through the router, the CSR block's access rules (misaligned, wrong size,
// unknown offset, read-only, START while busy), and a DMA error reported as a job error.
// DRAM sits at a non-zero base here so that every translation is visible.
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>

#include "accelerator.hpp"
#include "address_map.hpp"
#include "csr_block.hpp"
#include "dram.hpp"
#include "register_map.hpp"
#include "router.hpp"

using namespace fineq;

namespace {
constexpr std::uint64_t kDramBase = 0x10000000;
constexpr std::uint64_t kDramSize = 0x10000;
constexpr std::uint64_t kCsrBase = 0x20000000;

struct TestInitiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<TestInitiator> socket;
  explicit TestInitiator(sc_core::sc_module_name name) : sc_module(name), socket("socket") {}

  tlm::tlm_response_status access(tlm::tlm_command command, std::uint64_t addr, void* data,
                                  unsigned length, unsigned char* byte_enables = nullptr) {
    tlm::tlm_generic_payload trans;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    trans.set_command(command);
    trans.set_address(addr);
    trans.set_data_ptr(static_cast<unsigned char*>(data));
    trans.set_data_length(length);
    trans.set_streaming_width(length);
    trans.set_byte_enable_ptr(byte_enables);
    trans.set_byte_enable_length(byte_enables ? length : 0);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    socket->b_transport(trans, delay);
    EXPECT_EQ(trans.get_address(), addr);  // the router restores the initiator's address
    return trans.get_response_status();
  }
  tlm::tlm_response_status write32(std::uint64_t addr, std::uint32_t value) {
    return access(tlm::TLM_WRITE_COMMAND, addr, &value, 4);
  }
  tlm::tlm_response_status read32(std::uint64_t addr, std::uint32_t& value) {
    return access(tlm::TLM_READ_COMMAND, addr, &value, 4);
  }
};

AddressMap test_map() {
  AddressMap map;
  map.add({"dram", kDramBase, kDramSize, 0});
  map.add({"csr", kCsrBase, csr::kBlockSize, 1});
  return map;
}

// Elaborated once for the whole executable.
struct System {
  TestInitiator host{"host"};
  Router router{"router", test_map()};
  Dram dram{"dram", kDramSize};
  CsrBlock csr{"csr"};
  // The controller is told that memory extends twice as far as the DRAM really does, so a
  // job can pass its checks and still meet a bus error in the DMA engine.
  Accelerator accelerator{"accelerator", csr.registers(), MemorySpan{kDramBase, 2 * kDramSize}};
  System() {
    host.socket.bind(router.target_socket);
    accelerator.memory_socket.bind(router.target_socket);
    router.initiator_socket.bind(dram.socket);
    router.initiator_socket.bind(csr.socket);
  }
};

System& system_under_test() {
  static System* system = [] {
    auto* s = new System();
    sc_core::sc_start(sc_core::SC_ZERO_TIME);  // finish elaboration
    return s;
  }();
  return *system;
}
}  // namespace

TEST(AddressMap, DecodesInsideRangesOnly) {
  const AddressMap map = test_map();
  const auto hit = map.decode(kCsrBase + 0x10, 4);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->range->name, "csr");
  EXPECT_EQ(hit->offset, 0x10u);
  EXPECT_TRUE(map.decode(kDramBase + kDramSize - 4, 4));
  EXPECT_FALSE(map.decode(kDramBase + kDramSize - 3, 4));  // crosses the end of dram
  EXPECT_FALSE(map.decode(kDramBase - 1, 1));
  EXPECT_FALSE(map.decode(~0ull, 4));
  EXPECT_EQ(map.range_of_port(1)->base, kCsrBase);
  EXPECT_EQ(map.range_of_port(2), nullptr);
}

TEST(AddressMap, RejectsOverlapsAndEmptyRanges) {
  AddressMap map;
  map.add({"a", 0x100, 0x100, 0});
  EXPECT_THROW(map.add({"b", 0x1FF, 0x10, 1}), std::invalid_argument);
  EXPECT_THROW(map.add({"c", 0x0, 0x101, 1}), std::invalid_argument);
  EXPECT_THROW(map.add({"d", 0x300, 0, 1}), std::invalid_argument);
  EXPECT_NO_THROW(map.add({"e", 0x200, 0x10, 1}));
}

TEST(Router, TranslatesAndRejectsUnmappedAccesses) {
  System& s = system_under_test();
  std::uint8_t data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_EQ(s.host.access(tlm::TLM_WRITE_COMMAND, kDramBase + 0x100, data, 8), tlm::TLM_OK_RESPONSE);
  std::uint8_t back[8] = {};
  EXPECT_EQ(s.host.access(tlm::TLM_READ_COMMAND, kDramBase + 0x100, back, 8), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(std::memcmp(data, back, 8), 0);

  const std::uint64_t errors = s.router.address_errors();
  EXPECT_EQ(s.host.access(tlm::TLM_READ_COMMAND, 0x0, back, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(s.host.access(tlm::TLM_READ_COMMAND, kDramBase + kDramSize - 4, back, 8),
            tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(s.host.access(tlm::TLM_WRITE_COMMAND, kCsrBase + csr::kBlockSize, data, 4),
            tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(s.router.address_errors(), errors + 3);

  // Debug transport takes the same path, without side effects on the counters.
  tlm::tlm_generic_payload dbg;
  dbg.set_command(tlm::TLM_READ_COMMAND);
  dbg.set_address(kDramBase + 0x100);
  dbg.set_data_ptr(back);
  dbg.set_data_length(4);
  const std::uint64_t reads = s.dram.read_bytes();
  EXPECT_EQ(s.host.socket->transport_dbg(dbg), 4u);
  EXPECT_EQ(s.dram.read_bytes(), reads);
  dbg.set_address(0x0);
  EXPECT_EQ(s.host.socket->transport_dbg(dbg), 0u);
  std::uint32_t id = 0;
  dbg.set_address(kCsrBase + csr::kId);
  dbg.set_data_ptr(reinterpret_cast<unsigned char*>(&id));
  EXPECT_EQ(s.host.socket->transport_dbg(dbg), 4u);
  EXPECT_EQ(id, csr::kIdValue);
}

TEST(Router, DirectMemoryInterfaceRangesAreTranslatedToBusAddresses) {
  System& s = system_under_test();
  tlm::tlm_generic_payload trans;
  tlm::tlm_dmi dmi;
  trans.set_command(tlm::TLM_READ_COMMAND);
  trans.set_address(kDramBase + 0x40);
  ASSERT_TRUE(s.host.socket->get_direct_mem_ptr(trans, dmi));
  EXPECT_EQ(dmi.get_start_address(), kDramBase);
  EXPECT_EQ(dmi.get_end_address(), kDramBase + kDramSize - 1);
  dmi.get_dmi_ptr()[0x200] = 0x5A;  // visible through ordinary transactions
  std::uint8_t byte = 0;
  EXPECT_EQ(s.host.access(tlm::TLM_READ_COMMAND, kDramBase + 0x200, &byte, 1), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(byte, 0x5A);
  trans.set_address(kCsrBase);  // the CSR block grants no DMI
  EXPECT_FALSE(s.host.socket->get_direct_mem_ptr(trans, dmi));
  trans.set_address(0x0);  // unmapped
  EXPECT_FALSE(s.host.socket->get_direct_mem_ptr(trans, dmi));
}

TEST(CsrBlock, AccessRules) {
  System& s = system_under_test();
  std::uint32_t value = 0;
  EXPECT_EQ(s.host.read32(kCsrBase + csr::kId, value), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(value, csr::kIdValue);
  EXPECT_EQ(s.host.write32(kCsrBase + csr::kK, 77), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(s.host.read32(kCsrBase + csr::kK, value), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(value, 77u);

  EXPECT_EQ(s.host.read32(kCsrBase + csr::kK + 2, value), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  std::uint16_t half = 0;
  EXPECT_EQ(s.host.access(tlm::TLM_READ_COMMAND, kCsrBase + csr::kK, &half, 2),
            tlm::TLM_BURST_ERROR_RESPONSE);
  std::uint64_t wide = 0;
  EXPECT_EQ(s.host.access(tlm::TLM_READ_COMMAND, kCsrBase + csr::kCyclesTotal, &wide, 8),
            tlm::TLM_BURST_ERROR_RESPONSE);
  unsigned char enables[4] = {0xFF, 0xFF, 0, 0};
  EXPECT_EQ(s.host.access(tlm::TLM_WRITE_COMMAND, kCsrBase + csr::kK, &value, 4, enables),
            tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
  EXPECT_EQ(s.host.read32(kCsrBase + 0x200, value), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(s.host.write32(kCsrBase + csr::kStatus, 1), tlm::TLM_COMMAND_ERROR_RESPONSE);
  EXPECT_EQ(s.host.write32(kCsrBase + csr::kCyclesTotal, 1), tlm::TLM_COMMAND_ERROR_RESPONSE);
  EXPECT_EQ(s.host.write32(kCsrBase + csr::kId, 1), tlm::TLM_COMMAND_ERROR_RESPONSE);
  EXPECT_EQ(s.host.read32(kCsrBase + csr::kK, value), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(value, 77u);  // nothing changed
}

TEST(CsrBlock, StartWhileBusyIsRefusedAndBadJobsEndInError) {
  System& s = system_under_test();
  ASSERT_EQ(s.host.write32(kCsrBase + csr::kM, 0), tlm::TLM_OK_RESPONSE);
  ASSERT_EQ(s.host.write32(kCsrBase + csr::kControl, csr::kControlStart), tlm::TLM_OK_RESPONSE);
  std::uint32_t status = 0;
  EXPECT_EQ(s.host.read32(kCsrBase + csr::kStatus, status), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(status, csr::kStatusBusy);
  EXPECT_EQ(s.host.write32(kCsrBase + csr::kControl, csr::kControlStart),
            tlm::TLM_GENERIC_ERROR_RESPONSE);
  EXPECT_EQ(s.host.write32(kCsrBase + csr::kN, 5), tlm::TLM_GENERIC_ERROR_RESPONSE);
  sc_core::sc_start();  // the controller runs the job: M = 0 is refused
  EXPECT_EQ(s.host.read32(kCsrBase + csr::kStatus, status), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(status, csr::kStatusError);
  std::uint32_t cause = 0;
  EXPECT_EQ(s.host.read32(kCsrBase + csr::kErrorCause, cause), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(cause, static_cast<std::uint32_t>(ErrorCause::ShapeM));
}

TEST(DmaEngine, BusErrorBecomesAJobError) {
  System& s = system_under_test();
  // A valid int8x8 job whose Y region lies beyond the real DRAM (inside the window the
  // controller was told about): the DMA write of Y fails.
  AcceleratorConfig config;
  config.pe = PeKind::Int8x8;
  config.rows = 4;
  config.cols = 4;
  s.accelerator.configure(config);
  const std::pair<std::uint32_t, std::uint64_t> writes[] = {
      {csr::kM, 1}, {csr::kK, 4}, {csr::kN, 4},
      {csr::kWeightFormat, weight_format_value(2, 8)}, {csr::kGroupSize, 0},
      {csr::kWeightsAddr, kDramBase}, {csr::kWeightScalesAddr, kDramBase + 0x100},
      {csr::kActivationsAddr, kDramBase + 0x200}, {csr::kActivationScalesAddr, kDramBase + 0x300},
      {csr::kYAddr, kDramBase + kDramSize + 0x100}};
  for (const auto& [offset, value] : writes) {
    ASSERT_EQ(s.host.write32(kCsrBase + offset, static_cast<std::uint32_t>(value)),
              tlm::TLM_OK_RESPONSE);
  }
  ASSERT_EQ(s.host.write32(kCsrBase + csr::kControl, csr::kControlStart), tlm::TLM_OK_RESPONSE);
  sc_core::sc_start();
  std::uint32_t status = 0, cause = 0, detail = 0;
  s.host.read32(kCsrBase + csr::kStatus, status);
  s.host.read32(kCsrBase + csr::kErrorCause, cause);
  s.host.read32(kCsrBase + csr::kErrorDetail, detail);
  EXPECT_EQ(status, csr::kStatusError);
  EXPECT_EQ(cause, static_cast<std::uint32_t>(ErrorCause::DmaError));
  EXPECT_EQ(detail, static_cast<std::uint32_t>(kDramBase + kDramSize + 0x100));
}

// The SRAM buffer module through its TLM-2.0 sockets: error responses (out of range, byte
// enables, streaming width, command) that leave the contents and counters untouched, debug
// transport, the DMI grant, byte counters for transactions and for reported DMI accesses,
// and DMI invalidation when the buffer is resized.
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>

#include "sram_buffer.hpp"

using namespace fineq;

namespace {

struct TestInitiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<TestInitiator> socket;
  int invalidations = 0;

  explicit TestInitiator(sc_core::sc_module_name name) : sc_module(name), socket("socket") {
    socket.register_invalidate_direct_mem_ptr(this, &TestInitiator::invalidate);
  }
  void invalidate(sc_dt::uint64, sc_dt::uint64) { ++invalidations; }

  tlm::tlm_response_status access(tlm::tlm_command command, std::uint64_t addr, void* data,
                                  unsigned length, unsigned streaming_width,
                                  unsigned char* byte_enables = nullptr) {
    tlm::tlm_generic_payload trans;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    trans.set_command(command);
    trans.set_address(addr);
    trans.set_data_ptr(static_cast<unsigned char*>(data));
    trans.set_data_length(length);
    trans.set_streaming_width(streaming_width);
    trans.set_byte_enable_ptr(byte_enables);
    trans.set_byte_enable_length(byte_enables ? length : 0);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    socket->b_transport(trans, delay);
    return trans.get_response_status();
  }
  tlm::tlm_response_status write(std::uint64_t addr, void* data, unsigned length) {
    return access(tlm::TLM_WRITE_COMMAND, addr, data, length, length);
  }
  tlm::tlm_response_status read(std::uint64_t addr, void* data, unsigned length) {
    return access(tlm::TLM_READ_COMMAND, addr, data, length, length);
  }
};

constexpr std::uint64_t kBufferBytes = 64;

struct Bench {
  TestInitiator dma{"dma"};
  TestInitiator datapath{"datapath"};
  SramBuffer buffer{"buffer", kBufferBytes};
  Bench() {
    dma.socket.bind(buffer.dma_socket);
    datapath.socket.bind(buffer.datapath_socket);
  }
};

Bench& bench() {
  static Bench* b = [] {
    auto* created = new Bench();
    sc_core::sc_start(sc_core::SC_ZERO_TIME);  // finish elaboration
    return created;
  }();
  return *b;
}

}  // namespace

TEST(SramBuffer, BothPortsSeeTheSameBytesAndEveryByteIsCounted) {
  Bench& b = bench();
  b.buffer.reset_counters();
  std::uint8_t data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  ASSERT_EQ(b.dma.write(kBufferBytes - 8, data, 8), tlm::TLM_OK_RESPONSE);
  std::uint8_t back[8] = {};
  ASSERT_EQ(b.datapath.read(kBufferBytes - 8, back, 8), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(std::vector<std::uint8_t>(back, back + 8), std::vector<std::uint8_t>(data, data + 8));
  EXPECT_EQ(b.buffer.write_bytes(), 8u);
  EXPECT_EQ(b.buffer.read_bytes(), 8u);
  // Accesses an initiator made through a DMI pointer and reports.
  b.buffer.count_direct_access(true, 100);
  b.buffer.count_direct_access(false, 30);
  EXPECT_EQ(b.buffer.write_bytes(), 108u);
  EXPECT_EQ(b.buffer.read_bytes(), 38u);
}

TEST(SramBuffer, BadAccessesGetErrorResponsesAndChangeNothing) {
  Bench& b = bench();
  std::uint8_t original[4] = {9, 9, 9, 9};
  ASSERT_EQ(b.dma.write(0, original, 4), tlm::TLM_OK_RESPONSE);
  b.buffer.reset_counters();
  std::uint8_t data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  // Out of range: past the end, crossing the end, far away.
  EXPECT_EQ(b.dma.write(kBufferBytes, data, 1), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(b.dma.write(kBufferBytes - 4, data, 8), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(b.datapath.read(~0ull - 2, data, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  // Wrong size: a streaming width below the length (a burst the SRAM cannot do).
  EXPECT_EQ(b.dma.access(tlm::TLM_WRITE_COMMAND, 0, data, 4, 2), tlm::TLM_BURST_ERROR_RESPONSE);
  // Byte enables are not supported.
  unsigned char enables[4] = {0xFF, 0, 0xFF, 0};
  EXPECT_EQ(b.dma.access(tlm::TLM_WRITE_COMMAND, 0, data, 4, 4, enables),
            tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
  EXPECT_EQ(b.dma.access(tlm::TLM_IGNORE_COMMAND, 0, data, 4, 4),
            tlm::TLM_COMMAND_ERROR_RESPONSE);
  EXPECT_EQ(b.buffer.write_bytes(), 0u);
  EXPECT_EQ(b.buffer.read_bytes(), 0u);
  std::uint8_t back[4] = {};
  ASSERT_EQ(b.datapath.read(0, back, 4), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(std::vector<std::uint8_t>(back, back + 4), std::vector<std::uint8_t>(original, original + 4));
}

TEST(SramBuffer, DebugTransportReadsAndWritesWithoutCounting) {
  Bench& b = bench();
  b.buffer.reset_counters();
  std::uint8_t data[3] = {7, 8, 9};
  tlm::tlm_generic_payload trans;
  trans.set_command(tlm::TLM_WRITE_COMMAND);
  trans.set_address(10);
  trans.set_data_ptr(data);
  trans.set_data_length(3);
  EXPECT_EQ(b.dma.socket->transport_dbg(trans), 3u);
  std::uint8_t back[3] = {};
  trans.set_command(tlm::TLM_READ_COMMAND);
  trans.set_data_ptr(back);
  EXPECT_EQ(b.datapath.socket->transport_dbg(trans), 3u);
  EXPECT_EQ(back[2], 9);
  trans.set_address(kBufferBytes - 1);  // crosses the end
  EXPECT_EQ(b.datapath.socket->transport_dbg(trans), 0u);
  EXPECT_EQ(b.buffer.write_bytes() + b.buffer.read_bytes(), 0u);
}

TEST(SramBuffer, GrantsDmiOverTheWholeBufferAndInvalidatesItOnResize) {
  Bench& b = bench();
  std::uint8_t data[4] = {0xA, 0xB, 0xC, 0xD};
  tlm::tlm_generic_payload trans;
  trans.set_command(tlm::TLM_WRITE_COMMAND);
  trans.set_address(20);
  trans.set_data_ptr(data);
  trans.set_data_length(4);
  trans.set_streaming_width(4);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  b.dma.socket->b_transport(trans, delay);
  ASSERT_EQ(trans.get_response_status(), tlm::TLM_OK_RESPONSE);
  EXPECT_TRUE(trans.is_dmi_allowed());  // the hint that a DMI request will succeed

  tlm::tlm_dmi dmi;
  ASSERT_TRUE(b.datapath.socket->get_direct_mem_ptr(trans, dmi));
  EXPECT_EQ(dmi.get_start_address(), 0u);
  EXPECT_EQ(dmi.get_end_address(), kBufferBytes - 1);
  EXPECT_TRUE(dmi.is_read_write_allowed());
  EXPECT_EQ(dmi.get_dmi_ptr()[21], 0xB);  // what b_transport wrote through the other port
  trans.set_address(kBufferBytes);
  EXPECT_FALSE(b.datapath.socket->get_direct_mem_ptr(trans, dmi));

  const int dma_before = b.dma.invalidations;
  const int datapath_before = b.datapath.invalidations;
  b.buffer.resize(2 * kBufferBytes);
  EXPECT_GT(b.dma.invalidations, dma_before);
  EXPECT_GT(b.datapath.invalidations, datapath_before);
  EXPECT_EQ(b.buffer.size(), 2 * kBufferBytes);
  b.buffer.resize(kBufferBytes);
}

// sc_main for SystemC integration tests (one executable per test, as SystemC elaborates once
// per process). Any SC_REPORT warning, error or fatal becomes a GoogleTest failure.
#include <gtest/gtest.h>
#include <systemc>

namespace {
void report_to_gtest(const sc_core::sc_report& report, const sc_core::sc_actions& actions) {
  const auto severity = report.get_severity();
  if (severity == sc_core::SC_INFO) return;
  ADD_FAILURE() << "SC_REPORT " << (severity == sc_core::SC_WARNING ? "warning" : "error") << " ["
                << report.get_msg_type() << "] " << report.get_msg();
  if (actions & sc_core::SC_THROW) throw report;
}
}  // namespace

int sc_main(int argc, char* argv[]) {
  ::testing::InitGoogleTest(&argc, argv);
  sc_core::sc_report_handler::set_handler(report_to_gtest);
  // SystemC's own deprecation notices for the Debian build are infos and pass untouched.
  return RUN_ALL_TESTS();
}

#pragma once
// The module tree under a root object (found with get_child_objects), each module with its
// C++ class and each port or socket with its kind and what it is bound to, taken from the
// Wiring tables of the modules that made the bindings.
#include <iosfwd>
#include <vector>

#include "wiring.hpp"

namespace sc_core {
class sc_object;
}

namespace fineq {

class HierarchyReport {
 public:
  HierarchyReport(const sc_core::sc_object& root, std::vector<const Wiring*> wirings);

  // One line per module, port and socket, indented by depth:
  //   name  Class
  //     port  kind -> bound.to.name
  void print(std::ostream& out) const;
  // Throws std::invalid_argument naming every port or initiator socket that no Wiring binds
  // and every target socket that no Wiring binds an initiator to, so that a wiring mistake
  // is a clear error before simulation instead of SystemC's abort at the end of elaboration.
  void check_all_bound() const;

 private:
  const sc_core::sc_object& root_;
  std::vector<const Wiring*> wirings_;
};

}  // namespace fineq

#pragma once
// A record of the bindings a module made between its children's ports and sockets, so that
// the hierarchy can be printed with what every port is bound to and unbound ports found
// before simulation (SystemC keeps port bindings private until the end of elaboration).
#include <string>
#include <utility>
#include <vector>

namespace fineq {

class Wiring {
 public:
  // Binds `from` (a port or initiator socket) to `to` (a target socket, an export, a parent's
  // socket, or a module implementing the port's interface) and records it by full names.
  template <class From, class To>
  void connect(From& from, To& to) {
    from.bind(to);
    record(from.name(), to.name());
  }
  void record(const std::string& from, const std::string& to) { edges_.emplace_back(from, to); }

  // (from, to) full names, in binding order.
  const std::vector<std::pair<std::string, std::string>>& edges() const { return edges_; }

 private:
  std::vector<std::pair<std::string, std::string>> edges_;
};

}  // namespace fineq

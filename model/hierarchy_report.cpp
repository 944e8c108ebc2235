#include "hierarchy_report.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <ostream>
#include <stdexcept>
#include <string>
#include <systemc>
#include <typeinfo>

namespace fineq {

namespace {

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

std::string class_name(const sc_core::sc_object& object) {
  int status = 0;
  char* demangled = abi::__cxa_demangle(typeid(object).name(), nullptr, nullptr, &status);
  std::string name = status == 0 && demangled != nullptr ? demangled : typeid(object).name();
  std::free(demangled);
  const std::string prefix = "fineq::";
  return starts_with(name, prefix) ? name.substr(prefix.size()) : name;
}

// A TLM socket's own backward-path port or export ("<socket>_port_0", "<socket>_export_0"):
// bound by SystemC together with the socket, not shown on its own.
bool socket_internal(const sc_core::sc_object& object) {
  const sc_core::sc_object* parent = object.get_parent_object();
  if (parent == nullptr) return false;
  const std::string base = object.basename();
  for (const sc_core::sc_object* sibling : parent->get_child_objects()) {
    if (sibling == &object) continue;
    const std::string owner = sibling->basename();
    if (starts_with(base, owner + "_port") || starts_with(base, owner + "_export")) return true;
  }
  return false;
}

bool is_port(const sc_core::sc_object& object) {
  return dynamic_cast<const sc_core::sc_port_base*>(&object) != nullptr &&
         !socket_internal(object);
}

bool is_export(const sc_core::sc_object& object) {
  return dynamic_cast<const sc_core::sc_export_base*>(&object) != nullptr &&
         !socket_internal(object);
}

template <class Visit>
void walk(const sc_core::sc_object& object, int depth, const Visit& visit) {
  visit(object, depth);
  for (const sc_core::sc_object* child : object.get_child_objects()) walk(*child, depth + 1, visit);
}

}  // namespace

HierarchyReport::HierarchyReport(const sc_core::sc_object& root,
                                 std::vector<const Wiring*> wirings)
    : root_(root), wirings_(std::move(wirings)) {}

void HierarchyReport::print(std::ostream& out) const {
  auto list = [&](const std::string& name, bool outgoing) {
    std::string text;
    for (const Wiring* wiring : wirings_) {
      for (const auto& [from, to] : wiring->edges()) {
        const std::string& match = outgoing ? from : to;
        const std::string& other = outgoing ? to : from;
        if (match != name) continue;
        text += (text.empty() ? "" : ", ") + other;
      }
    }
    return text;
  };
  walk(root_, 0, [&](const sc_core::sc_object& object, int depth) {
    const std::string indent(2 * static_cast<std::size_t>(depth), ' ');
    if (dynamic_cast<const sc_core::sc_module*>(&object) != nullptr) {
      out << indent << object.basename() << "  " << class_name(object) << '\n';
    } else if (is_port(object)) {
      const std::string to = list(object.name(), true);
      out << indent << object.basename() << "  " << object.kind() << " -> "
          << (to.empty() ? "NOT BOUND" : to) << '\n';
    } else if (is_export(object)) {
      const std::string from = list(object.name(), false);
      out << indent << object.basename() << "  " << object.kind()
          << (from.empty() ? "" : " <- " + from) << '\n';
    }
  });
}

void HierarchyReport::check_all_bound() const {
  std::string unbound;
  walk(root_, 0, [&](const sc_core::sc_object& object, int) {
    // A port or initiator socket must be bound to something; a target socket must have an
    // initiator bound to it (its backward path is a port too).
    const bool port = is_port(object);
    const bool target_socket =
        is_export(object) && std::string(object.kind()).find("target_socket") != std::string::npos;
    if (!port && !target_socket) return;
    for (const Wiring* wiring : wirings_) {
      for (const auto& [from, to] : wiring->edges()) {
        if ((port ? from : to) == object.name()) return;
      }
    }
    unbound += (unbound.empty() ? "" : ", ") + std::string(object.name());
  });
  if (!unbound.empty()) {
    throw std::invalid_argument("platform wiring: not bound: " + unbound +
                                " (every port and initiator socket must be connected, and an initiator to every target socket)");
  }
}

}  // namespace fineq

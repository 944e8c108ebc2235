#pragma once
// Which PE module the structural array instantiates for a PE kind: implementations are
// registered under a model name (`--pe-model`, AcceleratorConfig::pe_model). The SystemC
// modules of this folder are the model "systemc" of every kind; another implementation with
// the PeModule ports (e.g. a Verilated RTL PE wrapped in a PeModule) registers itself with
// add() before the platform is built and is selected with `--pe-model NAME`.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "accelerator_config.hpp"
#include "pe_module.hpp"

namespace fineq {

class PeFactory {
 public:
  using Creator = std::function<std::unique_ptr<PeModule>(const char* name)>;

  // The process's factory, with the "systemc" models registered.
  static PeFactory& instance();

  // Registers (or replaces) the implementation `model` of `kind`.
  void add(PeKind kind, const std::string& model, Creator creator);
  bool has(PeKind kind, const std::string& model) const;
  std::vector<std::string> models(PeKind kind) const;  // sorted
  // Throws std::invalid_argument naming --pe-model if there is no such implementation.
  void check_available(PeKind kind, const std::string& model) const;
  // Must be called during elaboration (SystemC creates modules only then).
  std::unique_ptr<PeModule> create(PeKind kind, const std::string& model, const char* name) const;

 private:
  PeFactory();
  std::map<std::pair<PeKind, std::string>, Creator> creators_;
};

}  // namespace fineq

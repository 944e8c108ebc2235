#include "pe_factory.hpp"

#include <stdexcept>

#include "int8x4_pe.hpp"
#include "int8x8_pe.hpp"
#include "temporal_pe.hpp"

namespace fineq {

namespace {
template <class Pe>
PeFactory::Creator creator_of() {
  return [](const char* name) { return std::make_unique<Pe>(name); };
}
}  // namespace

PeFactory::PeFactory() {
  add(PeKind::Temporal, "systemc", creator_of<TemporalPe>());
  add(PeKind::Int8x8, "systemc", creator_of<Int8x8Pe>());
  add(PeKind::Int8x4, "systemc", creator_of<Int8x4Pe>());
}

PeFactory& PeFactory::instance() {
  static PeFactory factory;
  return factory;
}

void PeFactory::add(PeKind kind, const std::string& model, Creator creator) {
  creators_[{kind, model}] = std::move(creator);
}

bool PeFactory::has(PeKind kind, const std::string& model) const {
  return creators_.count({kind, model}) != 0;
}

std::vector<std::string> PeFactory::models(PeKind kind) const {
  std::vector<std::string> names;
  for (const auto& entry : creators_) {
    if (entry.first.first == kind) names.push_back(entry.first.second);
  }
  return names;
}

void PeFactory::check_available(PeKind kind, const std::string& model) const {
  if (has(kind, model)) return;
  std::string available;
  for (const std::string& name : models(kind)) available += (available.empty() ? "" : ", ") + name;
  throw std::invalid_argument("--pe-model: no '" + model + "' implementation of the " +
                              pe_kind_name(kind) + " PE for --mode structural; available: " +
                              (available.empty() ? "none" : available) +
                              (model == "rtl" ? " (the rtl model needs a build with the Debian "
                                                "package verilator installed, docs/rtl.md)"
                                              : ""));
}

std::unique_ptr<PeModule> PeFactory::create(PeKind kind, const std::string& model,
                                            const char* name) const {
  check_available(kind, model);
  return creators_.at({kind, model})(name);
}

}  // namespace fineq

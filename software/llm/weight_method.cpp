#include "weight_method.hpp"

#include <set>
#include <sstream>
#include <stdexcept>

namespace fineq {

namespace {
const char* const kValidMethods =
    "fp32, fineq-min-error, fineq-paper, fineq-min-error-sym, fineq-paper-sym, rtnB or owqB "
    "(B = 2..8), fineq-ef-min-error, fineq-ef-paper (-hs: Hessian-aware scale search), gptqB, "
    "gptqB-act, each optionally followed "
    "by @gN (scale group), or pbllm";

[[noreturn]] void fail(const std::string& text) {
  throw std::invalid_argument("unknown method '" + text + "': expected " + kValidMethods);
}

unsigned parse_unsigned(const std::string& digits, const std::string& text, unsigned low, unsigned high) {
  if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) fail(text);
  const unsigned long value = std::stoul(digits);
  if (value < low || value > high) fail(text);
  return static_cast<unsigned>(value);
}
}  // namespace

WeightMethod parse_weight_method(const std::string& text) {
  WeightMethod method{text, std::nullopt};
  if (text == "fp32") return method;
  std::string base = text;
  std::uint32_t group = 0;
  const std::size_t at = text.find("@g");
  if (at != std::string::npos) {
    base = text.substr(0, at);
    group = parse_unsigned(text.substr(at + 2), text, 1, 1u << 30);
  }
  QuantizerConfig config;
  config.threads = 0;
  config.group = group;
  const bool error_feedback = base.rfind("fineq-ef-", 0) == 0;
  if (base.rfind("fineq-", 0) == 0) {
    std::string rule = base.substr(error_feedback ? 9 : 6);
    const std::string hessian_search = "-hs";
    if (error_feedback && rule.size() > hessian_search.size() &&
        rule.compare(rule.size() - hessian_search.size(), hessian_search.size(), hessian_search) == 0) {
      config.hessian_scale_search = true;
      rule.resize(rule.size() - hessian_search.size());
    }
    const std::string sym = "-sym";
    if (rule.size() > sym.size() && rule.compare(rule.size() - sym.size(), sym.size(), sym) == 0) {
      config.codebook = Codebook::symmetric_codebook();
      rule.resize(rule.size() - sym.size());
    }
    if (rule != "min-error" && rule != "paper") fail(text);
    config.method = error_feedback ? QuantMethod::FineqEf : QuantMethod::FineQ;
    config.rule = parse_rule(rule);
  } else if (base.rfind("gptq", 0) == 0) {
    std::string bits = base.substr(4);
    const std::string act = "-act";
    if (bits.size() > act.size() && bits.compare(bits.size() - act.size(), act.size(), act) == 0) {
      config.act_order = true;
      bits.resize(bits.size() - act.size());
    }
    config.method = QuantMethod::Gptq;
    config.bits = parse_unsigned(bits, text, 2, 8);
  } else if (base == "pbllm" && group == 0) {
    config.method = QuantMethod::PbLlm;
  } else if (base.rfind("rtn", 0) == 0 || base.rfind("owq", 0) == 0) {
    config.method = base[0] == 'r' ? QuantMethod::Rtn : QuantMethod::Owq;
    config.bits = parse_unsigned(base.substr(3), text, 2, 8);
  } else {
    fail(text);
  }
  config.validate();
  method.quantizer = config;
  return method;
}

std::vector<WeightMethod> parse_weight_methods(const std::string& list) {
  std::vector<WeightMethod> methods;
  std::set<std::string> seen;
  std::stringstream stream(list);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (!seen.insert(item).second) throw std::invalid_argument("method '" + item + "' is listed twice");
    methods.push_back(parse_weight_method(item));
  }
  if (methods.empty()) throw std::invalid_argument(std::string("empty method list: expected ") + kValidMethods);
  return methods;
}

}  // namespace fineq

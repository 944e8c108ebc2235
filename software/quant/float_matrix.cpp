#include "float_matrix.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace fineq {

void require_finite(const std::string& source, const std::string& name,
                    const std::vector<float>& values, const std::vector<std::uint64_t>& dims) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isfinite(values[i])) continue;
    std::vector<std::uint64_t> index(dims.size());
    std::uint64_t rest = i;
    for (std::size_t d = dims.size(); d-- > 0;) {
      index[d] = rest % dims[d];
      rest /= dims[d];
    }
    std::ostringstream message;
    message << source << ": tensor '" << name << "': non-finite value " << values[i] << " at [";
    for (std::size_t d = 0; d < index.size(); ++d) message << (d ? ", " : "") << index[d];
    message << "]";
    throw std::runtime_error(message.str());
  }
}

}  // namespace fineq

#include "atomic_file.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

namespace fineq {

void write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& write, bool binary) {
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  try {
    std::ofstream out(temporary, binary ? std::ios::binary : std::ios::out);
    if (!out) throw std::runtime_error("cannot create '" + temporary + "'");
    write(out);
    out.flush();
    if (!out) throw std::runtime_error("write failed");
    out.close();
    if (!out) throw std::runtime_error("close failed");
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
      throw std::runtime_error("cannot rename the temporary file over it");
    }
  } catch (const std::exception& error) {
    std::remove(temporary.c_str());
    throw std::runtime_error("writing '" + path + "': " + error.what());
  }
}

}  // namespace fineq

#pragma once
// Output files appear whole or not at all: content goes to a temporary file beside the
// target, which is renamed over it only after a successful write.
#include <functional>
#include <ostream>
#include <string>

namespace fineq {

// Calls write(stream) on a temporary file, then renames it to `path`. On any failure
// (exception from write, I/O error) the temporary file is removed and std::runtime_error
// naming `path` is thrown; `path` itself is untouched.
void write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& write, bool binary = false);

inline void write_text_atomically(const std::string& path, const std::string& text) {
  write_file_atomically(path, [&](std::ostream& out) { out << text; });
}

}  // namespace fineq

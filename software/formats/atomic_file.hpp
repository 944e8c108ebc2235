#pragma once
// Output files appear whole or not at all: content goes to a temporary file beside the
// target, which is renamed over it only after a successful write. Devices, FIFOs and the
// like are written in place instead, and symlinks are followed (output_target.hpp). Every
// temporary has a unique name (two runs writing the same path do not share one) and is
// removed on any error, exception or fatal signal (live_temporaries.hpp).
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "live_temporaries.hpp"

namespace fineq {

// Calls write(stream) on a temporary file, then renames it to `path`; or, if `path` is a
// device or FIFO, calls write(stream) on `path` itself. On any failure (exception from
// write, I/O error such as ENOSPC) the temporary is removed and std::runtime_error naming
// `path` and the cause is thrown; a regular file at `path` is untouched.
void write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& write);

inline void write_text_atomically(const std::string& path, const std::string& text) {
  write_file_atomically(path, [&](std::ostream& out) { out << text; });
}

// A new, empty, registered file named `stem` + 6 random characters + `suffix`, created with
// O_EXCL so that no other process gets the same name. Throws std::runtime_error.
std::unique_ptr<LiveTemporary> create_unique_temporary(const std::string& stem,
                                                       const std::string& suffix);
// A temporary to write the content of output `path` into before move_to_output(): beside
// the file it will replace, or in the system's temporary directory if `path` is written in
// place. Its name is <file><infix><random><suffix>.
std::unique_ptr<LiveTemporary> create_output_temporary(const std::string& path,
                                                       const std::string& infix,
                                                       const std::string& suffix);
// Renames the finished temporary to `path` (or copies it into a device in place and removes
// it). Throws std::runtime_error naming `path`; the temporary is removed either way.
void move_to_output(LiveTemporary& temporary, const std::string& path);

}  // namespace fineq

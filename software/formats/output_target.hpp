#pragma once
// Where an output file really goes. Only a regular file (or a path that does not exist yet)
// is replaced through a temporary file and a rename: renaming over /dev/null, /dev/full, a
// FIFO or a terminal would replace the node itself. Those are written in place. A symlink is
// followed: the file it points to is written (replaced, or written in place), the link stays.
#include <string>

namespace fineq {

struct OutputTarget {
  // Replace: write a temporary beside `path`, rename it over `path`. InPlace: open `path`
  // for writing (a device, FIFO or socket) and write to it directly.
  enum class Method { Replace, InPlace };
  Method method = Method::Replace;
  std::string path;  // symlinks resolved
};

// Throws std::runtime_error saying what is wrong with `path` (empty, a directory, a symlink
// to nothing, a directory that does not exist or is not writable, a device that cannot be
// opened for writing).
OutputTarget resolve_output_target(const std::string& path);

}  // namespace fineq

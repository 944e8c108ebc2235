#include "output_target.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <sys/stat.h>
#include <unistd.h>

namespace fineq {

namespace {
std::string parent_directory(const std::string& path) {
  const std::filesystem::path p(path);
  return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}
}  // namespace

OutputTarget resolve_output_target(const std::string& path) {
  if (path.empty()) throw std::runtime_error("expected a file name, got ''");
  OutputTarget target;
  target.path = path;
  struct stat link_info {};
  if (::lstat(path.c_str(), &link_info) == 0 && S_ISLNK(link_info.st_mode)) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
      throw std::runtime_error("'" + path + "' is a symlink to a file that does not exist");
    }
    if (S_ISREG(info.st_mode)) {
      // Replace the file the link points to, beside it, so that the link stays a link.
      char resolved[PATH_MAX];
      if (::realpath(path.c_str(), resolved) == nullptr) {
        throw std::runtime_error("cannot resolve the symlink '" + path + "': " + std::strerror(errno));
      }
      target.path = resolved;
    }
  }
  struct stat info {};
  const bool exists = ::stat(target.path.c_str(), &info) == 0;
  if (exists && S_ISDIR(info.st_mode)) throw std::runtime_error("'" + path + "' is a directory");
  if (exists && !S_ISREG(info.st_mode)) {
    target.method = OutputTarget::Method::InPlace;
    if (::access(target.path.c_str(), W_OK) != 0) {
      throw std::runtime_error("'" + path + "' is not writable: " + std::strerror(errno));
    }
    return target;
  }
  const std::string parent = parent_directory(target.path);
  std::error_code error;
  if (!std::filesystem::is_directory(parent, error)) {
    throw std::runtime_error("directory '" + parent + "' of '" + path + "' does not exist");
  }
  if (::access(parent.c_str(), W_OK) != 0) {
    throw std::runtime_error("directory '" + parent + "' is not writable");
  }
  return target;
}

}  // namespace fineq

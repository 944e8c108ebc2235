#include "atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

#include "fd_output_buffer.hpp"
#include "output_target.hpp"

namespace fineq {

namespace {
std::string random_letters(std::size_t count) {
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  static thread_local std::mt19937_64 generator{std::random_device{}() ^
                                                (static_cast<std::uint64_t>(::getpid()) << 32)};
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += kAlphabet[generator() % (sizeof kAlphabet - 1)];
  return text;
}

// Writes through write(stream) into `path` opened with `flags`; throws with the cause (such as
// "write failed: No space left on device") on any failure.
void write_with(const std::string& path, int flags, const std::function<void(std::ostream&)>& write) {
  FdOutputBuffer buffer(path, flags);
  std::ostream out(&buffer);
  write(out);
  out.flush();
  buffer.finish();
  if (!out) throw std::runtime_error("write failed");
}
}  // namespace

std::unique_ptr<LiveTemporary> create_unique_temporary(const std::string& stem,
                                                       const std::string& suffix) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string path = stem + random_letters(6) + suffix;
    auto temporary = std::make_unique<LiveTemporary>(path);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      ::close(fd);
      return temporary;
    }
    const int error = errno;
    temporary->release();  // not ours: never unlink a file another process created
    if (error != EEXIST) {
      throw std::runtime_error("cannot create '" + path + "': " + std::strerror(error));
    }
  }
  throw std::runtime_error("cannot find an unused temporary name for '" + stem + "'");
}

std::unique_ptr<LiveTemporary> create_output_temporary(const std::string& path,
                                                       const std::string& infix,
                                                       const std::string& suffix) {
  const OutputTarget target = resolve_output_target(path);
  if (target.method == OutputTarget::Method::Replace) {
    return create_unique_temporary(target.path + infix, suffix);
  }
  const std::string name = std::filesystem::path(target.path).filename().string();
  return create_unique_temporary((std::filesystem::temp_directory_path() / ("fineq-" + name)).string() + infix,
                                 suffix);
}

void move_to_output(LiveTemporary& temporary, const std::string& path) {
  try {
    const OutputTarget target = resolve_output_target(path);
    if (target.method == OutputTarget::Method::InPlace) {
      std::ifstream in(temporary.path(), std::ios::binary);
      if (!in) throw std::runtime_error("cannot reopen '" + temporary.path() + "'");
      // An empty trace is fine; `out << rdbuf()` would flag it as a failure.
      write_with(target.path, O_TRUNC, [&](std::ostream& out) {
        if (in.peek() != std::ifstream::traits_type::eof()) out << in.rdbuf();
      });
    } else if (std::rename(temporary.path().c_str(), target.path.c_str()) != 0) {
      throw std::runtime_error("cannot rename the temporary file over it: " + std::string(std::strerror(errno)));
    } else {
      temporary.release();
      return;
    }
  } catch (const std::exception& error) {
    throw std::runtime_error("writing '" + path + "': " + error.what());
  }
}

void write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& write) {
  try {
    const OutputTarget target = resolve_output_target(path);
    if (target.method == OutputTarget::Method::InPlace) {
      write_with(target.path, O_TRUNC, write);
      return;
    }
    const std::unique_ptr<LiveTemporary> temporary = create_unique_temporary(target.path + ".tmp.", "");
    write_with(temporary->path(), O_TRUNC, write);
    if (std::rename(temporary->path().c_str(), target.path.c_str()) != 0) {
      throw std::runtime_error("cannot rename the temporary file over it: " + std::string(std::strerror(errno)));
    }
    temporary->release();
  } catch (const std::exception& error) {
    throw std::runtime_error("writing '" + path + "': " + error.what());
  }
}

}  // namespace fineq

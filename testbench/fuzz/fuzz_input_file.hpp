#pragma once
// The loaders under fuzzing read files by path (they check the file type and size first),
// so each fuzz input is written to one file in a private temporary directory that is
// removed when the fuzzer exits.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace fineq::fuzz {

class FuzzInputFile {
 public:
  explicit FuzzInputFile(const std::string& file_name)
      : directory_(base_directory() / ("fineq-fuzz-" + std::to_string(::getpid()))),
        path_((directory_ / file_name).string()) {
    std::filesystem::create_directories(directory_);
  }
  ~FuzzInputFile() {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }
  FuzzInputFile(const FuzzInputFile&) = delete;
  FuzzInputFile& operator=(const FuzzInputFile&) = delete;

  const std::string& path() const { return path_; }

  // Replaces the file's contents with the fuzz input.
  void write(const std::uint8_t* data, std::size_t size) const {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out.flush()) {
      std::fprintf(stderr, "fuzz: cannot write %s\n", path_.c_str());
      std::abort();
    }
  }

 private:
  // Memory-backed if possible: writing to disk for every input slows fuzzing ten times.
  static std::filesystem::path base_directory() {
    std::error_code error;
    if (std::filesystem::is_directory("/dev/shm", error) && ::access("/dev/shm", W_OK) == 0) {
      return "/dev/shm";
    }
    return std::filesystem::temp_directory_path();
  }

  std::filesystem::path directory_;
  std::string path_;
};

// The project's rule for bad input: a clear error that names the file. An error message
// that does not is a finding, reported like a crash.
inline void require_message_names(const std::exception& error, const std::string& source) {
  if (std::string(error.what()).find(source) == std::string::npos) {
    std::fprintf(stderr, "fuzz: error message does not name '%s': %s\n", source.c_str(),
                 error.what());
    std::abort();
  }
}

}  // namespace fineq::fuzz

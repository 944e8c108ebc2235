#pragma once
// A std::streambuf that writes to a file descriptor and keeps the errno of the first failed
// write(2), so that "No space left on device" reaches the message (std::ofstream loses it).
#include <streambuf>
#include <string>
#include <vector>

namespace fineq {

class FdOutputBuffer : public std::streambuf {
 public:
  // Opens `path` with open(2) flags (O_WRONLY is added); throws std::runtime_error with the
  // cause if it cannot.
  FdOutputBuffer(const std::string& path, int flags);
  ~FdOutputBuffer() override;  // closes without reporting: call finish() to see errors
  FdOutputBuffer(const FdOutputBuffer&) = delete;
  FdOutputBuffer& operator=(const FdOutputBuffer&) = delete;

  // Writes what is buffered and closes the descriptor; throws std::runtime_error
  // "write failed: <strerror>" or "close failed: <strerror>" on the first error seen.
  void finish();

 protected:
  int_type overflow(int_type c) override;
  int sync() override;

 private:
  bool drain();

  int fd_ = -1;
  int first_error_ = 0;
  std::vector<char> buffer_;
};

}  // namespace fineq

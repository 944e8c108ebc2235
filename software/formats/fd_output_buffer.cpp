#include "fd_output_buffer.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace fineq {

FdOutputBuffer::FdOutputBuffer(const std::string& path, int flags) : buffer_(1 << 16) {
  fd_ = ::open(path.c_str(), flags | O_WRONLY | O_CLOEXEC, 0666);
  if (fd_ < 0) throw std::runtime_error("cannot open '" + path + "': " + std::strerror(errno));
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

FdOutputBuffer::~FdOutputBuffer() {
  if (fd_ >= 0) ::close(fd_);
}

bool FdOutputBuffer::drain() {
  const char* next = pbase();
  while (first_error_ == 0 && next < pptr()) {
    const ssize_t written = ::write(fd_, next, static_cast<std::size_t>(pptr() - next));
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      first_error_ = written < 0 ? errno : EIO;
      break;
    }
    next += written;
  }
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  return first_error_ == 0;
}

FdOutputBuffer::int_type FdOutputBuffer::overflow(int_type c) {
  if (!drain()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int FdOutputBuffer::sync() { return drain() ? 0 : -1; }

void FdOutputBuffer::finish() {
  drain();
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0 && first_error_ == 0) {
    throw std::runtime_error("close failed: " + std::string(std::strerror(errno)));
  }
  if (first_error_ != 0) throw std::runtime_error("write failed: " + std::string(std::strerror(first_error_)));
}

}  // namespace fineq

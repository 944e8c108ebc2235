#pragma once
// Process-wide registry of temporary files that must not outlive the process: an atomic
// write's temporary, the VCD written as a partial file. An owner (LiveTemporary) removes its
// file on success or on unwinding; the registry covers what unwinding cannot reach: a fatal
// signal (SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ), std::terminate, an error caught far from
// the owner. The signal handler only calls unlink(2) and re-raises, both async-signal-safe.
#include <string>

namespace fineq {

// Owns one registered temporary path: unlinks it on destruction unless release()d (the file
// was renamed into place). Throws std::runtime_error if the registry is full.
class LiveTemporary {
 public:
  explicit LiveTemporary(std::string path);
  ~LiveTemporary();
  LiveTemporary(const LiveTemporary&) = delete;
  LiveTemporary& operator=(const LiveTemporary&) = delete;

  const std::string& path() const { return path_; }
  // The file is gone (renamed or removed by the caller): stop tracking it.
  void release();

 private:
  std::string path_;
  int slot_ = -1;
};

// Unlinks every registered temporary. Async-signal-safe.
void remove_live_temporaries();
// Installs handlers for SIGINT, SIGTERM, SIGHUP, SIGPIPE and SIGXFSZ that remove the live
// temporaries and then die of the same signal (default action), and a std::terminate handler
// that removes them before aborting. Signals that are ignored stay ignored.
void remove_live_temporaries_on_fatal_signals();

}  // namespace fineq

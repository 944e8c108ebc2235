#include "live_temporaries.hpp"

#include <atomic>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <stdexcept>

#include <unistd.h>

namespace fineq {

namespace {
// Fixed storage: the signal handler may not allocate or take locks. A slot is Free, being
// Filled by one thread, or Live (its path complete and visible to the handler).
enum SlotState : int { kFree = 0, kFilling = 1, kLive = 2 };
constexpr int kSlots = 64;
struct Slot {
  std::atomic<int> state{kFree};
  char path[PATH_MAX];
};
Slot g_slots[kSlots];

constexpr int kFatalSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ};

void remove_and_reraise(int signal_number) {
  remove_live_temporaries();
  // SA_RESETHAND restored the default action; the signal is blocked until we return.
  ::raise(signal_number);
}

std::terminate_handler g_previous_terminate = nullptr;

[[noreturn]] void remove_and_terminate() {
  remove_live_temporaries();
  if (g_previous_terminate != nullptr) g_previous_terminate();
  std::abort();
}
}  // namespace

LiveTemporary::LiveTemporary(std::string path) : path_(std::move(path)) {
  if (path_.size() >= PATH_MAX) throw std::runtime_error("temporary path too long: " + path_.substr(0, 200));
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (g_slots[i].state.compare_exchange_strong(expected, kFilling)) {
      std::memcpy(g_slots[i].path, path_.c_str(), path_.size() + 1);
      g_slots[i].state.store(kLive);
      slot_ = i;
      return;
    }
  }
  throw std::runtime_error("more than " + std::to_string(kSlots) + " temporary files at once");
}

LiveTemporary::~LiveTemporary() {
  if (slot_ < 0) return;
  ::unlink(path_.c_str());
  release();
}

void LiveTemporary::release() {
  if (slot_ < 0) return;
  g_slots[slot_].state.store(kFree);
  slot_ = -1;
}

void remove_live_temporaries() {
  for (Slot& slot : g_slots) {
    if (slot.state.load() == kLive) ::unlink(slot.path);
  }
}

void remove_live_temporaries_on_fatal_signals() {
  struct sigaction action = {};
  action.sa_handler = remove_and_reraise;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (int signal_number : kFatalSignals) {
    struct sigaction previous = {};
    ::sigaction(signal_number, nullptr, &previous);
    if (previous.sa_handler == SIG_IGN) continue;  // e.g. nohup, or SIGPIPE ignored by a parent
    ::sigaction(signal_number, &action, nullptr);
  }
  g_previous_terminate = std::set_terminate(remove_and_terminate);
}

}  // namespace fineq

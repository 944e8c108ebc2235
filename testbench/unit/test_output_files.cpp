// Output safety, as a hostile user tried it: a rename over /dev/null or /dev/full replaced the
// device node (as root), a symlink became a regular file, ENOSPC went unreported, two runs
// shared one temporary name, and temporaries outlived a signal.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic_file.hpp"
#include "live_temporaries.hpp"
#include "output_target.hpp"
#include "temp_path.hpp"

using namespace fineq;
namespace fs = std::filesystem;

namespace {
std::string contents(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string error_writing(const std::string& path, const std::string& text) {
  try {
    write_text_atomically(path, text);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "no error";
}

// Files in `directory` whose name contains `part`.
int files_containing(const fs::path& directory, const std::string& part) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(directory)) {
    count += entry.path().filename().string().find(part) != std::string::npos;
  }
  return count;
}

bool is_character_device(const char* path) {
  struct stat info {};
  return ::lstat(path, &info) == 0 && S_ISCHR(info.st_mode);
}
}  // namespace

// Device nodes of the test's own when it may make them (root): a regression that renames over
// a device then replaces these, never the system's /dev/null and /dev/full. Others cannot
// replace /dev/null anyway, so they use the real ones.
namespace {
std::string device(const std::string& name, unsigned minor) {
  const std::string own = fineq::test::unique_temp_path(name);
  if (::mknod(own.c_str(), S_IFCHR | 0666, ::makedev(1, minor)) == 0) return own;
  return "/dev/" + name;
}
}  // namespace

TEST(OutputFiles, DevicesAreWrittenInPlaceAndWriteErrorsReported) {
  const std::string null = device("null", 3);
  const std::string full = device("full", 7);
  EXPECT_EQ(resolve_output_target(null).method, OutputTarget::Method::InPlace);
  EXPECT_EQ(error_writing(null, "discarded"), "no error");
  EXPECT_TRUE(is_character_device(null.c_str()));
  EXPECT_EQ(error_writing(full, "x"), "writing '" + full + "': write failed: No space left on device");
  EXPECT_TRUE(is_character_device(full.c_str()));
  for (const std::string& path : {null, full}) {
    if (path.rfind("/dev/", 0) != 0) fs::remove(path);
  }
}

TEST(OutputFiles, SymlinksAreFollowedAndStayLinks) {
  const fs::path directory = fineq::test::unique_temp_path("symlinks");
  fs::create_directories(directory);
  const fs::path target = directory / "target.json";
  const fs::path link = directory / "link.json";
  std::ofstream(target) << "old";
  fs::create_symlink("target.json", link);
  EXPECT_EQ(resolve_output_target(link.string()).path, fs::canonical(target).string());
  EXPECT_EQ(error_writing(link.string(), "new"), "no error");
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(contents(target.string()), "new");
  // A link to nothing is refused rather than guessed at.
  const fs::path dangling = directory / "dangling.json";
  fs::create_symlink("missing/nowhere.json", dangling);
  EXPECT_EQ(error_writing(dangling.string(), "x"),
            "writing '" + dangling.string() + "': '" + dangling.string() +
                "' is a symlink to a file that does not exist");
  EXPECT_TRUE(fs::is_symlink(dangling));
  EXPECT_EQ(files_containing(directory, ".tmp."), 0);
  fs::remove_all(directory);
}

TEST(OutputFiles, TemporaryNamesAreUniquePerWrite) {
  // A second write to the same path while the first is still writing (another run with the
  // same --out): with one name per process the inner write took the outer one's temporary.
  const fs::path directory = fineq::test::unique_temp_path("unique");
  fs::create_directories(directory);
  const std::string path = (directory / "out.txt").string();
  write_file_atomically(path, [&](std::ostream& out) {
    out << "outer";
    EXPECT_EQ(files_containing(directory, "out.txt.tmp."), 1);
    write_text_atomically(path, "inner");
    EXPECT_EQ(contents(path), "inner");
  });
  EXPECT_EQ(contents(path), "outer");
  EXPECT_EQ(files_containing(directory, ".tmp."), 0);
  fs::remove_all(directory);
}

TEST(OutputFiles, FailedWriteLeavesNothing) {
  const fs::path directory = fineq::test::unique_temp_path("failed");
  fs::create_directories(directory);
  const std::string path = (directory / "out.txt").string();
  EXPECT_THROW(write_file_atomically(path, [](std::ostream&) { throw std::bad_alloc(); }),
               std::runtime_error);
  EXPECT_TRUE(fs::is_empty(directory));
  fs::remove_all(directory);
}

// A registered temporary is removed when the process dies of SIGTERM, SIGINT or SIGXFSZ, and
// the process still dies of that signal (its parent sees the real cause).
TEST(OutputFiles, FatalSignalsRemoveLiveTemporaries) {
  for (const int signal_number : {SIGTERM, SIGINT, SIGXFSZ}) {
    const std::string path = fineq::test::unique_temp_path("live.tmp");
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      remove_live_temporaries_on_fatal_signals();
      const std::unique_ptr<LiveTemporary> temporary = create_unique_temporary(path, "");
      ::raise(signal_number);
      ::_exit(0);  // not reached
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == signal_number) << "signal " << signal_number;
    EXPECT_EQ(files_containing(fs::path(path).parent_path(), fs::path(path).filename().string()), 0)
        << "signal " << signal_number;
  }
}

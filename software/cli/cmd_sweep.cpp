// `fineq sweep --config SWEEP.json --out DIR`: runs every point of a sweep as a separate
// `fineq simulate` / `fineq quantize` process through GNU parallel, skips points whose result
// already exists (resumable), and aggregates the results into CSV and JSON reports.
// docs/sweeps.md describes the sweep file, the output directory and multi-host use.
#include <boost/program_options.hpp>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic_file.hpp"
#include "commands.hpp"
#include "option_values.hpp"
#include "sweep_results.hpp"
#include "sweep_spec.hpp"

extern char** environ;

namespace fineq::cli {

namespace {
namespace po = boost::program_options;
namespace fs = std::filesystem;

struct Request {
  std::string config;
  fs::path out;
  unsigned jobs = 0;
  std::string sshloginfile;
  bool dry_run = false;
  bool aggregate_only = false;
};

po::options_description describe_options() {
  po::options_description options("fineq sweep options");
  options.add_options()
      ("help,h", "show this help")
      ("config", po::value<std::string>(), "sweep file (JSON, docs/sweeps.md) (required)")
      ("out", po::value<std::string>(), "output directory; rerunning into it resumes (required)")
      ("jobs,j", po::value<std::string>(), "points run at once per host [number of cores]")
      ("sshloginfile", po::value<std::string>(),
       "GNU parallel --sshloginfile: spread points over these hosts (shared filesystem)")
      ("dry-run", "list the points and their commands, run nothing")
      ("aggregate-only", "run nothing, aggregate the results that exist");
  return options;
}

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string this_binary() { return fs::read_symlink("/proc/self/exe").string(); }

struct ProcessResult {
  int status = -1;  // exit status, or -1 if it did not exit normally
  std::string output;
};

// Runs argv with stdin from /dev/null and captures stdout and stderr.
ProcessResult run_captured(const std::vector<std::string>& argv) {
  int pipe_fds[2] = {-1, -1};
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  ProcessResult result;
  if (spawned != 0) {
    ::close(pipe_fds[0]);
    throw std::runtime_error("cannot start '" + argv[0] + "': " + std::strerror(spawned));
  }
  char buffer[4096];
  for (ssize_t got; (got = ::read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) break;
    result.output.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// GNU parallel runs in its own process group so that Ctrl-C reaches only this process, which
// passes SIGINT/SIGTERM/SIGHUP on: the first as SIGHUP (parallel starts no new points and lets
// the running ones finish), any further one as SIGTERM (parallel kills the running points).
volatile sig_atomic_t g_parallel_pid = 0;
volatile sig_atomic_t g_interrupted = 0;

void forward_to_parallel(int) {
  const int signal_to_send = g_interrupted == 0 ? SIGHUP : SIGTERM;
  g_interrupted = 1;
  if (g_parallel_pid > 0) ::kill(static_cast<pid_t>(g_parallel_pid), signal_to_send);
}

void run_parallel(const std::vector<std::string>& argv, const std::string& jobs_file) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const int input = ::open(jobs_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (input < 0) throw std::runtime_error("cannot open '" + jobs_file + "': " + std::strerror(errno));
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    ::setpgid(0, 0);
    // If this process dies (even by SIGKILL), parallel stops starting points.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(1);
    ::dup2(input, 0);
    ::execvp(args[0], args.data());
    const char message[] = "fineq sweep: cannot run GNU parallel ('parallel' from Debian)\n";
    (void)!::write(2, message, sizeof message - 1);
    ::_exit(127);
  }
  ::close(input);
  g_parallel_pid = pid;
  struct sigaction action = {};
  action.sa_handler = forward_to_parallel;
  sigemptyset(&action.sa_mask);
  struct sigaction previous[3];
  const int signals[3] = {SIGINT, SIGTERM, SIGHUP};
  for (int i = 0; i < 3; ++i) ::sigaction(signals[i], &action, &previous[i]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  g_parallel_pid = 0;
  for (int i = 0; i < 3; ++i) ::sigaction(signals[i], &previous[i], nullptr);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    throw std::runtime_error("GNU parallel is not installed (apt-get install parallel)");
  }
}

// Exit status per point id from a GNU parallel joblog (points that ran to an end).
std::map<std::string, int> joblog_exit_status(const fs::path& joblog) {
  std::map<std::string, int> status;
  std::ifstream in(joblog);
  std::string line;
  std::getline(in, line);  // header: Seq Host Starttime JobRuntime Send Receive Exitval Signal Command
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (int i = 0; i < 8; ++i) {
      const std::size_t tab = line.find('\t', start);
      if (tab == std::string::npos) break;
      fields.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    // The id is in "--report '<DIR>/points/<id>.json' > ..." (point_command); DIR, the
    // binary's path and the point's own arguments may contain "/points/" too.
    const std::size_t json = line.find(".json' > ", start);
    const std::size_t points = json == std::string::npos ? json : line.rfind("/points/", json);
    if (fields.size() != 8 || points == std::string::npos) continue;
    const std::string id = line.substr(points + 8, json - points - 8);
    status[id] = std::atoi(fields[7].c_str()) != 0 ? -std::atoi(fields[7].c_str())
                                                   : std::atoi(fields[6].c_str());
  }
  return status;
}

// The line of a failed point's log that says why: the last one, except the "(fineq ... --help
// lists the options)" hint that follows a usage error.
std::string failure_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty() && line.rfind("(fineq ", 0) != 0) last = line;
  }
  return last;
}

// Option names are checked by the subcommand's own parser: `fineq <kind> ARGS --help` fails
// on an unknown option before it would print its help. One check per distinct set of keys.
SweepSpec::ArgumentCheck subcommand_option_check(const std::string& binary) {
  auto checked = std::make_shared<std::map<std::string, std::string>>();
  return [binary, checked](const std::string& kind, const std::vector<std::string>& arguments) {
    std::vector<std::string> argv = {binary, kind};
    std::string keys = kind;
    for (const std::string& argument : arguments) {
      argv.push_back(argument);
      if (argument.rfind("--", 0) == 0) keys += " " + argument;
    }
    const auto found = checked->find(keys);
    if (found != checked->end()) return found->second;
    argv.push_back("--help");
    const ProcessResult result = run_captured(argv);
    std::string problem;
    if (result.status != 0) {
      problem = result.output.substr(0, result.output.find('\n'));
      if (problem.empty()) problem = "fineq " + kind + " rejected the options";
    }
    checked->emplace(keys, problem);
    return problem;
  };
}

// Holds an exclusive lock on DIR/.sweep.lock for the lifetime of the sweep.
class DirectoryLock {
 public:
  explicit DirectoryLock(const fs::path& directory) {
    const std::string path = (directory / ".sweep.lock").string();
    // Inherited by parallel and the points: the directory stays locked until the last
    // process of this sweep has ended, even if this one was killed.
    fd_ = ::open(path.c_str(), O_CREAT | O_RDWR, 0644);
    if (fd_ < 0) throw std::runtime_error("cannot open '" + path + "': " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw std::runtime_error("another fineq sweep is running in '" + directory.string() + "'");
    }
  }
  ~DirectoryLock() { ::close(fd_); }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

std::string point_command(const std::string& binary, const SweepPoint& point, const fs::path& out) {
  std::string command = "exec " + shell_quote(binary) + " " + point.kind;
  for (const std::string& argument : point.arguments) command += " " + shell_quote(argument);
  command += " --report " + shell_quote((out / "points" / (point.id + ".json")).string());
  command += " > " + shell_quote((out / "logs" / (point.id + ".log")).string()) + " 2>&1";
  return command;
}

// Temporary files of atomic writes that a killed point left behind.
void remove_stale_temporaries(const fs::path& points) {
  for (const auto& file : fs::directory_iterator(points)) {
    if (file.path().filename().string().find(".json.tmp.") != std::string::npos) fs::remove(file.path());
  }
}

std::string next_run_name(const fs::path& runs) {
  int highest = 0;
  for (const auto& file : fs::directory_iterator(runs)) {
    const std::string name = file.path().filename().string();
    if (name.rfind("run-", 0) == 0) highest = std::max(highest, std::atoi(name.c_str() + 4));
  }
  char text[32];
  std::snprintf(text, sizeof text, "run-%04d", highest + 1);
  return text;
}

int run_sweep(const Request& request) {
  const std::string binary = this_binary();
  const SweepSpec spec = SweepSpec::load(request.config, subcommand_option_check(binary));
  const fs::path out = fs::absolute(request.out);
  std::size_t simulate_points = 0;
  for (const SweepPoint& point : spec.points()) simulate_points += point.kind == "simulate";

  if (request.dry_run) {
    for (const SweepPoint& point : spec.points()) {
      std::cout << point.id << "  " << point.parameters.dump() << "\n  "
                << point_command(binary, point, out) << "\n";
    }
    std::cout << spec.points().size() << " points\n";
    return 0;
  }
  for (const char* sub : {"points", "logs", "runs"}) fs::create_directories(out / sub);
  const DirectoryLock lock(out);
  remove_stale_temporaries(out / "points");

  std::vector<const SweepPoint*> pending;
  for (const SweepPoint& point : spec.points()) {
    if (!fs::exists(out / "points" / (point.id + ".json"))) pending.push_back(&point);
  }
  std::cout << "fineq sweep: " << spec.name() << ": " << spec.points().size() << " points ("
            << simulate_points << " simulate, " << spec.points().size() - simulate_points
            << " quantize), " << spec.points().size() - pending.size() << " already done, "
            << (request.aggregate_only ? 0 : pending.size()) << " to run\n";

  std::vector<std::string> problems;
  if (!request.aggregate_only && !pending.empty()) {
    const std::string run = next_run_name(out / "runs");
    const fs::path jobs = out / "runs" / (run + ".jobs");
    const fs::path joblog = out / "runs" / (run + ".joblog");
    std::string lines;
    for (const SweepPoint* point : pending) lines += point_command(binary, *point, out) + "\n";
    write_text_atomically(jobs.string(), lines);
    std::vector<std::string> argv = {"parallel", "--will-cite", "--joblog", joblog.string(),
                                     "-j", std::to_string(request.jobs)};
    // Progress bar with ETA on a terminal; in a log file it would be a wall of redraws.
    if (::isatty(STDERR_FILENO)) argv.push_back("--bar");
    if (!request.sshloginfile.empty()) {
      argv.insert(argv.end(), {"--sshloginfile", request.sshloginfile});
    }
    std::cout << "fineq sweep: " << run << ": " << pending.size() << " points on "
              << request.jobs << " job(s) per host; joblog " << joblog.string() << "\n"
              << std::flush;
    run_parallel(argv, jobs.string());
    const std::map<std::string, int> status = joblog_exit_status(joblog);
    for (const SweepPoint* point : pending) {
      if (fs::exists(out / "points" / (point->id + ".json"))) continue;
      const auto found = status.find(point->id);
      const fs::path log = out / "logs" / (point->id + ".log");
      if (found == status.end()) {
        problems.push_back("point " + point->id + " did not run (sweep interrupted)");
      } else {
        problems.push_back("point " + point->id + " failed (" +
                           (found->second < 0 ? "signal " + std::to_string(-found->second)
                                              : "exit " + std::to_string(found->second)) +
                           "): " + failure_line(log) + " [" + log.string() + "]");
      }
    }
    if (g_interrupted) problems.push_back("interrupted: points that finished are kept");
  }

  const SweepReports reports = aggregate_sweep(spec, (out / "points").string());
  write_text_atomically((out / "compute_report.csv").string(), reports.compute_csv);
  write_text_atomically((out / "accuracy_report.csv").string(), reports.accuracy_csv);
  write_text_atomically((out / "comparison.csv").string(), reports.comparison_csv);
  write_text_atomically((out / "results.json").string(), reports.results.dump(1) + "\n");
  std::cout << "fineq sweep: wrote compute_report.csv, accuracy_report.csv, comparison.csv, "
               "results.json in "
            << out.string() << "\n";
  std::cout << reports.comparison_text;
  for (const std::string& problem : problems) std::cerr << "fineq sweep: " << problem << "\n";
  if (!reports.missing.empty()) {
    std::cerr << "fineq sweep: " << reports.missing.size()
              << " point(s) without a result; rerun the same command to run them\n";
    return 1;
  }
  return 0;
}
}  // namespace

int run_sweep(const Args& args) {
  const po::options_description options = describe_options();
  Request request;
  try {
    po::variables_map vm;
    po::store(parse_options(args, options), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << "usage: fineq sweep --config SWEEP.json --out DIR [--jobs N]"
                   " [--sshloginfile FILE]\n\n"
                << options
                << "\nEach point runs as its own process through GNU parallel and writes\n"
                   "DIR/points/<id>.json; rerunning skips finished points. See docs/sweeps.md.\n";
      return 0;
    }
    if (!vm.count("config")) throw UsageError("--config is required");
    if (!vm.count("out")) throw UsageError("--out is required");
    request.config = vm["config"].as<std::string>();
    request.out = vm["out"].as<std::string>();
    request.jobs = std::max(1u, std::thread::hardware_concurrency());
    if (vm.count("jobs")) {
      request.jobs = static_cast<unsigned>(parse_integer_option("jobs", vm["jobs"].as<std::string>(), 1, 4096));
    }
    if (vm.count("sshloginfile")) {
      request.sshloginfile = vm["sshloginfile"].as<std::string>();
      check_input_path("sshloginfile", request.sshloginfile);
    }
    request.dry_run = vm.count("dry-run") != 0;
    request.aggregate_only = vm.count("aggregate-only") != 0;
  } catch (const std::exception& error) {
    std::cerr << "fineq sweep: error: " << error.what() << "\n"
              << "(fineq sweep --help lists the options)\n";
    return 2;
  }
  return run_sweep(request);
}

}  // namespace fineq::cli

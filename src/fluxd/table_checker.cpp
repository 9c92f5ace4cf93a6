#include "fluxd/table_checker.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace flux::fluxd {

namespace {

// The calling thread only: on Linux setpriority and ioprio_set take a thread id.
void lower_this_threads_priority() {
#ifdef __linux__
  const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  (void)::setpriority(PRIO_PROCESS, tid, 19);
  // ioprio_set(IOPRIO_WHO_PROCESS, tid, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 0)): no
  // glibc wrapper. Honoured by the BFQ scheduler, ignored by others: best effort.
  constexpr int kIoprioWhoProcess = 1;
  constexpr int kIoprioClassIdle = 3;
  constexpr int kIoprioClassShift = 13;
  (void)::syscall(SYS_ioprio_set, kIoprioWhoProcess, static_cast<int>(tid), kIoprioClassIdle << kIoprioClassShift);
#endif
}

}  // namespace

TableChecker::TableChecker(Check check, rpc::metrics::Registry& metrics, std::chrono::seconds interval, Log log)
    : check_(std::move(check)),
      interval_(interval),
      log_(std::move(log)),
      checks_(metrics.counter("flux_storage_table_checks_total",
                              "Background checks of every table file's checksums finished (passed or failed)")),
      corruption_(metrics.gauge("flux_storage_corruption_detected",
                                "1 once a background check found a damaged table file (see /health), else 0")) {}

TableChecker::~TableChecker() { stop(); }

void TableChecker::start() {
  thread_ = std::thread([this] { run(); });
}

void TableChecker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::optional<std::string> TableChecker::problem() const {
  std::lock_guard lock(mutex_);
  return problem_;
}

void TableChecker::run() {
  lower_this_threads_priority();
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    auto checked = check_();
    checks_.inc();
    if (!checked) {
      const std::string what = storage::describe(checked.error());
      {
        std::lock_guard lock(mutex_);
        problem_ = what;
      }
      corruption_.set(1);
      if (log_) log_("storage corruption detected: " + what + " (GET /health reports \"degraded\")");
      return;  // damage does not heal: nothing more to learn until a restart
    }
    std::unique_lock lock(mutex_);
    if (interval_.count() == 0) return;
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace flux::fluxd

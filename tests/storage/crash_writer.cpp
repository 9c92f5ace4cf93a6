// flux_storage_crash_writer DIR: commits crash_model blocks to DIR forever, resuming
// after the last committed block, and writes "N\n" to stdout after commit(N) returns.
// crash_test.cpp (storage.CrashTest.*) kills it with SIGKILL at random moments. Each line goes out in
// one write(2) on an unbuffered descriptor, so the test never reads a number that was
// not committed (a pipe write under PIPE_BUF bytes is atomic).
#include <unistd.h>

#include <cstdio>
#include <string>

#include "crash_model.hpp"
#include "storage/database.hpp"

int main(int argc, char** argv) {
  using namespace flux::storage;
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  auto db = Database::open(argv[1]);
  if (!db) {
    std::fprintf(stderr, "crash_writer: open: %s\n", describe(db.error()).c_str());
    return 1;
  }
  const auto last = (*db)->last_committed();
  for (std::uint64_t n = last ? last->number + 1 : 0;; ++n) {
    auto r = (*db)->commit(crash_model::make_commit(n));
    if (!r) {
      std::fprintf(stderr, "crash_writer: commit %llu: %s\n", static_cast<unsigned long long>(n),
                   describe(r.error()).c_str());
      return 1;
    }
    const std::string line = std::to_string(n) + "\n";
    if (::write(STDOUT_FILENO, line.data(), line.size()) != static_cast<ssize_t>(line.size())) return 1;
  }
}

// Measuring helpers: percentiles, CPU time per process and machine-wide, directory
// size, and numbers printed with thousands separators.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace flux::bench {

// The p-quantile (0..1) of v, reordering v; 0 when empty.
double percentile(std::vector<double>& v, double p);
// CPU seconds (user + system) a process has used, from /proc/PID/stat.
double process_cpu_seconds(pid_t pid);
// CPU seconds every core of the machine has spent busy (not idle or waiting for I/O).
double machine_busy_cpu_seconds();
// CPU seconds this process has used.
double self_cpu_seconds();
std::uintmax_t dir_bytes(const std::filesystem::path& dir);
// "12,345" (and decimals after a dot).
std::string thousands(double v, int decimals = 0);

}  // namespace flux::bench

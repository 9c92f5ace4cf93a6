#include "crypto/random.hpp"

#include <sys/random.h>

#include <cerrno>
#include <system_error>

namespace flux::crypto {

void system_random(std::span<std::uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    // getrandom may return fewer bytes than asked (above 256 bytes) or be
    // interrupted by a signal; both just mean "ask again for the rest".
    const ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "getrandom");
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace flux::crypto

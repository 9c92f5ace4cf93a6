// The development chains' genesis files (config/dev.toml, and config/dev-flux.toml for
// Flux Protocol), compiled into the library so
// that `fluxd --dev` runs with nothing beside the binary. The text is generated from
// the file at configure time (embed_dev_config.cmake), and a test checks that the
// two are identical.
#pragma once

#include "node/genesis/config.hpp"

#include <string_view>

namespace flux::genesis {

inline constexpr std::string_view dev_config_source = "config/dev.toml (embedded)";

inline constexpr std::string_view dev_flux_config_source = "config/dev-flux.toml (embedded)";

// The exact text of config/dev.toml.
std::string_view dev_config_toml();
// The exact text of config/dev-flux.toml: the Flux Protocol dev chain.
std::string_view dev_flux_config_toml();

// That text, parsed. Throws GenesisError only if the shipped file is broken (a test
// builds it).
GenesisConfig dev_genesis_config(const ParseOptions& options = {});
GenesisConfig dev_flux_genesis_config(const ParseOptions& options = {});

}  // namespace flux::genesis

#include "node/genesis/dev_config.hpp"

namespace flux::genesis {

GenesisConfig dev_genesis_config(const ParseOptions& options) {
  return parse_genesis_config(dev_config_toml(), std::string(dev_config_source), options);
}

GenesisConfig dev_flux_genesis_config(const ParseOptions& options) {
  return parse_genesis_config(dev_flux_config_toml(), std::string(dev_flux_config_source), options);
}

}  // namespace flux::genesis

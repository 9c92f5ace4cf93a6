#!/usr/bin/env bash
# Installs every Debian 12 package Flux needs to build, test and benchmark, and only
# those that are missing. Safe to run again.
set -euo pipefail

packages=(
  cmake ninja-build g++ clang pkg-config
  clang-format-14 clang-tidy-14  # scripts/lint.sh: layout and static checks
  libboost1.81-dev          # Multiprecision (256-bit integers)
  nlohmann-json3-dev        # scenario files
  libfmt-dev libcli11-dev   # output, command line
  libcrypto++-dev           # Keccak-256 (state hash, addresses, EIP-712), scrypt and AES (keystores)
  libsecp256k1-dev          # secp256k1 signatures with public key recovery (flux_crypto)
  libtomlplusplus-dev       # TOML genesis configuration (flux_genesis; header-only use)
  librocksdb-dev            # embedded RocksDB, the node's storage (flux_storage)
  libjemalloc-dev           # fluxd's allocator (glibc's malloc costs the node about 25% more CPU)
  libgtest-dev libgmock-dev librapidcheck-dev libbenchmark-dev
  curl ca-certificates      # scripts/run.sh waits for the dev node's /health
)
# Node.js and npm run the ethers.js interop tests (tests/interop). Any node already on
# PATH will do, and it may come from outside Debian's archive (NodeSource's nodejs
# bundles npm and conflicts with Debian's npm package), so the Debian packages are
# wanted only for the commands that are missing.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  [[ $status == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

// Prints, as JSON on stdout, what ethers v6 computes for fixed keys and Flux-like
// EIP-712 messages: addresses, type strings, struct hashes, digests, signatures and
// keystores. tests/crypto/interop_test.cpp recomputes all of it in C++ and compares.
// Run by ctest (see tests/crypto/CMakeLists.txt); no randomness, so the output is
// the same on every run.
import { ethers } from "ethers";

// Private keys: 1 (a known vector), the web3.js documentation key, n - 1 (the
// largest valid key) and one more arbitrary key.
const KEYS = [
  "0x0000000000000000000000000000000000000000000000000000000000000001",
  "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
  "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140",
  ethers.id("flux interop key"),
];

const DOMAIN = { name: "Flux", version: "1", chainId: 31337 };

const A = (i) => ethers.computeAddress(KEYS[i]);

// Flux-like transactions, plus one message per supported type family. Values are
// strings where the C++ side takes strings (uint as decimal), so JSON carries them.
const MESSAGES = [
  {
    primaryType: "Mint",
    types: { Mint: [
      { name: "sender", type: "address" }, { name: "nonce", type: "uint64" },
      { name: "market", type: "string" }, { name: "amount", type: "uint256" }] },
    message: { sender: A(0), nonce: "0", market: "fUSDC", amount: "1000000000000000000000" },
  },
  {
    primaryType: "Mint",
    types: { Mint: [
      { name: "sender", type: "address" }, { name: "nonce", type: "uint64" },
      { name: "market", type: "string" }, { name: "amount", type: "uint256" }] },
    message: { sender: A(1), nonce: "18446744073709551615", market: "",
               amount: "115792089237316195423570985008687907853269984665640564039457584007913129639935" },
  },
  {
    primaryType: "EnterMarkets",
    types: { EnterMarkets: [
      { name: "sender", type: "address" }, { name: "nonce", type: "uint64" },
      { name: "markets", type: "string[]" }] },
    message: { sender: A(2), nonce: "7", markets: ["fUSDC", "fDAI", "fOUSG"] },
  },
  {
    primaryType: "EnterMarkets",
    types: { EnterMarkets: [
      { name: "sender", type: "address" }, { name: "nonce", type: "uint64" },
      { name: "markets", type: "string[]" }] },
    message: { sender: A(3), nonce: "8", markets: [] },
  },
  {
    primaryType: "Repay",
    types: { Repay: [
      { name: "sender", type: "address" }, { name: "nonce", type: "uint64" },
      { name: "market", type: "string" }, { name: "amount", type: "uint256" },
      { name: "borrower", type: "address" }] },
    message: { sender: A(0), nonce: "42", market: "fUSDC", amount: "123456789", borrower: A(1) },
  },
  {
    // Every other supported type, and non-ASCII text (UTF-8 in the hash).
    primaryType: "Everything",
    types: { Everything: [
      { name: "flag", type: "bool" }, { name: "off", type: "bool" },
      { name: "ref", type: "bytes32" }, { name: "small", type: "uint8" },
      { name: "mid", type: "uint128" }, { name: "accounts", type: "address[]" },
      { name: "amounts", type: "uint256[]" }, { name: "refs", type: "bytes32[]" },
      { name: "note", type: "string" }] },
    message: {
      flag: true, off: false, ref: ethers.id("ref"), small: "255",
      mid: "340282366920938463463374607431768211455",
      accounts: [A(0), A(1), A(2)], amounts: ["0", "1", "1000000000000000000"],
      refs: [ethers.id("a"), ethers.id("b")], note: "Zürich \u2713 \u{1F600}",
    },
  },
];

// Keystores: ethers' own random ones (salt, IV and id from ethers) and one with
// fixed salt/IV/id that C++ must reproduce byte for byte. Cheap scrypt (N = 1024)
// keeps the test fast; the format is the same at any N.
const PASSWORD = "flux test password";
const UNICODE_PASSWORD = "pässwörd \u2713";  // already NFKC, so ethers' normalisation is a no-op
const FIXED = {
  salt: "0x" + "11".repeat(32),
  iv: "0x" + "22".repeat(16),
  uuid: "0x" + "33".repeat(16),
};

async function main() {
  const out = {
    ethers_version: ethers.version,
    domain: DOMAIN,
    domain_separator: ethers.TypedDataEncoder.hashDomain(DOMAIN),
    keys: KEYS.map((k) => ({ private_key: k, address: ethers.computeAddress(k) })),
    messages: [],
    keystores: [],
  };
  for (const m of MESSAGES) {
    const enc = ethers.TypedDataEncoder.from(m.types);
    const entry = {
      primaryType: m.primaryType,
      types: m.types,
      message: m.message,
      encode_type: enc.encodeType(m.primaryType),
      type_hash: ethers.id(enc.encodeType(m.primaryType)),
      hash_struct: enc.hashStruct(m.primaryType, m.message),
      digest: ethers.TypedDataEncoder.hash(DOMAIN, m.types, m.message),
      signatures: [],
    };
    for (const k of KEYS) {
      const w = new ethers.Wallet(k);
      entry.signatures.push({ address: w.address, signature: await w.signTypedData(DOMAIN, m.types, m.message) });
    }
    out.messages.push(entry);
  }
  const cheap = { scrypt: { N: 1024, r: 8, p: 1 } };
  for (const [i, password] of [[1, PASSWORD], [2, UNICODE_PASSWORD]]) {
    const w = new ethers.Wallet(KEYS[i]);
    out.keystores.push({ kind: "random", password, address: w.address, private_key: KEYS[i],
                         json: await ethers.encryptKeystoreJson(w, password, cheap) });
  }
  {
    const w = new ethers.Wallet(KEYS[3]);
    out.keystores.push({ kind: "fixed", password: PASSWORD, address: w.address, private_key: KEYS[3],
                         salt: FIXED.salt, iv: FIXED.iv, uuid: FIXED.uuid, n: 1024, r: 8, p: 1,
                         json: await ethers.encryptKeystoreJson(w, PASSWORD, { ...cheap, ...FIXED }) });
  }
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

main().catch((e) => { console.error(e); process.exit(1); });

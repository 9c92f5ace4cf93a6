// The other direction: checks with ethers v6 what the C++ library produced.
// Usage: node check_cpp_output.mjs FILE, where FILE is the JSON written by
// tests/crypto/interop_test.cpp (flux_crypto_interop_tests --write-cpp-output FILE):
//   { "keystores":  [{ "json", "password", "address", "private_key" }],
//     "signatures": [{ "domain", "types", "primaryType", "message", "digest", "signature", "address" }] }
// Exits 0 when ethers decrypts every keystore to the same key and address, computes
// the same digests and recovers the same signer from every C++ signature; else 1.
import { ethers } from "ethers";
import { readFileSync } from "node:fs";

const file = process.argv[2];
if (!file) {
  console.error("usage: node check_cpp_output.mjs FILE");
  process.exit(2);
}
const input = JSON.parse(readFileSync(file, "utf8"));
let failures = 0;
let checks = 0;
const expectEq = (what, actual, expected) => {
  checks++;
  if (actual !== expected) {
    failures++;
    console.error(`MISMATCH ${what}: ethers says ${actual}, C++ says ${expected}`);
  }
};

if (!input.keystores?.length || !input.signatures?.length) {
  console.error("nothing to check: the C++ side wrote no keystores or no signatures");
  process.exit(1);
}

for (const [i, k] of input.keystores.entries()) {
  try {
    const w = await ethers.Wallet.fromEncryptedJson(k.json, k.password);
    expectEq(`keystore ${i} address`, w.address, k.address);
    expectEq(`keystore ${i} private key`, w.privateKey, k.private_key);
  } catch (e) {
    failures++;
    console.error(`keystore ${i}: ethers cannot decrypt it: ${e.message}`);
  }
  // And a wrong password must be refused.
  try {
    await ethers.Wallet.fromEncryptedJson(k.json, k.password + "x");
    failures++;
    console.error(`keystore ${i}: ethers accepted a wrong password`);
  } catch (e) {
    checks++;
  }
}

for (const [i, s] of input.signatures.entries()) {
  const digest = ethers.TypedDataEncoder.hash(s.domain, s.types, s.message);
  expectEq(`signature ${i} (${s.primaryType}) digest`, digest, s.digest);
  expectEq(`signature ${i} (${s.primaryType}) signer`,
           ethers.verifyTypedData(s.domain, s.types, s.message, s.signature), s.address);
  // The C++ signature must be exactly what ethers' own signer makes (RFC 6979).
  if (s.private_key) {
    const mine = await new ethers.Wallet(s.private_key).signTypedData(s.domain, s.types, s.message);
    expectEq(`signature ${i} (${s.primaryType}) bytes`, mine, s.signature);
  }
}

console.log(`${checks} checks, ${failures} failures (ethers ${ethers.version})`);
process.exit(failures === 0 ? 0 : 1);

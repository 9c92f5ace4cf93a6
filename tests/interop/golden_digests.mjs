// The cross-check behind the pinned digests of tests/node/golden_transactions_test.cpp:
// ethers v6 computes, for each type string in that file's table, the EIP-712 digest of
// the message that message_for() builds (field i: address of 20 bytes 0x10 + i, uintN
// i + 1, string "s" + i, bool i odd, string[] ["a" + i, "b" + i]), and the domain
// separator of {name: "Flux", version: "1", chainId: 31337}. Not a test and never run
// by ctest: run by hand when a pin must change (an intended, versioned format change),
//   cd tests/interop && npm ci && node golden_digests.mjs ../node/golden_transactions_test.cpp
// and compare its lines with the table.
import { readFileSync } from "node:fs";
import { TypedDataEncoder, getAddress, hexlify } from "ethers";

// Adjacent C++ string literals (a long type string split over lines) joined first.
const source = readFileSync(process.argv[2], "utf8").replace(/"\s*\n\s*"/g, "");
const entry = /\{"([A-Za-z]+\([^"]*\))",\s*"([a-z+]+)"/g;
const domain = { name: "Flux", version: "1", chainId: 31337 };
console.log("domain", TypedDataEncoder.hashDomain(domain));
for (let m = entry.exec(source); m !== null; m = entry.exec(source)) {
  const type = m[1];
  const name = type.slice(0, type.indexOf("("));
  const fields = type
    .slice(type.indexOf("(") + 1, -1)
    .split(",")
    .map((f) => {
      const [t, n] = f.split(" ");
      return { type: t, name: n };
    });
  const message = {};
  fields.forEach((f, i) => {
    if (f.type === "address") message[f.name] = getAddress(hexlify(new Uint8Array(20).fill(0x10 + i)));
    else if (f.type === "string") message[f.name] = "s" + i;
    else if (f.type === "bool") message[f.name] = i % 2 === 1;
    else if (f.type === "string[]") message[f.name] = ["a" + i, "b" + i];
    else message[f.name] = BigInt(i + 1);
  });
  console.log(name, TypedDataEncoder.hash(domain, { [name]: fields }, message));
}

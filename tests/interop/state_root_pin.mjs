// The cross-check behind the pinned root of tests/unit/state_root_test.cpp
// (AFixedSceneHasTheRootOfItsLeavesAsDocumented): ethers v6's keccak256 over the fixed
// scene's leaves, assembled here from that test's comments, and the tree of
// src/engine/state_root.hpp, written out once more. Not a test and never run by ctest:
// run by hand when the pin must change (an intended, versioned format change),
//   cd tests/interop && npm ci && node state_root_pin.mjs
// and compare its line with the pin.
import { keccak256, concat, getBytes, toUtf8Bytes } from "ethers";

const u64 = (v) => {
  const b = new Uint8Array(8);
  let x = BigInt(v);
  for (let i = 7; i >= 0; --i) {
    b[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return b;
};
const u256 = (v) => concat([u64(0), u64(0), u64(0), u64(v)]);
const str = (s) => concat([u64(toUtf8Bytes(s).length), toUtf8Bytes(s)]);
const flag = (b) => new Uint8Array([b ? 1 : 0]);
const kind = (k) => new Uint8Array([k]);

const votingDelay = 1;
const votingPeriod = 3 * 86400;
const timelockDelay = 86400;
const referenceBlockIntervalMs = 12000;

const leaves = [
  [kind(0), u64(5)],
  [kind(1), concat([u256(0x33), u256(0x44), flag(false), flag(false)])],
  [kind(2), concat([str("alice"), str(""), str(""), str(""), str(""), str(""), u64(0)])],
  [kind(3), concat([u64(2), flag(false)])],
  [concat([kind(4), u64(0)]), concat([str("USD"), u64(6), u256(0), str(""), flag(false), u64(0)])],
  [concat([kind(6), str("alice")]), concat([u64(1), u64(0), u256(7), u64(0), u64(0), u64(0), flag(false)])],
  [kind(7), concat([u256(0), u64(votingDelay), u64(votingPeriod), u256(0), u64(timelockDelay), u64(0)])],
  [kind(0xfe), concat([str("flux-state-v2"), u256(1000), u64(0), u64(0xffff), str(""), u64(referenceBlockIntervalMs)])],
];

const zero = "0x" + "00".repeat(32);
const buckets = new Map();
for (const [key, value] of leaves) {
  const kh = keccak256(concat([key]));
  const index = parseInt(kh.slice(2, 6), 16);
  if (!buckets.has(index)) buckets.set(index, []);
  buckets.get(index).push([kh, keccak256(concat([value]))]);
}
const bucketHash = new Array(65536).fill(zero);
for (const [index, pairs] of buckets) {
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  bucketHash[index] = keccak256(concat(pairs.flat().map((h) => getBytes(h))));
}
const groupHash = [];
for (let g = 0; g < 256; ++g) {
  const children = bucketHash.slice(g * 256, g * 256 + 256);
  groupHash.push(children.every((h) => h === zero) ? zero : keccak256(concat(children.map((h) => getBytes(h)))));
}
const root = groupHash.every((h) => h === zero) ? zero : keccak256(concat(groupHash.map((h) => getBytes(h))));
console.log(root.slice(2));

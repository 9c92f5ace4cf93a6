// Signs one Flux transaction of every type with ethers v6 (Wallet.signTypedData), as a
// wallet would, and prints them in the node's wire format. The types come from the
// node itself (a JSON file written by flux_node_interop_tests), so a type added to
// the node is signed here too. Values are fixed, so the output is the same every run.
//   node sign_transactions.mjs schema.json > signed.json
import { ethers } from "ethers";
import { readFileSync } from "node:fs";

const schema = JSON.parse(readFileSync(process.argv[2], "utf8"));
const signer = new ethers.Wallet("0x0000000000000000000000000000000000000000000000000000000000000001");
const other = ethers.computeAddress("0x0000000000000000000000000000000000000000000000000000000000000003");
const domain = { name: "Flux", version: "1", chainId: schema.chainId };

// A proposal's action: the JSON text of a governance action type's fields.
const action = JSON.stringify({ type: "SetCollateralFactor", market: "fUSD", value: "500000000000000000" });

// A value the node admits for each field (bounds: close factor <= 0.9, incentive >= 1).
function sample(type, field) {
  if (field.name === "sender") return signer.address;
  if (field.type === "bool") return false;
  if (type === "Propose" && field.name === "actions") return [action];
  if (field.name === "support") return "1";
  if (field.type === "address") return other;
  if (field.name === "nonce") return "0";
  if (field.type === "uint32") return "1";
  if (field.type.startsWith("uint")) {
    if (type === "SetLiquidationIncentive") return "1050000000000000000";
    if (field.name === "kink") return "900000000000000000";
    return "500000000000000000";
  }
  if (field.type === "string[]") return ["fUSD", "fETH"];
  const strings = { market: "fUSD", collateralMarket: "fETH", asset: "USD", kind: "jump", action: "mint",
                    access: "permissionless", parameter: "quorum_votes" };
  return strings[field.name] ?? "x";
}

const out = [];
for (const t of schema.types) {
  const message = Object.fromEntries(t.fields.map((f) => [f.name, sample(t.name, f)]));
  const signature = await signer.signTypedData(domain, { [t.name]: t.fields }, message);
  out.push({ type: t.name, message, signature });
}
process.stdout.write(JSON.stringify(out, null, 1) + "\n");

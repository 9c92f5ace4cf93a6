// A Flux client in JavaScript with ethers v6, written from docs/rpc.md alone.
//
//   npm ci                               # once: installs ethers (package-lock.json)
//   node client.mjs [RPC_URL]            # default http://127.0.0.1:8545 (fluxd --dev)
//
// It signs with FLUX_PRIVATE_KEY, or else with the dev chain's "bob" (a public
// Hardhat test key: dev chain only). Against a node it:
//   1. reads the chain id, the EIP-712 domain and types, and the sender's next nonce;
//   2. signs a Mint (supply 1000 USDC to fUSDC) and a Borrow (100 USDC) with
//      Wallet.signTypedData, sends both at once (nonces n and n + 1) and checks that
//      each hash the node returns is the EIP-712 digest it computed itself;
//   3. waits for both receipts, then repays the whole borrow ("repay all": amount
//      2^256 - 1) and waits for that receipt;
//   4. sends the Mint again, which the node refuses (nonce_used): resending is safe;
//   5. checks the Mint's block header hash, reads the account and its events, and
//      prints what it saw.
// Exit code 0 when every step went as docs/rpc.md says, 1 otherwise.
import { ethers } from "ethers";

const url = process.argv[2] ?? "http://127.0.0.1:8545";
const key = process.env.FLUX_PRIVATE_KEY ?? "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
const MARKET = "fUSDC";

// ---- JSON-RPC 2.0 over HTTP ------------------------------------------------------

class RpcError extends Error {
  constructor(error) {
    super(`${error.code} ${error.message}`);
    this.code = error.code;
    this.data = error.data;
  }
}

let nextId = 1;
async function rpc(method, params) {
  const body = { jsonrpc: "2.0", id: nextId++, method };
  if (params !== undefined) body.params = params;  // always an object of named fields
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },  // anything else is refused (415)
    body: JSON.stringify(body),
  });
  const reply = await response.json();
  if (reply.error) throw new RpcError(reply.error);
  return reply.result;
}

// ---- Signing and sending ---------------------------------------------------------

const wallet = new ethers.Wallet(key);
let domain;       // {name: "Flux", version: "1", chainId}: no verifyingContract, no salt
let typeFields;   // type name -> [{name, type}], sender and nonce first
let nonce;        // the next nonce this client will sign with

// Signs `fields` as the EIP-712 message of `type` (its primary type) and sends it.
// Integers go as decimal strings; the returned hash must be the EIP-712 digest.
async function send(type, fields) {
  const message = { sender: wallet.address, nonce: String(nonce), ...fields };
  const types = { [type]: typeFields.get(type) };  // no EIP712Domain entry: ethers derives it
  const signature = await wallet.signTypedData(domain, types, message);  // 0x + r s v, v 27/28, low s
  const wire = { type, message, signature };
  const { hash } = await rpc("flux_sendTransaction", wire);
  const digest = ethers.TypedDataEncoder.hash(domain, types, message);
  if (hash !== digest) throw new Error(`${type}: the node's hash ${hash} is not the EIP-712 digest ${digest}`);
  nonce += 1;  // admitted: the node counts it as pending
  return { hash, wire };
}

// Waits for a committed receipt: flux_waitForReceipt waits at most 30 s a call, so
// ask again on -32002 (timeout), up to `seconds` in all.
async function receipt(hash, seconds = 120) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await rpc("flux_waitForReceipt", { hash, timeout_ms: 30000 });
    } catch (e) {
      if (!(e instanceof RpcError) || e.code !== -32002 || Date.now() > deadline) throw e;
    }
  }
}

function check(condition, what) {
  if (!condition) throw new Error(what);
}

function describe(r) {
  const outcome = r.ok ? "ok" : `failed: ${r.error.name} (${r.error.code}) ${r.error.message}`;
  return `block ${r.block_number} index ${r.transaction_index} ${outcome}; events ${r.events.map((e) => e.event).join(", ")}`;
}

// keccak256(number u64 || time_ms u64 || parent_hash || transactions_root || state_hash),
// big-endian; transactions_root = keccak256 of the block's transaction hashes in order.
function headerHash(h) {
  return ethers.keccak256(ethers.concat([ethers.toBeHex(h.number, 8), ethers.toBeHex(h.time_ms, 8),
                                         h.parent_hash, h.transactions_root, h.state_hash]));
}

// ---- The walk-through ------------------------------------------------------------

async function main() {
  const chainId = await rpc("flux_chainId");
  const schema = await rpc("flux_getTransactionTypes");
  domain = schema.domain;
  check(domain.chainId === chainId, "the domain's chain id is the chain's");
  typeFields = new Map(schema.types.map((t) => [t.name, t.fields]));
  nonce = (await rpc("flux_getNonce", { address: wallet.address })).next;
  console.log(`chain ${chainId}, node ${url}`);
  console.log(`sender ${wallet.address}, next nonce ${nonce}`);

  // Raw integers: underlying units (10^decimals per token), prices scaled by
  // 10^(36 - decimals), exchange rates as 1e18 mantissas of underlying units per
  // fToken unit (fTokens have 8 decimals).
  const market = await rpc("flux_getMarket", { market: MARKET });
  const decimals = market.decimals;
  const rate = BigInt(market.exchange_rate);
  const usd = ethers.formatUnits(market.price, 36 - decimals);
  const perFToken = ethers.formatUnits(rate * 10n ** 8n, 18 + decimals);
  console.log(`${MARKET}: ${market.asset} with ${decimals} decimals, price ${usd} USD, ` +
              `exchange rate ${market.exchange_rate} (${perFToken} ${market.asset} per fToken)`);

  const supply = ethers.parseUnits("1000", decimals);
  const loan = ethers.parseUnits("100", decimals);
  const mint = await send("Mint", { market: MARKET, amount: supply.toString() });
  const borrow = await send("Borrow", { market: MARKET, amount: loan.toString() });  // before the Mint is committed
  console.log(`Mint ${mint.hash} and Borrow ${borrow.hash} admitted (hashes = EIP-712 digests)`);
  const minted = await receipt(mint.hash);
  console.log(`Mint: ${describe(minted)}`);
  const borrowed = await receipt(borrow.hash);
  console.log(`Borrow: ${describe(borrowed)}`);
  check(minted.ok && borrowed.ok, "Mint and Borrow succeed");

  // Repay all: amount 2^256 - 1, the borrower being the sender itself.
  const repay = await send("Repay", { market: MARKET, borrower: wallet.address, amount: ethers.MaxUint256.toString() });
  const repaid = await receipt(repay.hash);
  console.log(`Repay all: ${describe(repaid)}`);
  check(repaid.ok, "the repay succeeds");
  const repaidEvent = repaid.events.find((e) => e.event === "repaid");
  check(repaidEvent && repaidEvent.amount2 === "0", "the repaid event leaves a borrow balance of 0");
  console.log(`repaid ${repaidEvent.amount} units (${ethers.formatUnits(repaidEvent.amount, decimals)} ${market.asset}) ` +
              `for a loan of ${loan}`);

  // The same signed transaction again: its nonce is used now.
  try {
    await rpc("flux_sendTransaction", mint.wire);
    throw new Error("a resent transaction was admitted");
  } catch (e) {
    if (!(e instanceof RpcError)) throw e;
    console.log(`resent Mint: refused ${e.code} ${e.data.rejection}`);
    check(e.code === -32014 && e.data.rejection === "nonce_used", "a resent transaction is refused as nonce_used");
  }

  // The Mint's block: its header hash and transactions root, computed here.
  const block = await rpc("flux_getBlock", { number: minted.block_number });
  check(headerHash(block.header) === block.header.hash, "the header hashes to its hash");
  check(ethers.keccak256(ethers.concat(block.transaction_hashes)) === block.header.transactions_root,
        "the transactions root is the keccak256 of the transaction hashes");
  console.log(`block ${block.header.number}: header hash and transactions root verified`);

  const account = await rpc("flux_getAccount", { address: wallet.address });
  const position = account.positions.find((p) => p.market === MARKET);
  console.log(`account ${MARKET} ftokens=${position.ftokens} supplied=${position.supplied} ` +
              `borrowed=${position.borrowed} entered=${position.entered}`);
  console.log(`account wallet ${market.asset}=${account.wallet[market.asset]} collateral_value=${account.collateral_value} ` +
              `borrow_value=${account.borrow_value} health_factor=${account.health_factor} nonce=${account.nonce}`);

  const events = await rpc("flux_getEvents", {
    from_block: minted.block_number, to_block: repaid.block_number, account: wallet.address });
  // Each kind has only some of these fields (docs/rpc.md, "Events").
  const order = ["market", "asset", "account", "other", "amount", "amount2", "proposal", "parameter", "text"];
  for (const e of events) {
    const fields = order.filter((k) => k in e).map((k) => `${k}=${e[k]}`);
    console.log(`event ${e.event} block=${e.block_number} ${fields.join(" ")}`);
  }
}

main().then(
  () => console.log("done"),
  (e) => {
    console.error(`error: ${e.message}`);
    process.exit(1);
  });

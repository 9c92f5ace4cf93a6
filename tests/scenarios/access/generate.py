#!/usr/bin/env python3
"""Generate the access-matrix scenarios in this folder.

    python3 tests/scenarios/access/generate.py        # rewrites the *.json files next to this script

Where the expectations come from
--------------------------------
Nothing here runs the engine. Every expected value is computed below from

  * the access table of docs/protocol.md ("Access: KYC and sanctions"), restated
    in ACCESS_RULE / access_error(), and the KYC registry rule stated there:
    kyc(group, account) = granted[group][account] && !sanctioned(account);
  * the order of checks of docs/protocol.md ("Order of checks"),
    restated op by op in the Model class (only the checks these scenarios can
    reach: access, pause, caps, wallet, zero amounts, liquidity, cash, balance,
    close factor, self-liquidation, seize);
  * the formulas of docs/protocol.md, with every `/` an integer division that
    truncates, in the reference's order:
        exchangeRate = supply == 0 ? initial : (cash + borrows - reserves) * e / supply
        mint:              tokens = amount * e / rate
        redeem:            amount = rate * tokens / e
        redeem_underlying: tokens = ceil(amount * e / rate)
        liquidity:         tokensToDenom = (cf * rate / e) * price / e
                           collateral += tokensToDenom * tokens / e; borrow += price * debt / e
        seize:             ratio = (li * priceDebt / e) * e / (priceColl * rateColl / e)
                           seizeTokens = ratio * repaid / e; protocolTokens = seizeTokens * share / e
                           reserves += rateColl * protocolTokens / e; supply -= protocolTokens

Interest is kept out of the way: every market uses a linear model with base 0
and multiplier 0 and every step runs at the start block, so accrual never
changes anything, borrow indices stay 1e18 and a borrow balance equals its
principal. (The model asserts this instead of implementing accrual.)

Each step carries a "note" (a Flux extension of the format) with the access
decision and the arithmetic behind its expected values. A failed step asserts
"ok": false, the exact error, and the same watched values as before the step.
"""

from __future__ import annotations

import copy
import json
import os
import sys

E = 10**18
HERE = os.path.dirname(os.path.abspath(__file__))
START_BLOCK = 100

# --------------------------------------------------------------------------------------------
# The access rule (docs/protocol.md, "Access: KYC and sanctions"): which check runs at which point.
#   "S" points: mint (minter), redeem (redeemer), transfer (spender = source, destination),
#               seize (liquidator, borrower)
#   "K" points: borrow (borrower), repay (payer, then borrower)
# open: nothing; permissionless: sanctions at S points, KYC at K points; permissioned: KYC at both.
ACCESS_RULE = {
    "open": {"S": None, "K": None},
    "permissionless": {"S": "sanctions", "K": "kyc"},
    "permissioned": {"S": "kyc", "K": "kyc"},
}

ZERO_MODEL = {"kind": "linear", "base_per_year": "0", "multiplier_per_year": "0"}


def fmt(x: int) -> str:
    return str(x)


class Fail(Exception):
    def __init__(self, error: str, why: str):
        super().__init__(error)
        self.error = error
        self.why = why


class Model:
    """A plain restatement of the reference's checks and formulas (no interest: see above)."""

    def __init__(self, config, assets, markets):
        self.close_factor = int(config["close_factor"])
        self.incentive = int(config["liquidation_incentive"])
        self.decimals = {a["symbol"]: a["decimals"] for a in assets}
        self.m = {}
        for mk in markets:
            assert mk["rate_model"] == ZERO_MODEL, "these scenarios assume zero interest"
            self.m[mk["symbol"]] = {
                "asset": mk["underlying"],
                "initial": int(mk["initial_exchange_rate"]),
                "cf": int(mk["collateral_factor"]),
                "share": int(mk["protocol_seize_share"]),
                "access": mk.get("access", "open"),
                "group": mk.get("kyc_group"),
                "cash": 0, "borrows": 0, "reserves": 0, "supply": 0,
                "price": 0, "paused": set(), "supply_cap": 0, "borrow_cap": 0,
            }
        self.global_paused = set()  # transfer, seize
        self.wallet = {}            # (account, asset) -> amount
        self.tokens = {}            # (account, market) -> fTokens
        self.debt = {}              # (account, market) -> borrow balance (index stays 1e18)
        self.entered = {}           # account -> ordered list of markets
        self.granted = set()        # (group, account)
        self.sanctioned = set()

    # ---- reading state -------------------------------------------------------------------
    def w(self, a, asset):
        return self.wallet.get((a, asset), 0)

    def t(self, a, mk):
        return self.tokens.get((a, mk), 0)

    def d(self, a, mk):
        return self.debt.get((a, mk), 0)

    def rate(self, mk):
        m = self.m[mk]
        if m["supply"] == 0:
            return m["initial"]
        return (m["cash"] + m["borrows"] - m["reserves"]) * E // m["supply"]

    def rate_note(self, mk):
        m = self.m[mk]
        if m["supply"] == 0:
            return f"{mk} rate = initial {m['initial']} (supply 0)"
        return (f"{mk} rate = ({m['cash']} + {m['borrows']} - {m['reserves']}) * 1e18 / {m['supply']}"
                f" = {self.rate(mk)}")

    def kyc(self, a, group):
        return (group, a) in self.granted and a not in self.sanctioned

    def status(self, a, group):
        g = sorted(gr for (gr, acc) in self.granted if acc == a)
        parts = [f"KYC groups {g}" if g else "no KYC grant"]
        parts.append("sanctioned" if a in self.sanctioned else "not sanctioned")
        return f"'{a}' ({', '.join(parts)})"

    # ---- the access rule -----------------------------------------------------------------
    def access(self, mk, point, role, a):
        """Raise Fail if `a` may not act as `role` at an S/K point of market mk; return a note."""
        m = self.m[mk]
        rule = ACCESS_RULE[m["access"]][point]
        if rule is None:
            return f"{mk} is open: no access check on the {role}"
        if rule == "sanctions":
            if a in self.sanctioned:
                raise Fail("sanctioned", f"{mk} is {m['access']}: the {role} is sanctions-checked and "
                                         f"{self.status(a, m['group'])} is sanctioned -> sanctioned")
            return f"{mk} {m['access']}: {role} {self.status(a, m['group'])} passes the sanctions check"
        g = m["group"]
        if not self.kyc(a, g):
            why = ("is sanctioned, and a sanctioned account fails every KYC check"
                   if a in self.sanctioned else f"has no KYC in group {g}")
            raise Fail("kyc_required", f"{mk} is {m['access']} (group {g}): the {role} needs KYC and "
                                       f"{self.status(a, g)} {why} -> kyc_required")
        return f"{mk} {m['access']} (group {g}): {role} {self.status(a, g)} passes the KYC check"

    # ---- liquidity (docs/protocol.md, "Account liquidity") --------------------------------
    def liquidity(self, a, modify=None, redeem_tokens=0, borrow_amount=0, entered=None):
        col = bor = 0
        parts = []
        seen = set()
        for mk in (entered if entered is not None else self.entered.get(a, [])):
            m = self.m[mk]
            if m["price"] == 0:
                raise Fail("price_error", f"price of {mk} is 0")
            ttd = (m["cf"] * self.rate(mk) // E) * m["price"] // E
            c = ttd * self.t(a, mk) // E
            b = m["price"] * self.d(a, mk) // E
            col += c
            bor += b
            terms = []
            ttd_text = f"tokensToDenom ({m['cf']} * {self.rate(mk)} / 1e18) * {m['price']} / 1e18 = {ttd}"
            if ttd_text in seen:
                ttd_text = "tokensToDenom as above"
            seen.add(ttd_text)
            if self.t(a, mk) or (mk == modify and redeem_tokens):
                terms.append(ttd_text)
            if self.t(a, mk):
                terms.append(f"collateral {ttd} * {self.t(a, mk)} / 1e18 = {c}")
            if self.d(a, mk):
                terms.append(f"borrow {m['price']} * {self.d(a, mk)} / 1e18 = {b}")
            if mk == modify and (redeem_tokens or borrow_amount):
                hr = ttd * redeem_tokens // E
                hb = m["price"] * borrow_amount // E
                bor += hr + hb
                terms.append(f"borrow + redeemed {ttd} * {redeem_tokens} / 1e18 = {hr}" if redeem_tokens else
                             f"borrow + new {m['price']} * {borrow_amount} / 1e18 = {hb}")
            if terms:
                parts.append(f"{mk}: {', '.join(terms)}")
        self.last_liquidity = f"[{'; '.join(parts)}]"
        return col, bor

    def shortfall(self, a):
        col, bor = self.liquidity(a)
        return max(0, bor - col)

    def liquid(self, a):
        col, bor = self.liquidity(a)
        return max(0, col - bor)

    # ---- operations: each returns a note; raises Fail (state untouched) on the first failed check
    def op(self, s):
        name = s["op"]
        fn = getattr(self, "op_" + name)
        snapshot = copy.deepcopy(self.__dict__)
        try:
            return fn(s)
        except Fail:
            self.__dict__ = snapshot
            raise

    def op_check(self, s):
        return "check only"

    def op_faucet(self, s):
        a, asset, amt = s["account"], s["asset"], int(s["amount"])
        before = self.w(a, asset)
        self.wallet[(a, asset)] = before + amt
        return f"{a} wallet {asset} {before} + {amt} = {before + amt}"

    def op_set_price(self, s):
        self.m[s["market"]]["price"] = int(s["price"])
        return f"{s['market']} price = {s['price']}"

    def op_kyc_grant(self, s):
        self.granted.add((s["group"], s["account"]))
        return f"grant {s['account']} KYC in group {s['group']} (no accrual, no balance change)"

    def op_kyc_revoke(self, s):
        self.granted.discard((s["group"], s["account"]))
        return f"revoke {s['account']}'s KYC in group {s['group']}, effective at once"

    def op_sanction(self, s):
        self.sanctioned.add(s["account"])
        return f"put {s['account']} on the sanctions list (a KYC grant stays but no longer counts)"

    def op_unsanction(self, s):
        self.sanctioned.discard(s["account"])
        return f"take {s['account']} off the sanctions list, effective at once"

    def op_pause(self, s):
        if s["action"] in ("transfer", "seize"):
            self.global_paused.add(s["action"])
            return f"pause {s['action']} (protocol-wide)"
        self.m[s["market"]]["paused"].add(s["action"])
        return f"pause {s['action']} on {s['market']}"

    def op_unpause(self, s):
        if s["action"] in ("transfer", "seize"):
            self.global_paused.discard(s["action"])
            return f"unpause {s['action']} (protocol-wide)"
        self.m[s["market"]]["paused"].discard(s["action"])
        return f"unpause {s['action']} on {s['market']}"

    def op_set_supply_cap(self, s):
        self.m[s["market"]]["supply_cap"] = int(s["value"])
        return f"{s['market']} supply cap = {s['value']}"

    def op_set_borrow_cap(self, s):
        self.m[s["market"]]["borrow_cap"] = int(s["value"])
        return f"{s['market']} borrow cap = {s['value']}"

    def op_accrue(self, s):
        m = self.m[s["market"]]
        return (f"accrue {s['market']}: no access check; same block as its accrual block, so nothing "
                f"changes (cash {m['cash']}, borrows {m['borrows']}, supply {m['supply']})")

    def op_enter_markets(self, s):
        a = s["account"]
        lst = self.entered.setdefault(a, [])
        added = [mk for mk in s["markets"] if mk not in lst]
        lst.extend(added)
        return f"{a} enters {s['markets']} (not access-checked; no balance changes)"

    def op_exit_market(self, s):
        a, mk = s["account"], s["market"]
        if mk not in self.entered.get(a, []):
            return f"{a} was not in {mk}: nothing changes"
        if self.d(a, mk) != 0:
            raise Fail("nonzero_borrow_balance", f"{a} owes {self.d(a, mk)} in {mk}")
        col, bor = self.liquidity(a, mk, redeem_tokens=self.t(a, mk))
        if bor > col:
            raise Fail("insufficient_liquidity", f"exit leaves {a} short: {col} < {bor}")
        self.entered[a].remove(mk)
        return (f"exit_market is not access-checked: {a} owes nothing in {mk}; liquidity with all "
                f"{self.t(a, mk)} {mk} tokens removed {self.last_liquidity}: collateral {col} >= borrow {bor}; "
                f"no balance changes")

    def op_mint(self, s):
        a, mk, amt = s["account"], s["market"], int(s["amount"])
        m = self.m[mk]
        asset = m["asset"]
        notes = [self.access(mk, "S", "minter", a)]
        if "mint" in m["paused"]:
            raise Fail("paused", f"{notes[0]}; mint is paused on {mk} -> paused")
        r = self.rate(mk)
        if m["supply_cap"] != 0:
            supplied = r * m["supply"] // E
            if supplied + amt > m["supply_cap"]:
                raise Fail("supply_cap_reached", f"{notes[0]}; supplied {r} * {m['supply']} / 1e18 = "
                           f"{supplied}, + {amt} = {supplied + amt} > cap {m['supply_cap']} -> supply_cap_reached")
        if self.w(a, asset) < amt:
            raise Fail("insufficient_balance", f"{notes[0]}; wallet {self.w(a, asset)} < {amt} -> insufficient_balance")
        tokens = amt * E // r
        if tokens == 0:
            raise Fail("invalid_amount", f"{notes[0]}; tokens = {amt} * 1e18 / {r} = 0 -> invalid_amount")
        notes.append(f"{self.rate_note(mk)}; tokens = {amt} * 1e18 / {r} = {tokens}")
        notes.append(self._move(a, asset, -amt, mk, tokens, 0, cash=amt, supply=tokens))
        return "; ".join(notes)

    def _redeem(self, a, mk, tokens, amt, conv):
        m = self.m[mk]
        notes = [conv]
        if mk in self.entered.get(a, []):
            col, bor = self.liquidity(a, mk, redeem_tokens=tokens)
            if bor > col:
                raise Fail("insufficient_liquidity", f"{conv}; hypothetical liquidity with {tokens} redeemed: "
                           f"{self.last_liquidity}: collateral {col} < borrow {bor} -> insufficient_liquidity")
            notes.append(f"liquidity with {tokens} redeemed {self.last_liquidity}: collateral {col} >= borrow {bor}")
        if m["cash"] < amt:
            raise Fail("insufficient_cash", f"{'; '.join(notes)}; cash {m['cash']} < {amt} -> insufficient_cash")
        notes.append(f"cash {m['cash']} >= {amt}")
        if self.t(a, mk) < tokens:
            raise Fail("insufficient_balance", f"{'; '.join(notes)}; {a} holds {self.t(a, mk)} < {tokens} {mk} "
                       f"tokens -> insufficient_balance")
        if tokens > 0 and amt == 0:
            raise Fail("invalid_amount", f"{'; '.join(notes)}; pays out 0 -> invalid_amount")
        notes.append(self._move(a, m["asset"], amt, mk, -tokens, 0, cash=-amt, supply=-tokens))
        return "; ".join(notes)

    def op_redeem(self, s):
        a, mk, tokens = s["account"], s["market"], int(s["tokens"])
        acc = self.access(mk, "S", "redeemer", a)
        r = self.rate(mk)
        amt = r * tokens // E
        conv = f"{acc}; {self.rate_note(mk)}; amount = {r} * {tokens} / 1e18 = {amt}"
        return self._redeem(a, mk, tokens, amt, conv)

    def op_redeem_underlying(self, s):
        a, mk, amt = s["account"], s["market"], int(s["amount"])
        acc = self.access(mk, "S", "redeemer", a)
        r = self.rate(mk)
        tokens = -(-amt * E // r)
        conv = f"{acc}; {self.rate_note(mk)}; tokens = ceil({amt} * 1e18 / {r}) = {tokens}"
        return self._redeem(a, mk, tokens, amt, conv)

    def op_borrow(self, s):
        a, mk, amt = s["account"], s["market"], int(s["amount"])
        m = self.m[mk]
        acc = self.access(mk, "K", "borrower", a)
        if "borrow" in m["paused"]:
            raise Fail("paused", f"{acc}; borrow is paused on {mk} -> paused")
        entered = list(self.entered.get(a, []))
        if mk not in entered:
            entered.append(mk)
        if m["price"] == 0:
            raise Fail("price_error", "price 0")
        if m["borrow_cap"] != 0 and not (m["borrows"] + amt < m["borrow_cap"]):
            raise Fail("borrow_cap_reached", f"{acc}; totalBorrows {m['borrows']} + {amt} = {m['borrows'] + amt} "
                       f"is not < cap {m['borrow_cap']} -> borrow_cap_reached")
        col, bor = self.liquidity(a, mk, borrow_amount=amt, entered=entered)
        if bor > col:
            raise Fail("insufficient_liquidity", f"{acc}; hypothetical liquidity with {amt} borrowed: "
                       f"{self.last_liquidity}: collateral {col} < borrow {bor} -> insufficient_liquidity")
        if m["cash"] < amt:
            raise Fail("insufficient_cash", f"{acc}; cash {m['cash']} < {amt}")
        self.entered[a] = entered
        notes = [acc, f"liquidity with {amt} borrowed {self.last_liquidity}: collateral {col} >= borrow {bor}"]
        notes.append(self._move(a, m["asset"], amt, mk, 0, amt, cash=-amt, borrows=amt))
        return "; ".join(notes)

    def _repay_checks(self, payer, borrower, mk, amt):
        m = self.m[mk]
        notes = [self.access(mk, "K", "payer", payer)]
        try:
            notes.append(self.access(mk, "K", "borrower", borrower))
        except Fail as f:
            raise Fail(f.error, f"{notes[0]}; {f.why}")
        if self.w(payer, m["asset"]) < amt:
            raise Fail("insufficient_balance", f"{'; '.join(notes)}; payer wallet {self.w(payer, m['asset'])} "
                       f"< {amt} -> insufficient_balance")
        if amt > self.d(borrower, mk):
            raise Fail("repay_exceeds_debt", f"{'; '.join(notes)}; {amt} > debt {self.d(borrower, mk)} "
                       f"-> repay_exceeds_debt")
        return notes

    def _repay_effects(self, payer, borrower, mk, amt):
        m = self.m[mk]
        asset = m["asset"]
        wb, db, cb, bb = self.w(payer, asset), self.d(borrower, mk), m["cash"], m["borrows"]
        self.wallet[(payer, asset)] = wb - amt
        self.debt[(borrower, mk)] = db - amt
        m["cash"] = cb + amt
        m["borrows"] = bb - amt if bb > amt else 0
        return (f"{payer} wallet {asset} {wb} - {amt} = {wb - amt}; {borrower} {mk} debt {db} - {amt} = "
                f"{db - amt}; {mk} cash {cb} + {amt} = {cb + amt}, total_borrows {bb} - {amt} = {m['borrows']}")

    def op_repay(self, s):
        payer, mk = s["account"], s["market"]
        borrower = s.get("borrower", payer)
        amt = int(s["amount"])
        notes = self._repay_checks(payer, borrower, mk, amt)
        notes.append(self._repay_effects(payer, borrower, mk, amt))
        return "; ".join(notes)

    def op_transfer(self, s):
        src, dst, mk, tokens = s["account"], s["to"], s["market"], int(s["tokens"])
        notes = [self.access(mk, "S", "spender/source", src)]
        try:
            notes.append(self.access(mk, "S", "destination", dst))
        except Fail as f:
            raise Fail(f.error, f"{notes[0]}; {f.why}")
        if "transfer" in self.global_paused:
            raise Fail("paused", f"{'; '.join(notes)}; transfers are paused -> paused")
        if mk in self.entered.get(src, []):
            col, bor = self.liquidity(src, mk, redeem_tokens=tokens)
            if bor > col:
                raise Fail("insufficient_liquidity", f"{'; '.join(notes)}; source liquidity with {tokens} removed "
                           f"{self.last_liquidity}: collateral {col} < borrow {bor} -> insufficient_liquidity")
            notes.append(f"source liquidity with {tokens} removed {self.last_liquidity}: collateral {col} >= borrow {bor}")
        if src == dst:
            raise Fail("self_transfer", f"{'; '.join(notes)}; source = destination -> self_transfer")
        if self.t(src, mk) < tokens:
            raise Fail("insufficient_balance", f"{'; '.join(notes)}; {src} holds {self.t(src, mk)} < {tokens} "
                       f"-> insufficient_balance")
        ts, td = self.t(src, mk), self.t(dst, mk)
        self.tokens[(src, mk)] = ts - tokens
        self.tokens[(dst, mk)] = td + tokens
        notes.append(f"no accrual; {src} {mk} tokens {ts} - {tokens} = {ts - tokens}; {dst} {td} + {tokens} = "
                     f"{td + tokens}; market totals unchanged")
        return "; ".join(notes)

    def op_liquidate(self, s):
        liq, bor_, dm, cm = s["account"], s["borrower"], s["market"], s["collateral_market"]
        amt = int(s["amount"])
        notes = []
        col, bo = self.liquidity(bor_)
        sf = max(0, bo - col)
        risk = f"risk checks first: {bor_} {self.last_liquidity} collateral {col}, borrow {bo}"
        if sf == 0:
            raise Fail("insufficient_shortfall", f"{risk} -> no shortfall -> insufficient_shortfall "
                       f"(before any access check)")
        maxrepay = self.close_factor * self.d(bor_, dm) // E
        if amt > maxrepay:
            raise Fail("too_much_repay", f"{risk}, shortfall {sf}; close factor: {amt} > {self.close_factor} * "
                       f"{self.d(bor_, dm)} / 1e18 = {maxrepay} -> too_much_repay (before any access check)")
        if liq == bor_:
            raise Fail("liquidate_self", f"{risk}, shortfall {sf}; liquidator = borrower -> liquidate_self "
                       f"(before any access check)")
        if amt == 0:
            raise Fail("invalid_amount", f"{risk}, shortfall {sf}; amount 0 -> invalid_amount "
                       f"(before any access check)")
        notes.append(f"{risk}, shortfall {sf} > 0; {amt} <= {self.close_factor} * {self.d(bor_, dm)} / 1e18 = {maxrepay}")
        try:
            notes += self._repay_checks(liq, bor_, dm, amt)
        except Fail as f:
            raise Fail(f.error, f"{'; '.join(notes)}; repay side on {dm}: {f.why}")
        pd, pc = self.m[dm]["price"], self.m[cm]["price"]
        rc = self.rate(cm)
        num = self.incentive * pd // E
        den = pc * rc // E
        ratio = num * E // den
        seize = ratio * amt // E
        seize_note = (f"seize: num = {self.incentive} * {pd} / 1e18 = {num}; den = {pc} * {rc} / 1e18 = {den}; "
                      f"ratio = {num} * 1e18 / {den} = {ratio}; seizeTokens = {ratio} * {amt} / 1e18 = {seize}")
        if self.t(bor_, cm) < seize:
            raise Fail("seize_too_much", f"{'; '.join(notes)}; {seize_note} > {self.t(bor_, cm)}")
        notes.append(seize_note)
        try:
            notes.append(self.access(cm, "S", "liquidator (seize)", liq))
            notes.append(self.access(cm, "S", "borrower (seize)", bor_))
        except Fail as f:
            raise Fail(f.error, f"{'; '.join(notes)}; seize side on {cm}: {f.why}")
        if "seize" in self.global_paused:
            raise Fail("paused", f"{'; '.join(notes)}; seize is paused -> paused")
        notes.append(self._repay_effects(liq, bor_, dm, amt))
        m = self.m[cm]
        share = m["share"]
        prot = seize * share // E
        lt = seize - prot
        radd = rc * prot // E
        tb, tl, r0, s0 = self.t(bor_, cm), self.t(liq, cm), m["reserves"], m["supply"]
        self.tokens[(bor_, cm)] = tb - seize
        self.tokens[(liq, cm)] = tl + lt
        m["reserves"] = r0 + radd
        m["supply"] = s0 - prot
        notes.append(f"protocolTokens = {seize} * {share} / 1e18 = {prot}; liquidator gets {seize} - {prot} = {lt}; "
                     f"{cm} reserves {r0} + {rc} * {prot} / 1e18 = {r0 + radd}, total_supply {s0} - {prot} = "
                     f"{s0 - prot}; {bor_} {cm} tokens {tb} - {seize} = {tb - seize}; {liq} {tl} + {lt} = {tl + lt}; "
                     f"{self.rate_note(cm)}")
        return "; ".join(notes)

    def _move(self, a, asset, dwallet, mk, dtokens, ddebt, cash=0, supply=0, borrows=0):
        m = self.m[mk]
        w0, t0, d0 = self.w(a, asset), self.t(a, mk), self.d(a, mk)
        c0, s0, b0 = m["cash"], m["supply"], m["borrows"]
        self.wallet[(a, asset)] = w0 + dwallet
        self.tokens[(a, mk)] = t0 + dtokens
        self.debt[(a, mk)] = d0 + ddebt
        m["cash"] = c0 + cash
        m["supply"] = s0 + supply
        m["borrows"] = b0 + borrows
        sign = lambda x: f"+ {x}" if x >= 0 else f"- {-x}"
        out = [f"{a} wallet {asset} {w0} {sign(dwallet)} = {w0 + dwallet}"]
        if dtokens:
            out.append(f"{a} {mk} tokens {t0} {sign(dtokens)} = {t0 + dtokens}")
        if ddebt:
            out.append(f"{a} {mk} debt {d0} {sign(ddebt)} = {d0 + ddebt}")
        out.append(f"{mk} cash {c0} {sign(cash)} = {c0 + cash}")
        if supply:
            out.append(f"total_supply {s0} {sign(supply)} = {s0 + supply}")
        if borrows:
            out.append(f"total_borrows {b0} {sign(borrows)} = {b0 + borrows}")
        return ", ".join(out)


# --------------------------------------------------------------------------------------------
class Scenario:
    def __init__(self, name, description, config, assets, markets):
        self.doc = {"format": 1, "name": name, "description": description, "config": config,
                    "assets": assets, "markets": markets, "steps": []}
        self.model = Model(config, assets, markets)
        self.cases = 0

    def market_fields(self, mk):
        m = self.model.m[mk]
        return {"cash": fmt(m["cash"]), "total_borrows": fmt(m["borrows"]), "total_reserves": fmt(m["reserves"]),
                "total_supply": fmt(m["supply"]), "exchange_rate_stored": fmt(self.model.rate(mk))}

    def account_fields(self, a, mks, liquidity=False):
        md = self.model
        out = {}
        if liquidity:
            out["liquidity"] = fmt(md.liquid(a))
            out["shortfall"] = fmt(md.shortfall(a))
        assets = []
        for mk in mks:
            if md.m[mk]["asset"] not in assets:
                assets.append(md.m[mk]["asset"])
        out["wallet"] = {asset: fmt(md.w(a, asset)) for asset in assets}
        out["markets"] = {mk: {"tokens": fmt(md.t(a, mk)), "borrow_balance_stored": fmt(md.d(a, mk))} for mk in mks}
        return out

    def step(self, op, *, markets=(), accounts=None, liquidity=(), expect=None, note=None, case=True):
        """Run op on the model and record it with expectations over the watched values.

        expect: None (no assertion on outcome) or "ok" or an error name the caller intends; it is
        compared with what the model's check order gives, so a scenario whose setup does not
        isolate the intended check fails here instead of silently testing something else.
        """
        step = dict(op)
        try:
            explanation = self.model.op(step)
            ok, error = True, None
        except Fail as f:
            ok, error, explanation = False, f.error, f.why + "; a failed step changes nothing"
        got = "ok" if ok else error
        if expect is not None and expect != got:
            raise SystemExit(f"{self.doc['name']} step {len(self.doc['steps'])} {op}: intended {expect}, "
                             f"the rules give {got}: {explanation}")
        exp = {"ok": ok}
        if not ok:
            exp["error"] = error
        if markets:
            exp["markets"] = {mk: self.market_fields(mk) for mk in markets}
        if accounts:
            exp["accounts"] = {a: self.account_fields(a, mks, a in liquidity) for a, mks in accounts.items()}
        full_note = explanation if note is None else f"{note}. {explanation}"
        out = {}
        for k in ("op", "account", "to", "borrower", "market", "collateral_market", "markets", "asset",
                  "action", "amount", "tokens", "price", "value", "group"):
            if k in step:
                out[k] = step[k]
        out["note"] = full_note
        out["expect"] = exp
        self.doc["steps"].append(out)
        if case:
            self.cases += 1

    def write(self, filename):
        path = os.path.join(HERE, filename)
        # One step per block of three lines (request, note, expectations) so a file reads as a table.
        head = {k: v for k, v in self.doc.items() if k != "steps"}
        text = json.dumps(head, indent=1)[:-2] + ',\n "steps": [\n'
        rows = []
        for st in self.doc["steps"]:
            req = json.dumps({k: v for k, v in st.items() if k not in ("note", "expect")})[:-1]
            rows.append(f"  {req},\n   \"note\": {json.dumps(st['note'])},\n"
                        f"   \"expect\": {json.dumps(st['expect'])}}}")
        text += ",\n".join(rows) + "\n ]\n}\n"
        assert json.loads(text) == self.doc
        with open(path, "w") as f:
            f.write(text)
        return path, len(self.doc["steps"])


def market(symbol, asset, rate, cf, share, access, group):
    return {"symbol": symbol, "underlying": asset, "initial_exchange_rate": str(rate), "reserve_factor": "0",
            "protocol_seize_share": str(share), "collateral_factor": str(cf), "rate_model": dict(ZERO_MODEL),
            "access": access, "kyc_group": group if access != "open" else None}


CONFIG = {"blocks_per_year": "2628000", "close_factor": "500000000000000000",
          "liquidation_incentive": "1050000000000000000", "start_block": str(START_BLOCK)}
USDC_RATE = 200000000000000                 # 2e14: 1 USDC (1e6) mints 50 fTokens (50e8)
RATE_18 = 200000000000000000000000000       # 2e26 for 18-decimal assets
PRICE_USD_6 = 10**30                        # $1 for a 6-decimal token
PRICE_USD_18 = 10**18                       # $1 for an 18-decimal token
SHARE = {"open": 28000000000000000, "permissionless": 17500000000000000, "permissioned": 0}

# The account statuses of the matrix. Each account is KYC'd in group 1 while it builds a position,
# then put into its status (see set_statuses).
STATUSES = ["kyc", "nokyc", "group2", "sanctioned", "kyc_sanctioned"]
STATUS_TEXT = {
    "kyc": "KYC'd in the market's group 1",
    "nokyc": "no KYC at all",
    "group2": "KYC'd only in group 2 (another group than the market's)",
    "sanctioned": "sanctioned, no KYC",
    "kyc_sanctioned": "KYC'd in group 1 but sanctioned",
}


def set_statuses(sc, names):
    """names: status -> account. Everyone starts KYC'd in group 1 (granted in setup)."""
    for st, a in names.items():
        if st == "kyc":
            continue
        if st in ("nokyc", "group2", "sanctioned"):
            sc.step({"op": "kyc_revoke", "account": a, "group": 1}, note=f"status of {a}: {STATUS_TEXT[st]}",
                    case=False)
        if st == "group2":
            sc.step({"op": "kyc_grant", "account": a, "group": 2}, note=f"status of {a}: {STATUS_TEXT[st]}",
                    case=False)
        if st in ("sanctioned", "kyc_sanctioned"):
            sc.step({"op": "sanction", "account": a}, note=f"status of {a}: {STATUS_TEXT[st]}", case=False)


def intended(mode, point, status):
    """The access table alone: the outcome for an account of this status at an S or K point."""
    rule = ACCESS_RULE[mode][point]
    if rule is None:
        return "ok"
    if rule == "sanctions":
        return "sanctioned" if status in ("sanctioned", "kyc_sanctioned") else "ok"
    return "ok" if status == "kyc" else "kyc_required"


# --------------------------------------------------------------------------------------------
# Files 1-3: one per access mode, the same steps; only the market's access mode differs.
def mode_file(mode):
    markets = [market("fUSDC", "USDC", USDC_RATE, 850000000000000000, SHARE[mode], mode, 1),
               market("fDAI", "DAI", RATE_18, 800000000000000000, SHARE[mode], mode, 1)]
    desc = (f"access matrix, {mode} markets (fUSDC and fDAI, KYC group 1 where not open): mint, redeem, "
            f"redeem_underlying, transfer (as source and as destination), borrow, repay (own, paid for by "
            f"another, paying for another) for each account status: KYC'd in group 1, not KYC'd, KYC'd in "
            f"group 2 only, sanctioned, KYC'd but sanctioned; then exit_market / enter_markets / accrue, "
            f"which are not access-checked. Zero-rate models, one block: no interest.")
    sc = Scenario(f"access-{mode}", desc, CONFIG,
                  [{"symbol": "USDC", "decimals": 6}, {"symbol": "DAI", "decimals": 18}], markets)
    acc = {st: st for st in STATUSES}
    everyone = STATUSES + ["lp"]
    both = ["fUSDC", "fDAI"]
    sc.step({"op": "set_price", "market": "fUSDC", "price": str(PRICE_USD_6)}, note="USDC at $1: 1e30 = 1e(36-6)",
            case=False)
    sc.step({"op": "set_price", "market": "fDAI", "price": str(PRICE_USD_18)}, note="DAI at $1: 1e18 = 1e(36-18)",
            case=False)
    # setup: everyone KYC'd in group 1 while building a position
    for a in everyone:
        sc.step({"op": "kyc_grant", "account": a, "group": 1}, note="setup: every account may act while it "
                "builds its position", case=False)
    for a in everyone:
        usdc = 2000 * 10**6 if a == "lp" else 1000 * 10**6
        sc.step({"op": "faucet", "account": a, "asset": "USDC", "amount": str(usdc)},
                accounts={a: ["fUSDC"]}, case=False)
        sc.step({"op": "faucet", "account": a, "asset": "DAI", "amount": str(1000 * E)},
                accounts={a: ["fDAI"]}, case=False)
        sc.step({"op": "mint", "account": a, "market": "fUSDC", "amount": str(usdc // 2 if a == "lp" else 100 * 10**6)},
                markets=["fUSDC"], accounts={a: ["fUSDC"]}, expect="ok", case=False)
        sc.step({"op": "mint", "account": a, "market": "fDAI", "amount": str(1000 * E)},
                markets=["fDAI"], accounts={a: ["fDAI"]}, expect="ok", case=False)
        sc.step({"op": "enter_markets", "account": a, "markets": ["fDAI"]}, accounts={a: both}, case=False)
        sc.step({"op": "borrow", "account": a, "market": "fUSDC", "amount": str(20 * 10**6)},
                markets=["fUSDC"], accounts={a: ["fUSDC"]}, expect="ok", case=False)
    set_statuses(sc, {st: st for st in STATUSES})

    for st in STATUSES:
        a = acc[st]
        head = f"[{mode} x {STATUS_TEXT[st]}]"
        watch = dict(markets=["fUSDC"], accounts={a: ["fUSDC"]})
        watch_lp = dict(markets=["fUSDC"], accounts={a: ["fUSDC"], "lp": ["fUSDC"]})
        sc.step({"op": "mint", "account": a, "market": "fUSDC", "amount": str(10 * 10**6)},
                expect=intended(mode, "S", st), note=f"{head} mint: minter", **watch)
        sc.step({"op": "redeem", "account": a, "market": "fUSDC", "tokens": str(50000000000)},
                expect=intended(mode, "S", st), note=f"{head} redeem: redeemer", **watch)
        sc.step({"op": "redeem_underlying", "account": a, "market": "fUSDC", "amount": str(10 * 10**6)},
                expect=intended(mode, "S", st), note=f"{head} redeem_underlying: redeemer", **watch)
        sc.step({"op": "transfer", "account": a, "to": "lp", "market": "fUSDC", "tokens": str(10000000000)},
                expect=intended(mode, "S", st), note=f"{head} transfer: as spender and source", **watch_lp)
        sc.step({"op": "transfer", "account": "lp", "to": a, "market": "fUSDC", "tokens": str(10000000000)},
                expect=intended(mode, "S", st), note=f"{head} transfer: as destination (lp is KYC'd)", **watch_lp)
        sc.step({"op": "borrow", "account": a, "market": "fUSDC", "amount": str(10 * 10**6)},
                expect=intended(mode, "K", st), note=f"{head} borrow: borrower", **watch)
        sc.step({"op": "repay", "account": a, "market": "fUSDC", "amount": str(5 * 10**6)},
                expect=intended(mode, "K", st), note=f"{head} repay own debt: payer = borrower", **watch)
        sc.step({"op": "repay", "account": "lp", "borrower": a, "market": "fUSDC", "amount": str(5 * 10**6)},
                expect=intended(mode, "K", st), note=f"{head} repay on behalf: as borrower (payer lp is KYC'd)",
                **watch_lp)
        sc.step({"op": "repay", "account": a, "borrower": "lp", "market": "fUSDC", "amount": str(1 * 10**6)},
                expect=intended(mode, "K", st), note=f"{head} repay on behalf: as payer (borrower lp is KYC'd)",
                **watch_lp)
    # not access-checked: exit_market / enter_markets / accrue, by every status
    for st in STATUSES:
        a = acc[st]
        head = f"[{mode} x {STATUS_TEXT[st]}]"
        sc.step({"op": "exit_market", "account": a, "market": "fDAI"}, expect="ok", note=head,
                markets=["fDAI"], accounts={a: both}, liquidity=[a])
        sc.step({"op": "enter_markets", "account": a, "markets": ["fDAI"]}, expect="ok", note=head,
                markets=["fDAI"], accounts={a: both}, liquidity=[a])
    sc.step({"op": "accrue", "market": "fUSDC"}, expect="ok", markets=["fUSDC"])
    sc.step({"op": "accrue", "market": "fDAI"}, expect="ok", markets=["fDAI"])
    return sc


# --------------------------------------------------------------------------------------------
# File 4: liquidation. Debt market mode x collateral market mode x liquidator / borrower status.
MODES = ["open", "permissionless", "permissioned"]
DEBT = {mode: "debt" + mode.capitalize() for mode in MODES}
COLL = {mode: "coll" + mode.capitalize() for mode in MODES}


def intended_liquidation(dmode, cmode, liq_status, bor_status):
    """docs/protocol.md, liquidate: after the risk checks, the repay on the debt market (payer = liquidator,
    then borrower; K points), then the seize on the collateral market (liquidator, then borrower;
    S points). The first failing access check decides the error."""
    for mode, point, status in ((dmode, "K", liq_status), (dmode, "K", bor_status),
                                (cmode, "S", liq_status), (cmode, "S", bor_status)):
        r = intended(mode, point, status)
        if r != "ok":
            return r
    return "ok"


def liquidation_file():
    assets, markets = [], []
    for mode in MODES:
        tag = {"open": "O", "permissionless": "L", "permissioned": "P"}[mode]
        assets.append({"symbol": f"USD_{tag}", "decimals": 6})
        markets.append(market(DEBT[mode], f"USD_{tag}", USDC_RATE, 850000000000000000, SHARE[mode], mode, 1))
    for mode in MODES:
        tag = {"open": "O", "permissionless": "L", "permissioned": "P"}[mode]
        assets.append({"symbol": f"ETH_{tag}", "decimals": 18})
        markets.append(market(COLL[mode], f"ETH_{tag}", RATE_18, 800000000000000000, SHARE[mode], mode, 1))
    desc = ("access matrix for liquidate: debt market (open / permissionless / permissioned) x collateral "
            "market (same three) x liquidator status and borrower status (KYC'd in group 1, not KYC'd, "
            "group 2 only, sanctioned, KYC'd but sanctioned). Repay-side KYC checks on the debt market come "
            "before seize-side checks on the collateral market; risk checks (shortfall, close factor, self, "
            "zero) come before all access checks, the liquidator's wallet before the seize-side checks, and "
            "the seize-side checks before the seize pause. Protocol seize share 2.8% / 1.75% / 0. "
            "Zero-rate models, one block.")
    sc = Scenario("access-liquidate", desc, CONFIG, assets, markets)
    borrowers = {st: f"bor_{st}" for st in STATUSES}
    liquidators = {st: f"liq_{st}" for st in STATUSES}
    for mode in MODES:
        sc.step({"op": "set_price", "market": DEBT[mode], "price": str(PRICE_USD_6)}, note="$1 for 6 decimals",
                case=False)
    for mode in MODES:
        sc.step({"op": "set_price", "market": COLL[mode], "price": str(2000 * E)},
                note="$2000 for 18 decimals: 2000 * 1e(36-18)", case=False)
    for a in ["lp", "healthy"] + list(borrowers.values()) + list(liquidators.values()):
        sc.step({"op": "kyc_grant", "account": a, "group": 1}, note="setup: everyone may act while building "
                "positions", case=False)
    debts = [DEBT[m] for m in MODES]
    colls = [COLL[m] for m in MODES]
    for mode in MODES:
        d = DEBT[mode]
        asset = sc.model.m[d]["asset"]
        sc.step({"op": "faucet", "account": "lp", "asset": asset, "amount": str(100000 * 10**6)},
                accounts={"lp": [d]}, case=False)
        sc.step({"op": "mint", "account": "lp", "market": d, "amount": str(100000 * 10**6)}, expect="ok",
                markets=[d], accounts={"lp": [d]}, case=False)
    for a, debt in [(b, 1000 * 10**6) for b in borrowers.values()] + [("healthy", 100 * 10**6)]:
        for c in colls:
            asset = sc.model.m[c]["asset"]
            sc.step({"op": "faucet", "account": a, "asset": asset, "amount": str(E)}, accounts={a: [c]}, case=False)
            sc.step({"op": "mint", "account": a, "market": c, "amount": str(E)}, expect="ok",
                    markets=[c], accounts={a: [c]}, case=False)
        sc.step({"op": "enter_markets", "account": a, "markets": colls}, accounts={a: colls}, liquidity=[a],
                case=False)
        for d in debts:
            sc.step({"op": "borrow", "account": a, "market": d, "amount": str(debt)}, expect="ok",
                    markets=[d], accounts={a: [d]}, case=False)
    for a in list(liquidators.values()):
        for d in debts:
            asset = sc.model.m[d]["asset"]
            sc.step({"op": "faucet", "account": a, "asset": asset, "amount": str(100 * 10**6)},
                    accounts={a: [d]}, case=False)
    set_statuses(sc, borrowers)
    set_statuses(sc, liquidators)
    sc.step({"op": "sanction", "account": "liq_broke_sanctioned"}, note="a sanctioned liquidator with an empty "
            "wallet", case=False)
    for c in colls:
        sc.step({"op": "set_price", "market": c, "price": str(1000 * E)}, note="collateral falls to $1000",
                case=False)
    sc.step({"op": "check"}, note="every bor_* account: 3 x 800 USD of collateral against 3 x 1000 USD of debt; "
            "healthy: 2400 against 300", accounts={a: colls + debts for a in list(borrowers.values()) + ["healthy"]},
            liquidity=list(borrowers.values()) + ["healthy"], case=False)

    one = str(10**6)

    def liq(liquidator, borrower, dmode, cmode, amount=one, expect=None, note=""):
        d, c = DEBT[dmode], COLL[cmode]
        sc.step({"op": "liquidate", "account": liquidator, "borrower": borrower, "market": d, "amount": amount,
                 "collateral_market": c}, expect=expect, note=note, markets=[d, c],
                accounts={liquidator: [d, c], borrower: [d, c]}, liquidity=[borrower])

    # the matrix
    for dmode in MODES:
        for cmode in MODES:
            for st in STATUSES:
                liq(liquidators[st], borrowers["kyc"], dmode, cmode,
                    expect=intended_liquidation(dmode, cmode, st, "kyc"),
                    note=f"[debt {dmode} x collateral {cmode}] liquidator {STATUS_TEXT[st]}, borrower KYC'd")
            for st in STATUSES[1:]:
                liq(liquidators["kyc"], borrowers[st], dmode, cmode,
                    expect=intended_liquidation(dmode, cmode, "kyc", st),
                    note=f"[debt {dmode} x collateral {cmode}] liquidator KYC'd, borrower {STATUS_TEXT[st]}")

    # risk checks come before the access checks
    liq(liquidators["nokyc"], "healthy", "permissionless", "permissionless", expect="insufficient_shortfall",
        note="not-allowed liquidator (repay side needs KYC) on a healthy borrower: the risk check answers first")
    liq(liquidators["sanctioned"], "healthy", "permissioned", "permissioned", expect="insufficient_shortfall",
        note="sanctioned liquidator on a healthy borrower, permissioned markets: risk check first")
    liq(liquidators["kyc_sanctioned"], "healthy", "open", "permissionless", expect="insufficient_shortfall",
        note="KYC'd-but-sanctioned liquidator (seize side would say sanctioned) on a healthy borrower: risk check first")
    limit = sc.model.close_factor * sc.model.d(borrowers["kyc"], DEBT["permissionless"]) // E
    liq(liquidators["sanctioned"], borrowers["kyc"], "permissionless", "permissionless", amount=str(limit + 1),
        expect="too_much_repay", note="sanctioned liquidator repaying one unit above the close factor limit")
    liq(liquidators["sanctioned"], borrowers["kyc"], "permissionless", "permissionless", amount=str(limit),
        expect="kyc_required", note="the same at exactly the limit passes the risk checks and meets the access check")
    liq(liquidators["nokyc"], borrowers["kyc"], "permissioned", "permissioned", amount="0",
        expect="invalid_amount", note="not-KYC'd liquidator repaying 0")
    liq(borrowers["sanctioned"], borrowers["sanctioned"], "permissionless", "permissionless",
        expect="liquidate_self", note="a sanctioned borrower in shortfall liquidating itself")
    liq("liq_broke_sanctioned", borrowers["kyc"], "open", "permissionless", expect="insufficient_balance",
        note="sanctioned liquidator with an empty wallet, open debt market: the repay's wallet check comes "
             "before the seize-side sanctions check")
    liq("liq_broke_sanctioned", borrowers["kyc"], "permissionless", "open", expect="kyc_required",
        note="the same liquidator on a permissionless debt market: the repay-side KYC check comes before the wallet")
    # seize pause comes after the seize-side access checks
    sc.step({"op": "pause", "market": COLL["open"], "action": "seize"}, note="seize pause is protocol-wide",
            case=False)
    liq(liquidators["sanctioned"], borrowers["kyc"], "open", "permissionless", expect="sanctioned",
        note="seize paused: sanctioned liquidator on a permissionless collateral market")
    liq(liquidators["kyc"], borrowers["sanctioned"], "open", "permissionless", expect="sanctioned",
        note="seize paused: sanctioned borrower on a permissionless collateral market")
    liq(liquidators["nokyc"], borrowers["kyc"], "open", "permissioned", expect="kyc_required",
        note="seize paused: not-KYC'd liquidator on a permissioned collateral market")
    liq(liquidators["nokyc"], borrowers["kyc"], "open", "permissionless", expect="paused",
        note="seize paused: a liquidator the access rules allow gets paused")
    sc.step({"op": "unpause", "market": COLL["open"], "action": "seize"}, case=False)
    # unsanction takes effect at once, a KYC revoke too
    sc.step({"op": "unsanction", "account": borrowers["sanctioned"]}, case=False)
    liq(liquidators["kyc"], borrowers["sanctioned"], "open", "permissionless", expect="ok",
        note="same block: the unsanctioned borrower can be liquidated on a permissionless collateral market")
    liq(liquidators["kyc"], borrowers["sanctioned"], "permissionless", "open", expect="kyc_required",
        note="but it still has no KYC for the permissionless debt market's repay")
    sc.step({"op": "kyc_revoke", "account": liquidators["kyc"], "group": 1}, case=False)
    liq(liquidators["kyc"], borrowers["kyc"], "permissionless", "open", expect="kyc_required",
        note="same block: the liquidator just lost its KYC")
    liq(liquidators["kyc"], borrowers["kyc"], "open", "permissionless", expect="ok",
        note="it is not sanctioned, so an open debt market with a permissionless collateral market still works")
    return sc


# --------------------------------------------------------------------------------------------
# File 5: access checks come before pause, caps, wallet, zero-amount, liquidity and balance checks.
def check_order_file():
    markets = [market("fUSDC", "USDC", USDC_RATE, 850000000000000000, SHARE["permissionless"], "permissionless", 1),
               market("fOUSG", "OUSG", RATE_18, 920000000000000000, SHARE["permissioned"], "permissioned", 1)]
    desc = ("order of checks: the access check comes first (right after accrual) in mint, redeem, borrow, repay "
            "and transfer, before pause, supply/borrow caps, the wallet, zero amounts, liquidity, self-transfer, "
            "the fToken balance and repay_exceeds_debt; each blocked case is paired with an allowed account "
            "that meets the later check. fUSDC permissionless, fOUSG permissioned (group 1). In the permissionless "
            "market a sanctioned account gets kyc_required at borrow/repay. Zero-rate models, one block.")
    sc = Scenario("access-check-order", desc, CONFIG,
                  [{"symbol": "USDC", "decimals": 6}, {"symbol": "OUSG", "decimals": 18}], markets)
    sts = ["kyc", "nokyc", "sanctioned", "kyc_sanctioned"]
    A = {st: st for st in sts}
    ok, nokyc, sanc, ksanc = A["kyc"], A["nokyc"], A["sanctioned"], A["kyc_sanctioned"]
    both = ["fUSDC", "fOUSG"]
    sc.step({"op": "set_price", "market": "fUSDC", "price": str(PRICE_USD_6)}, note="USDC $1", case=False)
    sc.step({"op": "set_price", "market": "fOUSG", "price": str(100 * E)}, note="OUSG $100: 100 * 1e(36-18)",
            case=False)
    for a in sts + ["lp"]:
        sc.step({"op": "kyc_grant", "account": a, "group": 1}, note="setup", case=False)
    lp_usdc, lp_ousg = 1000 * 10**6, 100 * E
    sc.step({"op": "faucet", "account": "lp", "asset": "USDC", "amount": str(lp_usdc)}, accounts={"lp": ["fUSDC"]},
            case=False)
    sc.step({"op": "faucet", "account": "lp", "asset": "OUSG", "amount": str(lp_ousg)}, accounts={"lp": ["fOUSG"]},
            case=False)
    sc.step({"op": "mint", "account": "lp", "market": "fUSDC", "amount": str(lp_usdc)}, expect="ok",
            markets=["fUSDC"], accounts={"lp": ["fUSDC"]}, case=False)
    sc.step({"op": "mint", "account": "lp", "market": "fOUSG", "amount": str(lp_ousg)}, expect="ok",
            markets=["fOUSG"], accounts={"lp": ["fOUSG"]}, case=False)
    for a in sts:
        sc.step({"op": "faucet", "account": a, "asset": "USDC", "amount": str(1000 * 10**6)},
                accounts={a: ["fUSDC"]}, case=False)
        sc.step({"op": "faucet", "account": a, "asset": "OUSG", "amount": str(100 * E)},
                accounts={a: ["fOUSG"]}, case=False)
        sc.step({"op": "mint", "account": a, "market": "fUSDC", "amount": str(100 * 10**6)}, expect="ok",
                markets=["fUSDC"], accounts={a: ["fUSDC"]}, case=False)
        sc.step({"op": "mint", "account": a, "market": "fOUSG", "amount": str(10 * E)}, expect="ok",
                markets=["fOUSG"], accounts={a: ["fOUSG"]}, case=False)
        sc.step({"op": "enter_markets", "account": a, "markets": ["fOUSG"]}, accounts={a: both}, case=False)
        sc.step({"op": "borrow", "account": a, "market": "fUSDC", "amount": str(100 * 10**6)}, expect="ok",
                markets=["fUSDC"], accounts={a: ["fUSDC"]}, case=False)
        sc.step({"op": "borrow", "account": a, "market": "fOUSG", "amount": str(E)}, expect="ok",
                markets=["fOUSG"], accounts={a: ["fOUSG"]}, liquidity=[a], case=False)
    set_statuses(sc, {st: A[st] for st in sts})

    def go(op, expect, note, watch_markets, extra=()):
        accts = {x: both for x in [op["account"]] + [op[k] for k in ("to", "borrower") if k in op] + list(extra)}
        sc.step(op, expect=expect, note=note, markets=watch_markets, accounts=accts)

    U = lambda n: str(n * 10**6)
    O = lambda n: str(n * E)
    # mint: pause
    sc.step({"op": "pause", "market": "fUSDC", "action": "mint"}, case=False)
    sc.step({"op": "pause", "market": "fOUSG", "action": "mint"}, case=False)
    go({"op": "mint", "account": sanc, "market": "fUSDC", "amount": U(1)}, "sanctioned", "mint paused", ["fUSDC"])
    go({"op": "mint", "account": ksanc, "market": "fUSDC", "amount": U(1)}, "sanctioned", "mint paused", ["fUSDC"])
    go({"op": "mint", "account": nokyc, "market": "fUSDC", "amount": U(1)}, "paused",
       "mint paused; no KYC is needed to mint in a permissionless market", ["fUSDC"])
    go({"op": "mint", "account": ok, "market": "fUSDC", "amount": U(1)}, "paused", "mint paused", ["fUSDC"])
    go({"op": "mint", "account": nokyc, "market": "fOUSG", "amount": O(1)}, "kyc_required", "mint paused",
       ["fOUSG"])
    go({"op": "mint", "account": sanc, "market": "fOUSG", "amount": O(1)}, "kyc_required", "mint paused",
       ["fOUSG"])
    go({"op": "mint", "account": ok, "market": "fOUSG", "amount": O(1)}, "paused", "mint paused", ["fOUSG"])
    sc.step({"op": "unpause", "market": "fUSDC", "action": "mint"}, case=False)
    sc.step({"op": "unpause", "market": "fOUSG", "action": "mint"}, case=False)
    # mint: supply cap at exactly what is supplied now
    for mk in both:
        m = sc.model.m[mk]
        supplied = sc.model.rate(mk) * m["supply"] // E
        sc.step({"op": "set_supply_cap", "market": mk, "value": str(supplied)},
                note=f"cap = supplied now = {sc.model.rate(mk)} * {m['supply']} / 1e18 = {supplied}", case=False)
    go({"op": "mint", "account": sanc, "market": "fUSDC", "amount": U(1)}, "sanctioned", "supply cap full",
       ["fUSDC"])
    go({"op": "mint", "account": ok, "market": "fUSDC", "amount": U(1)}, "supply_cap_reached", "supply cap full",
       ["fUSDC"])
    go({"op": "mint", "account": nokyc, "market": "fOUSG", "amount": O(1)}, "kyc_required", "supply cap full",
       ["fOUSG"])
    go({"op": "mint", "account": ok, "market": "fOUSG", "amount": O(1)}, "supply_cap_reached", "supply cap full",
       ["fOUSG"])
    for mk in both:
        sc.step({"op": "set_supply_cap", "market": mk, "value": "0"}, note="no cap", case=False)
    # mint: wallet, zero
    go({"op": "mint", "account": sanc, "market": "fUSDC", "amount": U(5000)}, "sanctioned", "more than the wallet",
       ["fUSDC"])
    go({"op": "mint", "account": ok, "market": "fUSDC", "amount": U(5000)}, "insufficient_balance",
       "more than the wallet", ["fUSDC"])
    go({"op": "mint", "account": nokyc, "market": "fOUSG", "amount": O(1000)}, "kyc_required",
       "more than the wallet", ["fOUSG"])
    go({"op": "mint", "account": ok, "market": "fOUSG", "amount": O(1000)}, "insufficient_balance",
       "more than the wallet", ["fOUSG"])
    go({"op": "mint", "account": sanc, "market": "fUSDC", "amount": "0"}, "sanctioned", "zero amount", ["fUSDC"])
    go({"op": "mint", "account": ok, "market": "fUSDC", "amount": "0"}, "invalid_amount", "zero amount", ["fUSDC"])
    go({"op": "mint", "account": nokyc, "market": "fOUSG", "amount": "0"}, "kyc_required", "zero amount",
       ["fOUSG"])
    # redeem
    held = sc.model.t(ok, "fUSDC")
    assert held == sc.model.t(sanc, "fUSDC")
    go({"op": "redeem", "account": sanc, "market": "fUSDC", "tokens": str(held + 1)}, "sanctioned",
       "one fToken more than held", ["fUSDC"])
    go({"op": "redeem", "account": ok, "market": "fUSDC", "tokens": str(held + 1)}, "insufficient_balance",
       "one fToken more than held", ["fUSDC"])
    go({"op": "redeem", "account": nokyc, "market": "fOUSG", "tokens": str(sc.model.t(nokyc, "fOUSG"))},
       "kyc_required", "redeem all the collateral", ["fOUSG"])
    go({"op": "redeem", "account": ok, "market": "fOUSG", "tokens": str(sc.model.t(ok, "fOUSG"))},
       "insufficient_liquidity", "redeem all the collateral", ["fOUSG"])
    go({"op": "redeem", "account": sanc, "market": "fUSDC", "tokens": "0"}, "sanctioned", "redeem 0", ["fUSDC"])
    go({"op": "redeem", "account": ok, "market": "fUSDC", "tokens": "0"}, "ok",
       "redeem 0 succeeds for an allowed account, changing nothing", ["fUSDC"])
    go({"op": "redeem_underlying", "account": ksanc, "market": "fUSDC", "amount": U(5000)}, "sanctioned",
       "more underlying than held", ["fUSDC"])
    # transfer
    sc.step({"op": "pause", "market": "fUSDC", "action": "transfer"}, note="protocol-wide", case=False)
    go({"op": "transfer", "account": sanc, "to": ok, "market": "fUSDC", "tokens": "1"}, "sanctioned",
       "transfers paused", ["fUSDC"])
    go({"op": "transfer", "account": ok, "to": sanc, "market": "fUSDC", "tokens": "1"}, "sanctioned",
       "transfers paused", ["fUSDC"])
    go({"op": "transfer", "account": ok, "to": ksanc, "market": "fUSDC", "tokens": "1"}, "sanctioned",
       "transfers paused", ["fUSDC"])
    go({"op": "transfer", "account": ok, "to": nokyc, "market": "fUSDC", "tokens": "1"}, "paused",
       "transfers paused", ["fUSDC"])
    go({"op": "transfer", "account": nokyc, "to": ok, "market": "fOUSG", "tokens": "1"}, "kyc_required",
       "transfers paused", ["fOUSG"])
    go({"op": "transfer", "account": ok, "to": nokyc, "market": "fOUSG", "tokens": "1"}, "kyc_required",
       "transfers paused", ["fOUSG"])
    go({"op": "transfer", "account": ok, "to": "lp", "market": "fOUSG", "tokens": "1"}, "paused",
       "transfers paused", ["fOUSG"])
    sc.step({"op": "unpause", "market": "fUSDC", "action": "transfer"}, case=False)
    go({"op": "transfer", "account": sanc, "to": sanc, "market": "fUSDC", "tokens": "1"}, "sanctioned",
       "to itself", ["fUSDC"])
    go({"op": "transfer", "account": ok, "to": ok, "market": "fUSDC", "tokens": "1"}, "self_transfer",
       "to itself", ["fUSDC"])
    go({"op": "transfer", "account": ksanc, "to": ksanc, "market": "fOUSG", "tokens": "1"}, "kyc_required",
       "to itself", ["fOUSG"])
    go({"op": "transfer", "account": sanc, "to": "lp", "market": "fUSDC", "tokens": str(held + 1)}, "sanctioned",
       "one fToken more than held", ["fUSDC"])
    go({"op": "transfer", "account": ok, "to": "lp", "market": "fUSDC", "tokens": str(held + 1)},
       "insufficient_balance", "one fToken more than held", ["fUSDC"])
    # borrow
    sc.step({"op": "pause", "market": "fUSDC", "action": "borrow"}, case=False)
    sc.step({"op": "pause", "market": "fOUSG", "action": "borrow"}, case=False)
    go({"op": "borrow", "account": nokyc, "market": "fUSDC", "amount": U(1)}, "kyc_required", "borrow paused",
       ["fUSDC"])
    go({"op": "borrow", "account": sanc, "market": "fUSDC", "amount": U(1)}, "kyc_required",
       "borrow paused; a sanctioned account at a KYC point of a permissionless market", ["fUSDC"])
    go({"op": "borrow", "account": ksanc, "market": "fUSDC", "amount": U(1)}, "kyc_required",
       "borrow paused; KYC'd but sanctioned at a KYC point", ["fUSDC"])
    go({"op": "borrow", "account": ok, "market": "fUSDC", "amount": U(1)}, "paused", "borrow paused", ["fUSDC"])
    go({"op": "borrow", "account": nokyc, "market": "fOUSG", "amount": O(1)}, "kyc_required", "borrow paused",
       ["fOUSG"])
    go({"op": "borrow", "account": ok, "market": "fOUSG", "amount": O(1)}, "paused", "borrow paused", ["fOUSG"])
    sc.step({"op": "unpause", "market": "fUSDC", "action": "borrow"}, case=False)
    sc.step({"op": "unpause", "market": "fOUSG", "action": "borrow"}, case=False)
    tb = sc.model.m["fUSDC"]["borrows"]
    sc.step({"op": "set_borrow_cap", "market": "fUSDC", "value": str(tb + 10**6)},
            note=f"cap = totalBorrows {tb} + 1000000: a borrow of 1000000 needs {tb + 10**6} < cap", case=False)
    go({"op": "borrow", "account": nokyc, "market": "fUSDC", "amount": U(1)}, "kyc_required", "borrow cap",
       ["fUSDC"])
    go({"op": "borrow", "account": ok, "market": "fUSDC", "amount": U(1)}, "borrow_cap_reached", "borrow cap",
       ["fUSDC"])
    sc.step({"op": "set_borrow_cap", "market": "fUSDC", "value": "0"}, case=False)
    go({"op": "borrow", "account": ksanc, "market": "fUSDC", "amount": U(2000)}, "kyc_required",
       "more than the collateral allows", ["fUSDC"])
    go({"op": "borrow", "account": ok, "market": "fUSDC", "amount": U(2000)}, "insufficient_liquidity",
       "more than the collateral allows", ["fUSDC"])
    # repay
    go({"op": "repay", "account": nokyc, "market": "fUSDC", "amount": U(5000)}, "kyc_required",
       "more than the wallet", ["fUSDC"])
    go({"op": "repay", "account": ok, "market": "fUSDC", "amount": U(5000)}, "insufficient_balance",
       "more than the wallet", ["fUSDC"])
    go({"op": "repay", "account": sanc, "market": "fUSDC", "amount": U(200)}, "kyc_required",
       "more than the debt; a sanctioned account at a KYC point of a permissionless market", ["fUSDC"])
    go({"op": "repay", "account": ok, "market": "fUSDC", "amount": U(200)}, "repay_exceeds_debt",
       "more than the debt", ["fUSDC"])
    go({"op": "repay", "account": ok, "borrower": sanc, "market": "fUSDC", "amount": U(200)}, "kyc_required",
       "on behalf of a sanctioned borrower, more than its debt", ["fUSDC"])
    go({"op": "repay", "account": ksanc, "market": "fOUSG", "amount": O(2)}, "kyc_required",
       "more than the debt", ["fOUSG"])
    go({"op": "repay", "account": ok, "market": "fOUSG", "amount": O(2)}, "repay_exceeds_debt",
       "more than the debt", ["fOUSG"])
    # and with nothing in the way, the allowed account succeeds
    go({"op": "mint", "account": ok, "market": "fUSDC", "amount": U(1)}, "ok", "nothing in the way", ["fUSDC"])
    go({"op": "repay", "account": ok, "market": "fOUSG", "amount": O(1)}, "ok", "nothing in the way", ["fOUSG"])
    return sc


# --------------------------------------------------------------------------------------------
# File 6: the registry: groups, revoke, sanction/unsanction, all effective in the same block.
def registry_file():
    markets = [market("fUSDC", "USDC", USDC_RATE, 850000000000000000, SHARE["permissionless"], "permissionless", 1),
               market("fOUSG", "OUSG", RATE_18, 920000000000000000, SHARE["permissioned"], "permissioned", 1),
               market("fTBILL", "TBILL", RATE_18, 900000000000000000, SHARE["permissioned"], "permissioned", 2)]
    desc = ("the KYC registry and the sanctions list: KYC in another group than the market's does not count "
            "(fOUSG group 1, fTBILL group 2); kyc_revoke, kyc_grant, sanction and unsanction take effect in the "
            "same block; a KYC grant survives a sanction (status = granted && !sanctioned); revoking one group "
            "leaves the other; blocked accounts keep their positions and may still enter_markets / exit_market "
            "/ accrue. Zero-rate models, one block.")
    sc = Scenario("access-registry", desc, CONFIG,
                  [{"symbol": "USDC", "decimals": 6}, {"symbol": "OUSG", "decimals": 18},
                   {"symbol": "TBILL", "decimals": 18}], markets)
    allm = ["fUSDC", "fOUSG", "fTBILL"]
    sc.step({"op": "set_price", "market": "fUSDC", "price": str(PRICE_USD_6)}, note="USDC $1", case=False)
    sc.step({"op": "set_price", "market": "fOUSG", "price": str(100 * E)}, note="OUSG $100", case=False)
    sc.step({"op": "set_price", "market": "fTBILL", "price": str(50 * E)}, note="TBILL $50", case=False)
    for a in ["ana", "gus"]:
        sc.step({"op": "faucet", "account": a, "asset": "USDC", "amount": str(1000 * 10**6)},
                accounts={a: ["fUSDC"]}, case=False)
        sc.step({"op": "faucet", "account": a, "asset": "OUSG", "amount": str(100 * E)},
                accounts={a: ["fOUSG"]}, case=False)
        sc.step({"op": "faucet", "account": a, "asset": "TBILL", "amount": str(100 * E)},
                accounts={a: ["fTBILL"]}, case=False)
    sc.step({"op": "kyc_grant", "account": "ana", "group": 1}, note="ana: group 1", case=False)
    sc.step({"op": "kyc_grant", "account": "gus", "group": 2}, note="gus: group 2 only", case=False)

    def go(op, expect, note, mk, who=None):
        who = who or [op["account"]] + [op[k] for k in ("to", "borrower") if k in op]
        sc.step(op, expect=expect, note=note, markets=[mk], accounts={a: [mk] for a in who})

    U = lambda n: str(n * 10**6)
    O = lambda n: str(n * E)
    # groups
    go({"op": "mint", "account": "ana", "market": "fOUSG", "amount": O(10)}, "ok", "group 1 on a group 1 market",
       "fOUSG")
    go({"op": "mint", "account": "gus", "market": "fOUSG", "amount": O(10)}, "kyc_required",
       "group 2 KYC on a group 1 market does not count", "fOUSG")
    go({"op": "mint", "account": "gus", "market": "fTBILL", "amount": O(10)}, "ok", "group 2 on a group 2 market",
       "fTBILL")
    go({"op": "mint", "account": "ana", "market": "fTBILL", "amount": O(10)}, "kyc_required",
       "group 1 KYC on a group 2 market does not count", "fTBILL")
    go({"op": "transfer", "account": "gus", "to": "ana", "market": "fTBILL", "tokens": "100"}, "kyc_required",
       "destination has KYC only in the wrong group", "fTBILL")
    go({"op": "mint", "account": "gus", "market": "fUSDC", "amount": U(100)}, "ok",
       "a permissionless market needs no KYC to mint", "fUSDC")
    go({"op": "mint", "account": "ana", "market": "fUSDC", "amount": U(100)}, "ok", "", "fUSDC")
    sc.step({"op": "enter_markets", "account": "ana", "markets": ["fOUSG"]}, accounts={"ana": allm}, case=False)
    go({"op": "borrow", "account": "gus", "market": "fUSDC", "amount": U(10)}, "kyc_required",
       "group 2 KYC does not count for a group 1 permissionless market's borrow", "fUSDC")
    go({"op": "borrow", "account": "ana", "market": "fUSDC", "amount": U(50)}, "ok", "", "fUSDC")
    # revoke is immediate; grant again is immediate
    sc.step({"op": "kyc_revoke", "account": "ana", "group": 1}, accounts={"ana": allm}, case=False)
    go({"op": "mint", "account": "ana", "market": "fOUSG", "amount": O(1)}, "kyc_required", "same block as the revoke",
       "fOUSG")
    go({"op": "redeem", "account": "ana", "market": "fOUSG", "tokens": "100000000"}, "kyc_required",
       "same block as the revoke", "fOUSG")
    go({"op": "repay", "account": "ana", "market": "fUSDC", "amount": U(10)}, "kyc_required",
       "same block as the revoke", "fUSDC")
    go({"op": "redeem", "account": "ana", "market": "fUSDC", "tokens": "500000000"}, "ok",
       "not sanctioned: a permissionless redeem needs no KYC", "fUSDC")
    sc.step({"op": "kyc_grant", "account": "ana", "group": 1}, case=False)
    go({"op": "mint", "account": "ana", "market": "fOUSG", "amount": O(1)}, "ok", "same block as the new grant",
       "fOUSG")
    go({"op": "repay", "account": "ana", "market": "fUSDC", "amount": U(10)}, "ok", "same block as the new grant",
       "fUSDC")
    # another group's grant and revoke leave group 1 alone
    sc.step({"op": "kyc_grant", "account": "ana", "group": 2}, case=False)
    go({"op": "mint", "account": "ana", "market": "fTBILL", "amount": O(10)}, "ok", "ana now also in group 2",
       "fTBILL")
    sc.step({"op": "kyc_revoke", "account": "ana", "group": 2}, case=False)
    go({"op": "redeem", "account": "ana", "market": "fTBILL", "tokens": "100000000"}, "kyc_required",
       "group 2 revoked", "fTBILL")
    go({"op": "mint", "account": "ana", "market": "fOUSG", "amount": O(1)}, "ok", "group 1 untouched", "fOUSG")
    # sanction a KYC'd account; unsanction restores it (grant kept)
    sc.step({"op": "sanction", "account": "ana"}, accounts={"ana": allm}, case=False)
    go({"op": "mint", "account": "ana", "market": "fOUSG", "amount": O(1)}, "kyc_required",
       "KYC'd but sanctioned at a KYC point", "fOUSG")
    go({"op": "mint", "account": "ana", "market": "fUSDC", "amount": U(1)}, "sanctioned",
       "KYC'd but sanctioned at a sanctions point", "fUSDC")
    go({"op": "repay", "account": "ana", "market": "fUSDC", "amount": U(1)}, "kyc_required",
       "KYC'd but sanctioned at a permissionless KYC point", "fUSDC")
    go({"op": "transfer", "account": "ana", "to": "gus", "market": "fUSDC", "tokens": "100000000"}, "sanctioned",
       "sanctioned source", "fUSDC")
    # not access-checked while blocked
    sc.step({"op": "exit_market", "account": "ana", "market": "fTBILL"}, expect="ok",
            note="exit a market not entered: nothing changes", accounts={"ana": allm}, liquidity=["ana"])
    sc.step({"op": "enter_markets", "account": "ana", "markets": ["fTBILL", "fUSDC"]}, expect="ok",
            note="sanctioned, still enters", accounts={"ana": allm}, liquidity=["ana"])
    sc.step({"op": "exit_market", "account": "ana", "market": "fTBILL"}, expect="ok",
            note="sanctioned, still exits a market without debt", accounts={"ana": allm}, liquidity=["ana"])
    sc.step({"op": "exit_market", "account": "ana", "market": "fUSDC"}, expect="nonzero_borrow_balance",
            note="sanctioned, exit fails only for its debt, not for access", accounts={"ana": allm},
            liquidity=["ana"])
    for mk in allm:
        sc.step({"op": "accrue", "market": mk}, expect="ok", markets=[mk])
    sc.step({"op": "unsanction", "account": "ana"}, accounts={"ana": allm}, case=False)
    go({"op": "mint", "account": "ana", "market": "fOUSG", "amount": O(1)}, "ok",
       "same block as the unsanction; the group 1 grant was kept", "fOUSG")
    go({"op": "mint", "account": "ana", "market": "fUSDC", "amount": U(1)}, "ok", "same block as the unsanction",
       "fUSDC")
    go({"op": "repay", "account": "ana", "market": "fUSDC", "amount": U(1)}, "ok", "same block as the unsanction",
       "fUSDC")
    # sanction / unsanction an account without group 1 KYC
    sc.step({"op": "sanction", "account": "gus"}, case=False)
    go({"op": "redeem", "account": "gus", "market": "fUSDC", "tokens": "100000000"}, "sanctioned", "",
       "fUSDC")
    go({"op": "redeem", "account": "gus", "market": "fTBILL", "tokens": "100000000"}, "kyc_required",
       "group 2 KYC'd but sanctioned", "fTBILL")
    sc.step({"op": "unsanction", "account": "gus"}, case=False)
    go({"op": "redeem", "account": "gus", "market": "fUSDC", "tokens": "100000000"}, "ok",
       "same block as the unsanction", "fUSDC")
    go({"op": "redeem", "account": "gus", "market": "fTBILL", "tokens": "100000000"}, "ok",
       "same block as the unsanction", "fTBILL")
    go({"op": "redeem", "account": "gus", "market": "fOUSG", "tokens": "0"}, "kyc_required",
       "still no group 1 KYC, even for a redeem of 0", "fOUSG")
    return sc


def main():
    written = []
    for i, mode in enumerate(["open", "permissionless", "permissioned"], start=1):
        sc = mode_file(mode)
        written.append((sc.write(f"{i:02d}-access-{mode}.json"), sc.cases))
    for i, build in [(4, liquidation_file), (5, check_order_file), (6, registry_file)]:
        sc = build()
        written.append((sc.write(f"{i:02d}-{sc.doc['name']}.json"), sc.cases))
    for (path, steps), cases in written:
        print(f"{os.path.relpath(path)}: {steps} steps, {cases} matrix cases")


if __name__ == "__main__":
    sys.exit(main())

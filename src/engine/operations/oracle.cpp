// Prices: set by the oracle role, optionally capped by the admin.
#include "engine/operations/context.hpp"
#include "engine/operations/flux_protocol/operations.hpp"

namespace flux {

void run(Context& ctx, const SetPrice& r) {
  if (ctx.state.protocol == Protocol::flux_protocol) return flux_protocol::set_price(ctx, r.market, r.price);
  ctx.market(r.market);
  ctx.write_config(r.market).price = r.price;
  ctx.emit(ParameterChanged{.market = r.market, .value = r.price});
}

// A cap limits what the oracle can report (the price used is min(price, cap)).
void run(Context& ctx, const SetPriceCap& r) {
  ctx.market(r.market);
  ctx.write_config(r.market).price_cap = r.cap;
  ctx.emit(ParameterChanged{.market = r.market, .value = r.cap});
}

}  // namespace flux

// Prices: set by the oracle role, optionally capped by the admin.
#include "engine/operations/context.hpp"

namespace flux {

void run(Context& ctx, const SetPrice& r) {
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

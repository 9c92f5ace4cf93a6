#include "engine/rate_model.hpp"

#include "engine/numbers/mantissa.hpp"

namespace flux {

const U256& max_borrow_rate_per_block() {
  static const U256 max{5'000'000'000'000ULL};  // 0.0005e16
  return max;
}

RateModel make_rate_model(const RateModelParams& params, const U256& blocks_per_year) {
  require(!blocks_per_year.is_zero(), Error::invalid_parameter);
  RateModel model;
  model.params = params;
  model.base_per_block = div(params.base_per_year, blocks_per_year);
  if (params.kind == RateModelKind::linear) {
    model.multiplier_per_block = div(params.multiplier_per_year, blocks_per_year);
    return model;
  }
  require(!params.kink.is_zero(), Error::invalid_parameter);
  // JumpRateModelV2: the multiplier is scaled so that the rate at the kink is
  // base + multiplierPerYear per year: multYr * 1e18 / (bpy * kink).
  model.multiplier_per_block = div(mul(params.multiplier_per_year, mantissa_one()), mul(blocks_per_year, params.kink));
  model.jump_multiplier_per_block = div(params.jump_multiplier_per_year, blocks_per_year);
  model.kink = params.kink;
  return model;
}

U256 utilization_rate(const U256& cash, const U256& borrows, const U256& reserves) {
  if (borrows.is_zero()) return 0;
  return mul_div(borrows, mantissa_one(), sub(add(cash, borrows), reserves));
}

U256 borrow_rate_per_block(const RateModel& model, const U256& cash, const U256& borrows, const U256& reserves) {
  const U256 util = utilization_rate(cash, borrows, reserves);
  if (model.params.kind == RateModelKind::linear || util <= model.kink)
    return add(mul_exp(util, model.multiplier_per_block), model.base_per_block);
  const U256 normal_rate = add(mul_exp(model.kink, model.multiplier_per_block), model.base_per_block);
  return add(mul_exp(sub(util, model.kink), model.jump_multiplier_per_block), normal_rate);
}

U256 borrow_rate_at_full_utilization(const RateModel& model) { return borrow_rate_per_block(model, 0, 1, 0); }

U256 supply_rate_per_block(const RateModel& model, const U256& cash, const U256& borrows, const U256& reserves,
                           const U256& reserve_factor) {
  const U256 one_minus_reserve_factor = sub(mantissa_one(), reserve_factor);
  const U256 borrow_rate = borrow_rate_per_block(model, cash, borrows, reserves);
  const U256 rate_to_pool = mul_exp(borrow_rate, one_minus_reserve_factor);
  return mul_exp(utilization_rate(cash, borrows, reserves), rate_to_pool);
}

}  // namespace flux

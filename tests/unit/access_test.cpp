// Flux Finance's access rules (docs/protocol.md#access-kyc-and-sanctions): every access point under
// every access mode, for five kinds of account.
#include "engine/access.hpp"
#include "engine/failure.hpp"

#include <gtest/gtest.h>

#include <array>

namespace flux {
namespace {

enum class Who { kyc, none, sanctioned, kyc_sanctioned, other_group };
constexpr std::array<Who, 5> all_accounts{Who::kyc, Who::none, Who::sanctioned, Who::kyc_sanctioned, Who::other_group};
constexpr std::array<AccessPoint, 6> all_points{AccessPoint::mint,  AccessPoint::redeem, AccessPoint::transfer,
                                                AccessPoint::seize, AccessPoint::borrow, AccessPoint::repay};

const char* name(Who w) {
  switch (w) {
    case Who::kyc: return "kyc";
    case Who::none: return "none";
    case Who::sanctioned: return "sanctioned";
    case Who::kyc_sanctioned: return "kyc_sanctioned";
    case Who::other_group: return "other_group";
  }
  return "?";
}

struct AccessWorld {
  State s;
  std::array<AccountId, 5> ids{};
  AccessWorld() {
    for (Who w : all_accounts) {
      const AccountId id = s.account_id(name(w));
      ids[static_cast<std::size_t>(w)] = id;
      Account& a = s.accounts[id];
      if (w == Who::kyc || w == Who::kyc_sanctioned) a.kyc_groups = {7};
      if (w == Who::other_group) a.kyc_groups = {3, 8};
      a.sanctioned = w == Who::sanctioned || w == Who::kyc_sanctioned;
    }
  }
  Error check(Access mode, AccessPoint point, Who who) const {
    MarketConfig market;
    market.access = mode;
    market.kyc_group = 7;
    try {
      check_access(s, market, point, ids[static_cast<std::size_t>(who)]);
      return Error::ok;
    } catch (const Failure& f) {
      return f.error;
    }
  }
};

bool kyc_point(AccessPoint p) { return p == AccessPoint::borrow || p == AccessPoint::repay; }

TEST(Access, OpenMarketsCheckNothing) {
  const AccessWorld w;
  for (AccessPoint p : all_points)
    for (Who who : all_accounts) EXPECT_EQ(w.check(Access::open, p, who), Error::ok) << name(who);
}

TEST(Access, PermissionlessChecksSanctionsExceptKycOnBorrowAndRepay) {
  const AccessWorld w;
  for (AccessPoint p : all_points) {
    SCOPED_TRACE(static_cast<int>(p));
    if (kyc_point(p)) {
      // KYC of the market's group; a sanctioned account fails it with kyc_required.
      EXPECT_EQ(w.check(Access::permissionless, p, Who::kyc), Error::ok);
      EXPECT_EQ(w.check(Access::permissionless, p, Who::none), Error::kyc_required);
      EXPECT_EQ(w.check(Access::permissionless, p, Who::sanctioned), Error::kyc_required);
      EXPECT_EQ(w.check(Access::permissionless, p, Who::kyc_sanctioned), Error::kyc_required);
      EXPECT_EQ(w.check(Access::permissionless, p, Who::other_group), Error::kyc_required);
    } else {
      EXPECT_EQ(w.check(Access::permissionless, p, Who::kyc), Error::ok);
      EXPECT_EQ(w.check(Access::permissionless, p, Who::none), Error::ok);
      EXPECT_EQ(w.check(Access::permissionless, p, Who::sanctioned), Error::sanctioned);
      EXPECT_EQ(w.check(Access::permissionless, p, Who::kyc_sanctioned), Error::sanctioned);
      EXPECT_EQ(w.check(Access::permissionless, p, Who::other_group), Error::ok);
    }
  }
}

TEST(Access, PermissionedChecksKycEverywhere) {
  const AccessWorld w;
  for (AccessPoint p : all_points) {
    SCOPED_TRACE(static_cast<int>(p));
    EXPECT_EQ(w.check(Access::permissioned, p, Who::kyc), Error::ok);
    EXPECT_EQ(w.check(Access::permissioned, p, Who::none), Error::kyc_required);
    EXPECT_EQ(w.check(Access::permissioned, p, Who::sanctioned), Error::kyc_required);
    EXPECT_EQ(w.check(Access::permissioned, p, Who::kyc_sanctioned), Error::kyc_required);
    EXPECT_EQ(w.check(Access::permissioned, p, Who::other_group), Error::kyc_required);
  }
}

TEST(Access, KycStatusIsGrantedAndNotSanctioned) {
  const AccessWorld w;
  const auto account = [&](Who who) -> const Account& { return w.s.accounts[w.ids[static_cast<std::size_t>(who)]]; };
  EXPECT_TRUE(kyc_status(account(Who::kyc), 7));
  EXPECT_FALSE(kyc_status(account(Who::kyc), 8));
  EXPECT_FALSE(kyc_status(account(Who::kyc_sanctioned), 7));
  EXPECT_TRUE(kyc_status(account(Who::other_group), 8));
  EXPECT_TRUE(kyc_status(account(Who::other_group), 3));
  EXPECT_FALSE(kyc_status(account(Who::other_group), 7));
  EXPECT_FALSE(kyc_status(account(Who::none), 7));
}

TEST(Access, MayHold) {
  const AccessWorld w;
  const auto may = [&](Access mode, Who who) {
    MarketConfig market;
    market.access = mode;
    market.kyc_group = 7;
    return may_hold(w.s.accounts[w.ids[static_cast<std::size_t>(who)]], market);
  };
  for (Who who : all_accounts) EXPECT_TRUE(may(Access::open, who));
  EXPECT_TRUE(may(Access::permissionless, Who::none));
  EXPECT_TRUE(may(Access::permissionless, Who::other_group));
  EXPECT_FALSE(may(Access::permissionless, Who::sanctioned));
  EXPECT_FALSE(may(Access::permissionless, Who::kyc_sanctioned));
  EXPECT_TRUE(may(Access::permissioned, Who::kyc));
  EXPECT_FALSE(may(Access::permissioned, Who::none));
  EXPECT_FALSE(may(Access::permissioned, Who::kyc_sanctioned));
  EXPECT_FALSE(may(Access::permissioned, Who::other_group));
}

}  // namespace
}  // namespace flux

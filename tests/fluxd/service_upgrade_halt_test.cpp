// The durable node at a protocol upgrade it does not implement: it commits up to the
// block before the activation, then produce() refuses with the halt message and
// upgrade_halt() says it; after a restart it says the same at once; verify replays
// every stored block and reports the halt.
#include "service_fixture.hpp"

#include <unistd.h>

namespace flux::fluxd::test {
namespace {

constexpr char kHaltAt4[] =
    "protocol rule version 3 activates at block 4; this fluxd implements up to version 2: upgrade fluxd";

TEST(ServiceUpgradeHalt, StopsBeforeTheBlockAndAgainAfterARestart) {
  ServiceDir dir;
  std::string error;
  {
    auto node = NodeService::open(dir.path, kServiceChain, service_genesis(), {}, error);
    ASSERT_TRUE(node) << error;
    ASSERT_TRUE(node->submit(service_tx("ScheduleUpgrade", 1, 0,
                                        {{"version", "uint32", U256(3)}, {"activationBlock", "uint64", U256(4)}}))
                    .ok());
    for (std::uint64_t t = 1; t <= 3; ++t) ASSERT_TRUE(node->produce(t * 1000, error)) << error;
    EXPECT_EQ(node->upgrade_halt(), std::optional<std::string>(kHaltAt4));
    EXPECT_FALSE(node->produce(4000, error));
    EXPECT_EQ(error, kHaltAt4);
    EXPECT_EQ(node->height(), 3u);
  }
  auto node = NodeService::open(dir.path, kServiceChain, service_genesis(), {}, error);
  ASSERT_TRUE(node) << error;
  EXPECT_EQ(node->height(), 3u);
  EXPECT_EQ(node->upgrade_halt(), std::optional<std::string>(kHaltAt4));
  node.reset();
  std::uint64_t checked = 0;
  std::optional<std::string> halt;
  EXPECT_EQ(NodeService::verify(dir.path, kServiceChain, service_genesis(), checked, &halt), std::nullopt);
  EXPECT_EQ(checked, 3u);
  EXPECT_EQ(halt, std::optional<std::string>(kHaltAt4));
}

}  // namespace
}  // namespace flux::fluxd::test

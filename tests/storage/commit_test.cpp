// check_commit: the rules a BlockCommit must satisfy before anything is written.
#include <gtest/gtest.h>

#include "storage/commit.hpp"
#include "test_support.hpp"

namespace flux::storage {
namespace {

using testing::bare_commit;
using testing::expect_error;
using testing::hash_for;

TEST(CheckCommit, FirstBlockMustBeZero) {
  EXPECT_TRUE(check_commit(bare_commit(0), std::nullopt).ok());
  const std::string msg = expect_error(check_commit(bare_commit(1), std::nullopt), StorageError::out_of_order);
  EXPECT_NE(msg.find("block 1 committed first: the first block must be 0"), std::string::npos) << msg;
}

TEST(CheckCommit, NextBlockMustFollowTheLast) {
  const LastCommitted last{7, hash_for(7)};
  EXPECT_TRUE(check_commit(bare_commit(8), last).ok());
  for (std::uint64_t n : {0ull, 6ull, 7ull, 9ull, 100ull}) {
    const std::string msg = expect_error(check_commit(bare_commit(n), last), StorageError::out_of_order);
    EXPECT_NE(msg.find("expected 8"), std::string::npos) << msg;
  }
  expect_error(check_commit(bare_commit(0), LastCommitted{UINT64_MAX, hash_for(0)}), StorageError::out_of_order);
}

TEST(CheckCommit, OrderIsCheckedBeforeShape) {
  BlockCommit c = bare_commit(5);
  c.state_hash = "short";
  expect_error(check_commit(c, std::nullopt), StorageError::out_of_order);
}

TEST(CheckCommit, StateHashMustBe32Bytes) {
  BlockCommit c = bare_commit(0);
  c.state_hash.pop_back();
  expect_error(check_commit(c, std::nullopt), StorageError::invalid_argument);
  c.state_hash = std::string(33, 'x');
  expect_error(check_commit(c, std::nullopt), StorageError::invalid_argument);
}

TEST(CheckCommit, AKeyMaySayOnlyOneThing) {
  BlockCommit c = bare_commit(0);
  c.state_puts = {{"a", "1"}, {"b", "2"}};
  c.state_deletes = {"c"};
  c.index_puts = {{"a", "0"}};  // same bytes in another column family: fine
  EXPECT_TRUE(check_commit(c, std::nullopt).ok());

  BlockCommit put_twice = c;
  put_twice.state_puts.push_back({"a", "3"});
  expect_error(check_commit(put_twice, std::nullopt), StorageError::invalid_argument);

  BlockCommit put_and_delete = c;
  put_and_delete.state_deletes.push_back("b");
  const std::string msg = expect_error(check_commit(put_and_delete, std::nullopt), StorageError::invalid_argument);
  EXPECT_NE(msg.find("state record 0x62 is written twice"), std::string::npos) << msg;

  BlockCommit index_twice = c;
  index_twice.index_puts.push_back({"a", "1"});
  expect_error(check_commit(index_twice, std::nullopt), StorageError::invalid_argument);
}

TEST(CheckCommit, Limits) {
  BlockCommit big_key = bare_commit(0);
  big_key.state_puts = {{std::string(kMaxKeyBytes + 1, 'k'), "v"}};
  expect_error(check_commit(big_key, std::nullopt), StorageError::invalid_argument);

  BlockCommit big_value = bare_commit(0);
  big_value.index_puts = {{"k", std::string(kMaxValueBytes + 1, 'v')}};
  expect_error(check_commit(big_value, std::nullopt), StorageError::invalid_argument);

  BlockCommit at_limits = bare_commit(0);
  at_limits.state_puts = {{std::string(kMaxKeyBytes, 'k'), std::string(kMaxValueBytes, 'v')}};
  EXPECT_TRUE(check_commit(at_limits, std::nullopt).ok());
}

}  // namespace
}  // namespace flux::storage

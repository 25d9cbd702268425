#include "core/ids.h"

#include <gtest/gtest.h>

#include <set>

namespace mesoclinic {
namespace {

TEST(Ids, AreCanonicalVersion7Uuids) {
  const std::string id = new_id();
  EXPECT_TRUE(is_valid_id(id)) << id;
  EXPECT_EQ(id[14], '7');
  EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
}

TEST(Ids, AreUniqueAndSortByCreationTime) {
  std::set<std::string> seen;
  std::string previous;
  for (int i = 0; i < 1000; ++i) {
    std::string id = new_id();
    EXPECT_TRUE(seen.insert(id).second);
    // The first 48 bits are milliseconds, so an id made later never sorts before an earlier
    // one by its time prefix.
    if (!previous.empty()) {
      EXPECT_LE(previous.substr(0, 13), id.substr(0, 13));
    }
    previous = id;
  }
}

TEST(Ids, RejectsNonCanonicalText) {
  EXPECT_FALSE(is_valid_id(""));
  EXPECT_FALSE(is_valid_id("0190F5C2-7A1B-7C3D-8E4F-0123456789AB"));  // upper case
  EXPECT_FALSE(is_valid_id("0190f5c2-7a1b-7c3d-8e4f-0123456789a"));
  EXPECT_FALSE(is_valid_id("0190f5c2_7a1b-7c3d-8e4f-0123456789ab"));
  EXPECT_FALSE(is_valid_id("../../../etc/passwd................."));
}

TEST(RandomHex, HasRequestedLength) {
  EXPECT_EQ(random_hex(16).size(), 32u);
  EXPECT_NE(random_hex(16), random_hex(16));
}

TEST(Sha256Hex, MatchesTheStandardTestVector) {
  // FIPS 180-2 example "abc".
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace mesoclinic

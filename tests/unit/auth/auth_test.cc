#include "auth/auth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

namespace mesoclinic::auth {
namespace {

TEST(Passwords, AreHashedWithArgon2idAtOwaspStrength) {
  const auto hash = hash_password("correct horse battery staple");
  ASSERT_TRUE(hash);
  // $argon2id$v=19$m=KIB,t=PASSES,p=LANES$salt$hash
  std::smatch parts;
  ASSERT_TRUE(std::regex_match(*hash, parts,
                               std::regex(R"(\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$.+)")))
      << *hash;
  EXPECT_GE(std::stoi(parts[1]), 19 * 1024);
  EXPECT_GE(std::stoi(parts[2]), 2);
  EXPECT_TRUE(verify_password("correct horse battery staple", *hash));
  EXPECT_FALSE(verify_password("correct horse battery stapl", *hash));
  EXPECT_FALSE(needs_rehash(*hash));
  EXPECT_NE(*hash, hash_password("correct horse battery staple").value()) << "salted";
}

// The bundled list (Debian's john-data) is what makes these "common"; each case is a way
// people dress a common password up to pass a length rule.
TEST(Passwords, GuessablePasswordsAreRefusedWhateverTheirLength) {
  for (const std::string guessable :
       {"password1234", "Password2024!", "p@ssw0rd12345", "!!iloveyou!!2025", "qwertyuiop123",
        "passwordpassword", "monkeymonkeymonkey", "aaaaaaaaaaaaaaaa", "121212121212",
        "abcdefghijklmnop", "987654321098", "abcabcabcabcabc", "Mesoclinic2026!",
        "dr.ayse.kaya1234"}) {
    SCOPED_TRACE(guessable);
    const auto checked = check_password_policy(guessable, "dr.ayse.kaya");
    ASSERT_FALSE(checked);
    ASSERT_EQ(checked.error().fields.size(), 1u);
    EXPECT_EQ(checked.error().fields[0].field, "/password");
    EXPECT_THAT(checked.error().fields[0].message, ::testing::HasSubstr("too easy to guess"));
  }
  // Unrelated words, a long passphrase with digits, non-Latin text: all fine.
  for (const std::string fine :
       {"correct horse battery staple", "lamp orbit 7 velvet", "Kestrel-Granite-Umbrella",
        "123 Elm Street, flat 4b", "şifremçokgüzel", "ünlü kırmızı bisiklet"}) {
    SCOPED_TRACE(fine);
    EXPECT_TRUE(check_password_policy(fine, "dr.ayse.kaya"));
  }
}

TEST(Passwords, PolicyIsLengthNotComposition) {
  EXPECT_TRUE(check_password_policy("all lower case words", "ayse"));
  EXPECT_TRUE(check_password_policy("şifremçokgüzel", "ayse"));  // 14 code points
  EXPECT_FALSE(check_password_policy("Sh0rt!pass", "ayse"));
  EXPECT_FALSE(check_password_policy(std::string(129, 'a'), "ayse"));
  std::string longest;
  for (int i = 0; longest.size() < 128; ++i) longest += "word" + std::to_string(i) + " ";
  longest.resize(128);
  EXPECT_TRUE(check_password_policy(longest, "ayse"));
  EXPECT_FALSE(check_password_policy("dr.ayse.kaya1", "dr.ayse.kaya1"));
}

TEST(Usernames, AreCaseInsensitiveAndPlain) {
  EXPECT_EQ(normalize_username("Dr.Kaya"), "dr.kaya");
  EXPECT_TRUE(check_username("dr.kaya"));
  EXPECT_FALSE(check_username("dr kaya"));
  EXPECT_FALSE(check_username("ab"));
}

TEST(Tokens, AreLongRandomAndStoredOnlyAsHashes) {
  const std::string a = new_token(), b = new_token();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);  // 256 bits in base64url
  EXPECT_EQ(token_hash(a).size(), 64u);
  EXPECT_NE(token_hash(a), a);
  EXPECT_TRUE(secrets_equal(a, a));
  EXPECT_FALSE(secrets_equal(a, b));
}

TEST(Throttling, GrowsAfterTheFreeAttemptsUpToFifteenMinutes) {
  using std::chrono::seconds;
  EXPECT_EQ(lockout_after(4, kFreeAttemptsPerAccount), seconds(0));
  EXPECT_EQ(lockout_after(5, kFreeAttemptsPerAccount), seconds(1));
  EXPECT_EQ(lockout_after(6, kFreeAttemptsPerAccount), seconds(2));
  EXPECT_EQ(lockout_after(9, kFreeAttemptsPerAccount), seconds(16));
  EXPECT_EQ(lockout_after(500, kFreeAttemptsPerAccount), seconds(900));
  EXPECT_EQ(lockout_after(19, kFreeAttemptsPerAddress), seconds(0));
}

TEST(Roles, RoundTrip) {
  for (Role role : {Role::kAdmin, Role::kPractitioner, Role::kReception, Role::kAuditor}) {
    EXPECT_EQ(parse_role(to_string(role)), role);
  }
  EXPECT_FALSE(parse_role("root"));
}

}  // namespace
}  // namespace mesoclinic::auth

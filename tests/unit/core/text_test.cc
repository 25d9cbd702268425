#include "core/text.h"

#include <gtest/gtest.h>

namespace mesoclinic {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8("Ayşe Yılmaz"));
  EXPECT_TRUE(is_valid_utf8("Zoë 张伟 🙂"));
  EXPECT_TRUE(is_valid_utf8(""));
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("abc\xc3"));           // truncated
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong "/"
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
}

TEST(Utf8, FindsControlCharacters) {
  EXPECT_TRUE(has_control_characters("Ann\nSmith"));
  EXPECT_TRUE(has_control_characters("Ann\x7f"));
  EXPECT_TRUE(has_control_characters("Ann\u2028"));
  EXPECT_FALSE(has_control_characters("Anne-Marie O'Neil"));
}

TEST(SearchKey, FoldsCaseAndAccents) {
  EXPECT_EQ(fold_for_search("Müller"), "muller");
  EXPECT_EQ(fold_for_search("MÜLLER"), "muller");
  EXPECT_EQ(fold_for_search("Zoë"), "zoe");
  EXPECT_EQ(fold_for_search("José"), "jose");
}

TEST(SearchKey, MapsLettersWithoutDecompositionToLatin) {
  EXPECT_EQ(fold_for_search("Yılmaz"), "yilmaz");  // Turkish dotless i
  EXPECT_EQ(fold_for_search("İpek"), "ipek");      // Turkish dotted capital I
  EXPECT_EQ(fold_for_search("Şahin Öztürk"), "sahin ozturk");
  EXPECT_EQ(fold_for_search("Strauß"), "strauss");
  EXPECT_EQ(fold_for_search("Søren Ærø"), "soren aero");
}

TEST(SearchKey, CollapsesWhitespace) {
  EXPECT_EQ(fold_for_search("  van   der\tBerg "), "van der berg");
  EXPECT_EQ(fold_for_search("   "), "");
}

TEST(CodePoints, CountsCharactersNotBytes) {
  EXPECT_EQ(code_point_count("Ayşe"), 4u);
  EXPECT_EQ(code_point_count("🙂"), 1u);
}

}  // namespace
}  // namespace mesoclinic

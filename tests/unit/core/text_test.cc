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

// The one text policy: names are one line with no space at either end; notes may break lines;
// neither holds NUL, other controls or bidirectional embeddings; any script is fine.
TEST(TextPolicy, TakesAnyScriptAndRefusesWhatCannotSurviveEveryEngineAndOutput) {
  for (const char* text :
       {"王小明", "محمد الأحمد", "Zoë 👩‍⚕️", "Ame\u0301lie", "abc\u200fdef"}) {
    EXPECT_EQ(text_policy_problem(text, TextKind::kName, 100), std::nullopt) << text;
    EXPECT_EQ(text_policy_problem(text, TextKind::kNote, 100), std::nullopt) << text;
  }
  for (const std::string& text :
       {std::string("a\0b", 3), std::string("a\x07"), std::string("a\u0085"),
        std::string("a\u202eb"), std::string("a\u2066b\u2069"), std::string("a\rb"),
        std::string("\xff")}) {
    EXPECT_NE(text_policy_problem(text, TextKind::kName, 100), std::nullopt) << text;
    EXPECT_NE(text_policy_problem(text, TextKind::kNote, 100), std::nullopt) << text;
  }
  EXPECT_EQ(text_policy_problem("one\ntwo\r\n\tthree", TextKind::kNote, 100), std::nullopt);
  EXPECT_EQ(text_policy_problem("one\ntwo", TextKind::kName, 100),
            "must not contain control characters or line breaks");
  EXPECT_EQ(text_policy_problem(" Ayşe", TextKind::kName, 100),
            "must not begin or end with a space");
  EXPECT_EQ(text_policy_problem("Ayşe\u3000", TextKind::kName, 100),
            "must not begin or end with a space");
  EXPECT_EQ(text_policy_problem(" ", TextKind::kName, 100), "must not be empty");
  EXPECT_EQ(text_policy_problem("", TextKind::kNote, 100), std::nullopt);
  EXPECT_EQ(text_policy_problem("🙂🙂🙂", TextKind::kName, 3), std::nullopt)
      << "characters, not bytes";
  EXPECT_EQ(text_policy_problem("🙂🙂🙂🙂", TextKind::kName, 3),
            "must be at most 3 characters");
}

}  // namespace
}  // namespace mesoclinic

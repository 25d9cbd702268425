// The translation catalogue: both files hold the same keys with the same placeholders, every
// key the code asks for exists, and days and times read naturally in each language.
#include "catalogue/catalogue.h"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "clinic/aftercare.h"
#include "clinic/chart.h"
#include "clinic/outcomes.h"
#include "planning/attendance.h"

namespace mesoclinic::catalogue {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const std::string kSource = MESOCLINIC_SOURCE_DIR;

CalendarDate date(int y, unsigned m, unsigned d) {
  return CalendarDate{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

void flatten(const toml::table& table, const std::string& prefix,
             std::map<std::string, std::string>& out) {
  for (const auto& [key, node] : table) {
    const std::string name =
        prefix.empty() ? std::string(key.str()) : std::string(prefix).append(".").append(key.str());
    if (const auto* inner = node.as_table()) {
      flatten(*inner, name, out);
    } else {
      ASSERT_TRUE(node.is_string()) << name << " is not a string";
      out.emplace(name, node.as_string()->get());
    }
  }
}

// Every key of a catalogue file as written in the source tree, with its text.
std::map<std::string, std::string> file_keys(const std::string& language) {
  std::map<std::string, std::string> keys;
  flatten(toml::parse_file(kSource + "/src/catalogue/" + language + ".toml"), "", keys);
  return keys;
}

std::set<std::string> placeholders(const std::string& text) {
  std::set<std::string> names;
  static const std::regex placeholder(R"(\{([a-z_]+)\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder);
       it != std::sregex_iterator(); ++it) {
    names.insert((*it)[1]);
  }
  return names;
}

TEST(Catalogue, EveryLanguageHasEveryKeyWithTheSamePlaceholders) {
  const auto english = file_keys("en");
  ASSERT_GT(english.size(), 40u);
  for (const auto& language : languages()) {
    SCOPED_TRACE(language);
    const auto words = file_keys(language);
    for (const auto& [key, text] : english) {
      const auto found = words.find(key);
      ASSERT_NE(found, words.end()) << key << " is missing";
      EXPECT_FALSE(found->second.empty()) << key;
      EXPECT_EQ(placeholders(found->second), placeholders(text)) << key;
    }
    for (const auto& [key, text] : words) {
      EXPECT_TRUE(english.contains(key)) << key << " is not in en.toml";
    }
  }
}

// The keys the code names: literals of the catalogue's sections passed to text(...) anywhere
// under src/ (other strings such as audit actions look alike but are not keys). A literal
// ending in "." is a prefix the code completes (rule ids, weekdays, months); those are checked
// with every value it completes them with.
TEST(Catalogue, EveryKeyTheCodeUsesExistsInEveryLanguage) {
  static const std::string kSections =
      "(?:handout|report|reminder|aftercare|calendar|weekday|month_short|month|format)";
  static const std::regex key_in_call(R"re(\btext\((?:\s*[^,()"]+,)?\s*"()re" + kSections +
                                      R"re(\.[a-z_.]*[a-z_])")re");
  static const std::regex key_prefix(R"re("()re" + kSections + R"re(\.(?:[a-z_]+\.)*)")re");
  std::set<std::string> used;
  std::set<std::string> prefixes;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kSource + "/src")) {
    const auto extension = entry.path().extension();
    if (extension != ".cc" && extension != ".h") continue;
    std::ifstream in(entry.path());
    std::stringstream content;
    content << in.rdbuf();
    const std::string code = content.str();
    for (auto it = std::sregex_iterator(code.begin(), code.end(), key_in_call);
         it != std::sregex_iterator(); ++it) {
      used.insert((*it)[1]);
    }
    for (auto it = std::sregex_iterator(code.begin(), code.end(), key_prefix);
         it != std::sregex_iterator(); ++it) {
      prefixes.insert((*it)[1]);
    }
  }
  EXPECT_TRUE(used.contains("handout.title")) << "the scan found the handout's keys";
  EXPECT_TRUE(used.contains("handout.until_better")) << "in calls spanning lines too";
  EXPECT_TRUE(used.contains("format.day_time"));
  EXPECT_TRUE(used.contains("report.adverse_event")) << "the course report's keys";
  EXPECT_TRUE(used.contains("report.responder_no"));
  EXPECT_FALSE(used.contains("handout.read")) << "an audit action is not a key";
  // Every prefix the code completes must be one this test completes below, with every value
  // of the enumeration it completes it with (the report names measures, zones, time points,
  // attendance and severity by the names the API spells them with).
  std::map<std::string, std::vector<std::string>> completions = {
      {"report.view.", {"front", "top", "vertex", "left", "right", "back"}}};
  for (int i = 0; i <= static_cast<int>(clinic::Measure::kSelfAssessment); ++i) {
    for (const char* prefix : {"report.measure.", "report.unit."}) {
      completions[prefix].emplace_back(clinic::to_string(static_cast<clinic::Measure>(i)));
    }
  }
  for (int i = 0; i <= static_cast<int>(clinic::ScalpZone::kOccipital); ++i) {
    completions["report.zone."].emplace_back(clinic::to_string(static_cast<clinic::ScalpZone>(i)));
  }
  for (int i = 0; i <= static_cast<int>(clinic::TimePoint::kMaintenance); ++i) {
    for (const char* prefix : {"report.time_point.", "report.time_point_short."}) {
      completions[prefix].emplace_back(clinic::to_string(static_cast<clinic::TimePoint>(i)));
    }
  }
  for (int i = 0; i <= static_cast<int>(planning::Attendance::kCancelled); ++i) {
    completions["report.attendance."].emplace_back(
        planning::to_string(static_cast<planning::Attendance>(i)));
  }
  for (int i = 0; i <= static_cast<int>(clinic::Severity::kSevere); ++i) {
    completions["report.severity."].emplace_back(
        clinic::to_string(static_cast<clinic::Severity>(i)));
  }
  for (const auto& found : prefixes) {
    EXPECT_TRUE(found == "aftercare.rule." || found == "reminder.aftercare." ||
                found == "calendar.ends." || found == "weekday." || found == "month." ||
                found == "month_short." || completions.contains(found))
        << "the code completes " << found << "; teach this test its values";
  }
  EXPECT_TRUE(prefixes.contains("report.measure.")) << "the scan found the report's prefixes";
  for (const auto& [prefix, values] : completions) {
    EXPECT_TRUE(prefixes.contains(prefix)) << prefix << " is no longer completed; drop it here";
    for (const auto& value : values) used.insert(prefix + value);
  }
  EXPECT_TRUE(prefixes.contains("aftercare.rule.")) << "the scan found the rule prefix";
  for (const auto& prefix : {"aftercare.rule.", "reminder.aftercare.", "calendar.ends."}) {
    for (const auto& rule : clinic::default_aftercare_rules()) {
      used.insert(std::string(prefix).append(rule.id));
    }
    used.insert(std::string(prefix).append("other"));
  }
  for (const char* day :
       {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}) {
    used.insert(std::string("weekday.").append(day));
  }
  for (const char* month : {"january", "february", "march", "april", "may", "june", "july",
                            "august", "september", "october", "november", "december"}) {
    used.insert(std::string("month.").append(month));
    used.insert(std::string("month_short.").append(month));
  }
  for (const char* key : {"reminder.appointment.subject", "reminder.appointment.body",
                          "reminder.aftercare.subject"}) {
    used.insert(key);
  }
  for (const auto& language : languages()) {
    const auto words = file_keys(language);
    for (const auto& key : used) {
      EXPECT_TRUE(words.contains(key)) << key << " is not in " << language << ".toml";
    }
  }
}

TEST(Catalogue, PlaceholdersAreFilledOnceAndUnknownKeysShowThemselves) {
  EXPECT_EQ(text("en", "reminder.aftercare.no_washing", {{"when", "Friday 28 November, 15:30"}}),
            "You may wash your hair again from Friday 28 November, 15:30.");
  EXPECT_EQ(text("tr", "reminder.appointment.subject", {{"clinic", "Moda Saç Kliniği"}}),
            "Randevu hatırlatması: Moda Saç Kliniği");
  EXPECT_EQ(text("en", "reminder.appointment.body",
                 {{"patient", "Ayşe Yılmaz"},
                  {"clinic", "Moda"},
                  {"when", "Friday 28 November, 15:30"},
                  {"phone", "+902125550123"}}),
            "Dear Ayşe Yılmaz, this is a reminder of your appointment at Moda on Friday 28 "
            "November, 15:30. To change it, call +902125550123.");
  // A value that looks like a placeholder is text, not a second round of filling.
  EXPECT_EQ(text("en", "handout.patient", {{"patient", "{clinic}"}, {"clinic", "X"}}),
            "For {clinic}");
  EXPECT_EQ(text("en", "handout.patient"), "For {patient}") << "an unfilled placeholder stays";
  EXPECT_EQ(text("en", "handout.no_such_key"), "handout.no_such_key");
  EXPECT_EQ(text("tr", "handout.no_such_key"), "handout.no_such_key");
  EXPECT_EQ(text("de", "handout.title"), text("en", "handout.title"))
      << "a language without a catalogue reads English";
  EXPECT_EQ(text("tr", "aftercare.rule.no_washing"), "Saçınızı ve saç derinizi yıkamayın");
}

TEST(Catalogue, DaysAndTimesInEachLanguage) {
  const LocalDateTime friday{date(2025, 11, 28), hours{15} + minutes{30}};
  EXPECT_EQ(format_day_time("en", friday), "Friday 28 November, 15:30");
  EXPECT_EQ(format_day_time("tr", friday), "28 Kasım Cuma, 15:30");
  EXPECT_EQ(format_day("en", date(2025, 11, 29)), "Saturday 29 November");
  EXPECT_EQ(format_day("tr", date(2025, 11, 29)), "29 Kasım Cumartesi");
  EXPECT_EQ(format_day_time("tr", {date(2026, 2, 4), minutes{5}}), "4 Şubat Çarşamba, 00:05");
  EXPECT_EQ(format_day("tr", date(2026, 8, 31)), "31 Ağustos Pazartesi");
  EXPECT_EQ(format_day("tr", date(2026, 5, 1)), "1 Mayıs Cuma");
  EXPECT_EQ(format_day("tr", date(2026, 9, 1)), "1 Eylül Salı");
  EXPECT_EQ(format_day("tr", date(2026, 12, 31)), "31 Aralık Perşembe");
  EXPECT_EQ(format_day("en", date(2026, 3, 1)), "Sunday 1 March");
  EXPECT_EQ(format_day_time("en", {date(2026, 3, 1), hours{23} + minutes{59}}),
            "Sunday 1 March, 23:59");
}

TEST(Catalogue, DatesWithTheirYearAndShortOnes) {
  EXPECT_EQ(format_date("en", date(2026, 1, 12)), "12 January 2026");
  EXPECT_EQ(format_date("tr", date(2027, 9, 30)), "30 Eylül 2027");
  EXPECT_EQ(format_short_day("en", date(2026, 2, 2)), "2 Feb");
  EXPECT_EQ(format_short_day("tr", date(2026, 8, 31)), "31 Ağu");
}

TEST(Catalogue, NumbersAndPercentsAsEachLanguageWritesThem) {
  EXPECT_EQ(format_number("en", 61.2, 1), "61.2");
  EXPECT_EQ(format_number("tr", 61.2, 1), "61,2");
  EXPECT_EQ(format_number("en", 152.0, 1), "152") << "no trailing zeros";
  EXPECT_EQ(format_number("en", 15.254, 1, true), "+15.3");
  EXPECT_EQ(format_number("en", -50, 0, true), "\u221250") << "a true minus sign";
  EXPECT_EQ(format_number("en", -0.04, 1, true), "0") << "rounded to zero has no sign";
  EXPECT_EQ(format_percent("en", 9.868, 1, true), "+9.9%");
  EXPECT_EQ(format_percent("tr", 9.868, 1, true), "+%9,9");
  EXPECT_EQ(format_percent("tr", -45.45, 1, true), "\u2212%45,5");
  EXPECT_EQ(format_percent("en", 10, 1), "10%");
}

TEST(Catalogue, PickLanguageByThePrimarySubtag) {
  EXPECT_EQ(languages(), (std::vector<std::string>{"en", "tr"}));
  EXPECT_EQ(pick_language("tr"), "tr");
  EXPECT_EQ(pick_language("tr-TR"), "tr");
  EXPECT_EQ(pick_language("TR_tr"), "tr");
  EXPECT_EQ(pick_language("en-GB"), "en");
  EXPECT_EQ(pick_language("pt-BR"), "en");
  EXPECT_EQ(pick_language(""), "en");
  EXPECT_EQ(pick_language("trx"), "en");
}

}  // namespace
}  // namespace mesoclinic::catalogue

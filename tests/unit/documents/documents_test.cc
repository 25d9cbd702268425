// Stored documents written in an earlier format must stay readable: each fixture under
// tests/data/documents is a document as version 1 of the format stored it (written by the
// workflows themselves when the fixtures were made), read back here through src/documents.
// A format change adds a new fixture and keeps these.
#include "documents/documents.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "documents/trichometry_json.h"
#include "trichometry/trichometry.h"

namespace mesoclinic::documents {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

std::string fixture(const std::string& name) {
  std::ifstream file(std::string(MESOCLINIC_DOCUMENT_FIXTURES) + "/" + name);
  EXPECT_TRUE(file) << name;
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(StoredDocuments, AChartKeepsItsZonesLotsAndNotes) {
  const std::string body = fixture("chart.v1.json");
  auto chart = chart_from_document(body);
  ASSERT_TRUE(chart) << chart.error().message;
  ASSERT_EQ(chart->zones.size(), 1u);
  EXPECT_EQ(chart->zones[0].zone, clinic::ScalpZone::kVertex);
  EXPECT_EQ(chart->zones[0].injection_points, 40);
  ASSERT_EQ(chart->lots.size(), 1u);
  EXPECT_EQ(chart->lots[0].vials, 2);
  ASSERT_EQ(chart->points.size(), 1u);
  EXPECT_EQ(chart->points[0].label, "crown");
  EXPECT_EQ(chart->technique, clinic::Technique::kNappage);
  EXPECT_EQ(chart->pain_score, 3);
  EXPECT_EQ(chart->notes, "tolerated well");
  // The lot as it was used stays in the stored document.
  const Json document = Json::parse(body);
  EXPECT_EQ(document["lots"][0]["number"], "L240017");
  EXPECT_TRUE(document["lots"][0].contains("expires_on"));
}

// Issue 13: a chart signed over a conflict at the chair keeps the reason and what it overrode;
// the chart itself still decodes.
TEST(StoredDocuments, AChartSignedWithAnOverrideKeepsItsReason) {
  const std::string body = fixture("chart.v2.json");
  auto chart = chart_from_document(body);
  ASSERT_TRUE(chart) << chart.error().message;
  ASSERT_EQ(chart->lots.size(), 1u);
  EXPECT_EQ(chart->lots[0].vials, 2);
  const Json document = Json::parse(body);
  EXPECT_EQ(document["override"]["reason"],
            "Patch test on 2026-11-30 negative; allergist letter on file.");
  EXPECT_EQ(document["override"]["conflicts"][0]["ingredient"], "biotin");
  // Written today, the same override has the same shape.
  const clinic::ChairConflict conflict{.rule = clinic::ChairRule::kAllergy,
                                       .lot_id = "01a236d1-d9d4-7dd5-b3de-6188b5670c91",
                                       .lot_number = "L240017",
                                       .formulation_id = "01a236d1-d96f-7a40-9b1e-2f8c1f0d4a21",
                                       .formulation_name = "Biotin and peptides",
                                       .ingredient = "biotin",
                                       .decision = std::nullopt};
  const Json rewritten = Json::parse(
      with_override(fixture("chart.v1.json"),
                    {"Patch test on 2026-11-30 negative; allergist letter on file.", {conflict}}));
  EXPECT_EQ(rewritten, document);
}

TEST(StoredDocuments, AnAftercarePlanKeepsItsRestrictionsAndHealing) {
  auto plan = aftercare_plan_from_json(Json::parse(fixture("aftercare_plan.v1.json")));
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_FALSE(plan->restrictions.empty());
  EXPECT_GT(plan->healed_at, plan->session_end);
  EXPECT_EQ(plan->healed_at - plan->session_end, hours{4 * 24});
}

TEST(StoredDocuments, ACourseKeepsTheProtocolAndPreferencesAgreed) {
  auto course = agreed_course_from_document("course-1", "protocol-1", fixture("course.v1.json"));
  ASSERT_TRUE(course) << course.error().message;
  EXPECT_EQ(course->protocol.id, "protocol-1");
  EXPECT_EQ(course->protocol.sessions, 6);
  EXPECT_EQ(course->protocol.interval_days, (std::vector{7, 7, 7, 7, 7}));
  EXPECT_EQ(course->protocol.appointment_length, minutes{30});
  EXPECT_EQ(course->preferences.weekdays, (std::vector{0, 2}));
  // The course keeps the price it was agreed at, whatever the clinic charges now.
  EXPECT_EQ(course->protocol.price_per_session, (planning::Money{10000, "EUR"}));
  const Json document = Json::parse(fixture("course.v1.json"));
  EXPECT_EQ(document["cost_estimate"]["minor_units"], 54000);
  EXPECT_EQ(document["discount"]["percent"], 10);
  EXPECT_EQ(document["agreement"]["method"], "signed_form");
}

TEST(StoredDocuments, AProtocolDecodesAsGiven) {
  // Written before prices moved to each clinic (schema 14): the definition still reads, and
  // its old group-wide price, which that migration copied to the clinics, is not in force.
  auto protocol = protocol_from_document("protocol-1", fixture("protocol.v1.json"));
  ASSERT_TRUE(protocol) << protocol.error().message;
  EXPECT_EQ(protocol->name, "Weekly six");
  EXPECT_EQ(protocol->sessions, 6);
  EXPECT_FALSE(protocol->price_per_session);
  EXPECT_FALSE(protocol->package_price);
  // As written now: without a price, and read back the same.
  auto again = protocol_from_document("protocol-1", protocol_document(*protocol));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->interval_days, protocol->interval_days);
  EXPECT_EQ(Json::parse(protocol_document(*protocol)).contains("price_per_session"), false);
}

TEST(StoredDocuments, APriceDecodesAndAProtocolDefinitionRefusesOne) {
  auto price = price_from_document(
      "clinic-1", "protocol-1",
      R"({"price_per_session": null, "package_price": {"minor_units": 180000, "currency": "NZD"}})");
  ASSERT_TRUE(price) << price.error().message;
  EXPECT_FALSE(price->per_session);
  EXPECT_EQ(price->package, (planning::Money{180000, "NZD"}));
  EXPECT_EQ(price_from_document("clinic-1", "protocol-1", "[]").error().code, ErrorCode::kInternal);
  Json definition = Json::parse(fixture("protocol.v1.json"));
  const auto refused = protocol_from_json(definition);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.at(0).field, "/price_per_session");
  definition.erase("price_per_session");
  EXPECT_TRUE(protocol_from_json(definition));
}

TEST(StoredDocuments, ClinicSettingsDecode) {
  auto calendar = calendar_from_document(fixture("calendar.v1.json"), "clinic-1");
  ASSERT_TRUE(calendar) << calendar.error().message;
  ASSERT_EQ(calendar->opening[0].size(), 1u);
  EXPECT_EQ(calendar->opening[0][0].from, hours{9});
  EXPECT_EQ(calendar->opening[0][0].to, hours{19});
  EXPECT_TRUE(calendar->opening[6].empty());
  auto schedule = schedule_from_document(fixture("schedule.v1.json"), "schedule:1");
  ASSERT_TRUE(schedule) << schedule.error().message;
  EXPECT_EQ(schedule->hours[5].size(), 1u);
  auto contact = contact_from_document(fixture("contact.v1.json"), "clinic-1");
  ASSERT_TRUE(contact) << contact.error().message;
  EXPECT_EQ(contact->phone, "+902121234567");
  EXPECT_EQ(contact->address, "Abdi İpekçi Cd. 12");
  auto rules = aftercare_rules_from_document(fixture("aftercare_rules.v1.json"));
  ASSERT_TRUE(rules) << rules.error().message;
  EXPECT_EQ(rules->size(), clinic::default_aftercare_rules().size());
}

TEST(StoredDocuments, ADamagedDocumentIsAnInternalErrorNotAGuess) {
  auto calendar = calendar_from_document(R"({"opening_hours": 7})", "clinic-1");
  ASSERT_FALSE(calendar);
  EXPECT_EQ(calendar.error().code, ErrorCode::kInternal);
  auto contact = contact_from_document("not json", "clinic-1");
  ASSERT_FALSE(contact);
  EXPECT_EQ(contact.error().code, ErrorCode::kInternal);
}

// A result's hairs are kept with their confidence to the hundredth: whether the engine was less
// sure of a hair reads the same kept as found, also just under the bar.
TEST(StoredDocuments, AHairIsLessSureKeptAsItWasFound) {
  const double confidences[] = {0.3, 0.694, 0.696, 0.7, 1};
  std::vector<trichometry::Hair> found;
  for (const double confidence : confidences) {
    trichometry::Hair hair;
    hair.centre_line = {{10, 10}, {40, 10}};
    hair.length_um = 150;
    hair.width_um = 60;
    hair.confidence = confidence;
    hair.counted = true;
    found.push_back(hair);
  }
  const auto kept = read_hairs(hairs_json(found));
  ASSERT_TRUE(kept) << kept.error().message;
  ASSERT_EQ(kept->size(), found.size());
  for (std::size_t i = 0; i < found.size(); ++i) {
    EXPECT_EQ(trichometry::less_sure((*kept)[i]), trichometry::less_sure(found[i]))
        << confidences[i];
  }
  EXPECT_TRUE(trichometry::less_sure(found[1]));
  EXPECT_FALSE(trichometry::less_sure(found[2]));
}

}  // namespace
}  // namespace mesoclinic::documents

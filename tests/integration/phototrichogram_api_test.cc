// The phototrichogram through the API (issue 17) against the real binary on both engines: a
// clipped site imaged on day 0 and two days later, both counted; the growth read (the day-0
// image found by itself, or named), refused for images that are no pair, and its anagen share
// recorded as the course's measurement once both counts are accepted, and only once.
#include <chrono>
#include <cmath>

#include "core/time.h"
#include "trichometry_fixture.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

class PhototrichogramApiTest : public TrichometryApiTest {
 protected:
  // The course agreed, and the consent to photos given, a month ago; the clipped site imaged
  // three days ago and again a day ago. Their ids, or empty if either was refused.
  std::pair<std::string, std::string> upload_growth(const trichometry::SyntheticGrowth& growth) {
    const auto now =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    const auto days_ago = [&](int days) { return now - std::chrono::hours(24 * days); };
    tamper(database_url(), "UPDATE courses SET created_at = " +
                               std::to_string(days_ago(30).time_since_epoch().count()) +
                               " WHERE id = '" + course_id_ + "'");
    const HttpReply consent =
        client().send_json("POST", "/api/v1/patients/" + patient_ + "/consents",
                           {{"kind", "photos"},
                            {"method", "signed_form"},
                            {"given_at", format_rfc3339(days_ago(30))}});
    EXPECT_EQ(consent.status, 201) << consent.body;
    const std::string day_0 = upload(growth.day_0, "", format_rfc3339(days_ago(3)));
    const std::string later = upload(growth.later, "", format_rfc3339(days_ago(1)));
    if (day_0.empty()) return {};
    return {day_0, later};
  }

  HttpReply record(const std::string& photo_id, const json& body = json::object()) {
    return client().send_json("POST", "/api/v1/photos/" + photo_id + "/trichometry/growth", body);
  }
  std::string version_of(const std::string& photo_id) {
    return client().get("/api/v1/photos/" + photo_id + "/trichometry").header("etag");
  }
};

TEST_P(PhototrichogramApiTest, TheAnagenShareIsRecordedOnceBothCountsAreAccepted) {
  const auto truth = trichometry::synthesize_growth(6, 2, {});
  const auto [day_0, later] = upload_growth(truth);
  ASSERT_FALSE(later.empty());
  ASSERT_EQ(measure(day_0, {{"target_area", target_of(truth.day_0)}}).status, 201);
  ASSERT_EQ(measure(later, json::object()).status, 201);

  // Read: the day-0 image found by itself, the hairs followed, both reads audited.
  const std::string path = "/api/v1/photos/" + later + "/trichometry/growth";
  const HttpReply read = client().get(path);
  ASSERT_EQ(read.status, 200) << read.body;
  const json growth = read.json();
  EXPECT_EQ(growth["photo_id"], later);
  EXPECT_EQ(growth["day_0_photo_id"], day_0);
  EXPECT_NEAR(growth["days"].get<double>(), 2, 0.01);
  EXPECT_GT(growth["hairs_followed"].get<int>(), truth.followed * 3 / 4);
  EXPECT_NEAR(growth["anagen_share_percent"].get<double>(), truth.anagen_share_percent, 10);
  EXPECT_NEAR(growth["growth_mm_per_day"].get<double>(), truth.growth_mm_per_day, 0.1);
  // The share is of the hairs followed, to a tenth.
  EXPECT_DOUBLE_EQ(
      growth["anagen_share_percent"].get<double>(),
      std::round(1000.0 * growth["growing"].get<int>() / growth["hairs_followed"].get<int>()) / 10);
  EXPECT_FALSE(growth["day_0_accepted"].get<bool>());
  EXPECT_TRUE(growth["measurement"].is_null());
  EXPECT_EQ(client().get(path + "?day_0=" + day_0).json(), growth);
  EXPECT_EQ(query_value(database_url(),
                        "SELECT COUNT(DISTINCT resource_id) FROM audit_entries WHERE action = "
                        "'trichometry.growth.read'"),
            "2");

  // Not recorded until both counts are accepted: neither, then only this image's (as the web app
  // allows), is not enough.
  const HttpReply early = record(later);
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_NE(early.body.find("Accept both"), std::string::npos) << early.body;
  const std::string before = count_of("outcome_measurements");
  ASSERT_EQ(accept(later, version_of(later)).status, 200);
  const HttpReply half = record(later);
  EXPECT_EQ(half.status, 409) << half.body;
  EXPECT_NE(half.body.find("Accept both"), std::string::npos) << half.body;
  ASSERT_EQ(accept(day_0, version_of(day_0)).status, 200);
  EXPECT_TRUE(client().get(path).json()["day_0_accepted"].get<bool>());

  const HttpReply recorded = record(later, {{"day_0_photo_id", day_0}});
  ASSERT_EQ(recorded.status, 200) << recorded.body;
  const json measurement = recorded.json()["measurement"];
  EXPECT_TRUE(recorded.json()["measurement_withheld"].is_null());
  EXPECT_EQ(measurement["measure"], "anagen_share");
  EXPECT_EQ(measurement["method"], "phototrichogram");
  EXPECT_EQ(measurement["zone"], "vertex");
  EXPECT_EQ(measurement["photo_id"], later);
  EXPECT_EQ(measurement["course_id"], course_id_);
  EXPECT_EQ(measurement["value"], recorded.json()["anagen_share_percent"]);
  // Each image's acceptance recorded its four figures; this, one more.
  EXPECT_EQ(std::stoi(count_of("outcome_measurements")), std::stoi(before) + 2 * 4 + 1);
  EXPECT_EQ(client().get(path).json()["measurement"], measurement);

  // Once only: the second is refused naming the first, and nothing more is recorded.
  const HttpReply again = record(later);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find(measurement["id"].get<std::string>()), std::string::npos);
  EXPECT_EQ(std::stoi(count_of("outcome_measurements")), std::stoi(before) + 2 * 4 + 1);
}

TEST_P(PhototrichogramApiTest, ImagesThatAreNoPairAreRefusedWithTheReason) {
  const auto truth = trichometry::synthesize_growth(6, 2, {});
  const auto [day_0, later] = upload_growth(truth);
  ASSERT_FALSE(later.empty());
  ASSERT_EQ(measure(later, json::object()).status, 201);
  const std::string path = "/api/v1/photos/" + later + "/trichometry/growth";
  // The day-0 image not counted yet: none to follow hairs from.
  EXPECT_EQ(client().get(path).status, 404);
  const HttpReply none = record(later);
  EXPECT_EQ(none.status, 409) << none.body;
  EXPECT_NE(none.body.find("count the day-0 image"), std::string::npos) << none.body;
  const HttpReply uncounted = client().get(path + "?day_0=" + day_0);
  EXPECT_EQ(uncounted.status, 422) << uncounted.body;
  EXPECT_NE(uncounted.body.find("\"/day_0\""), std::string::npos) << uncounted.body;
  // A POST names the image in its body, and is answered under that member.
  const HttpReply named = record(later, {{"day_0_photo_id", day_0}});
  EXPECT_EQ(named.status, 422) << named.body;
  EXPECT_NE(named.body.find("\"/day_0_photo_id\""), std::string::npos) << named.body;
  ASSERT_EQ(measure(day_0, {{"target_area", target_of(truth.day_0)}}).status, 201);

  // This same image, and an image taken after this one, are no day 0.
  const HttpReply itself = client().get(path + "?day_0=" + later);
  EXPECT_EQ(itself.status, 422) << itself.body;
  EXPECT_NE(itself.body.find("is this same image"), std::string::npos) << itself.body;
  const HttpReply backwards =
      client().get("/api/v1/photos/" + day_0 + "/trichometry/growth?day_0=" + later);
  EXPECT_EQ(backwards.status, 422) << backwards.body;
  EXPECT_NE(backwards.body.find("was not taken before this image"), std::string::npos);
  // An image of the site taken three weeks before: too long ago for hairs to be followed.
  const auto three_weeks_ago = std::chrono::time_point_cast<std::chrono::microseconds>(
      std::chrono::system_clock::now() - std::chrono::hours(24 * 21));
  const std::string old = upload(truth.day_0, "", format_rfc3339(three_weeks_ago));
  ASSERT_EQ(measure(old, json::object()).status, 201);
  const HttpReply too_long = client().get(path + "?day_0=" + old);
  EXPECT_EQ(too_long.status, 422) << too_long.body;
  EXPECT_NE(too_long.body.find("12 hours to 14 days"), std::string::npos) << too_long.body;
  // An image of the site at another time point is another visit, not day 0.
  const std::string other_visit = upload(
      truth.day_0, "", format_rfc3339(three_weeks_ago + std::chrono::hours(24 * 19)), "mid_course");
  ASSERT_EQ(measure(other_visit, json::object()).status, 201);
  const HttpReply visit = client().get(path + "?day_0=" + other_visit);
  EXPECT_EQ(visit.status, 422) << visit.body;
  EXPECT_NE(visit.body.find("is of another time point"), std::string::npos) << visit.body;
  // Found by itself, day 0 is still the image of this time point two days before.
  EXPECT_EQ(client().get(path).json()["day_0_photo_id"], day_0);
  // Bodies that are not a day-0 photo's id.
  const HttpReply wrong_type = record(later, {{"day_0_photo_id", 5}});
  EXPECT_EQ(wrong_type.status, 422);
  EXPECT_NE(wrong_type.body.find("must be a photo's id"), std::string::npos) << wrong_type.body;
  const HttpReply unknown = record(later, {{"day_0", day_0}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("\"/day_0\""), std::string::npos) << unknown.body;
  EXPECT_EQ(count_of("outcome_measurements"), "0");
}

INSTANTIATE_TEST_SUITE_P(BothEngines, PhototrichogramApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing

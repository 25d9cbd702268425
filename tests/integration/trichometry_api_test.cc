// Trichometry through the API (issue 17) against the real binary on both engines: a trichoscopy
// photo of a course measured by the engine, its figures kept with the photo and recorded as the
// course's measurements naming it, read back and drawn over the image; what cannot be measured
// refused with its reason and nothing kept; a photo measured once; every read audited; erasure
// takes the results with the photos.
#include <filesystem>

#include "chart_fixture.h"
#include "core/ids.h"
#include "trichometry/synthetic.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

class TrichometryApiTest : public ChartTest {
 protected:
  void SetUp() override {
    ChartTest::SetUp();
    if (HasFatalFailure()) return;
    photo_dir_ = std::filesystem::temp_directory_path() / ("trichometry-api-" + random_hex(6));
    start_server({"--photo-dir", photo_dir_.string()});
    const HttpReply course = client().send_json("POST", "/api/v1/patients/" + patient_ + "/courses",
                                                agreed(plan(patient_, future(14, 1))));
    ASSERT_EQ(course.status, 201) << course.body;
    course_id_ = course.json()["id"];
    const HttpReply consent =
        client().send_json("POST", "/api/v1/patients/" + patient_ + "/consents",
                           {{"kind", "photos"}, {"method", "signed_form"}});
    ASSERT_EQ(consent.status, 201) << consent.body;
  }
  void TearDown() override { std::filesystem::remove_all(photo_dir_); }

  // Uploads `image` as a trichoscopy image of the vertex (with its calibration) at baseline for
  // the course, or as the standard photo `view`; its id.
  std::string upload(const trichometry::SyntheticImage& image, const std::string& view = "",
                     const std::string& taken_at = "") {
    const std::string what = view.empty() ? "kind=trichoscopy&zone=vertex&um_per_pixel=" +
                                                std::to_string(image.calibration.um_per_px)
                                          : "view=" + view;
    std::string query = what + "&time_point=baseline&course_id=" + course_id_;
    if (!taken_at.empty()) query += "&taken_at=" + taken_at;
    const std::string bytes(image.jpeg.begin(), image.jpeg.end());
    const HttpReply uploaded =
        client().request("POST", "/api/v1/patients/" + patient_ + "/photos?" + query, bytes,
                         {{"Content-Type", "image/jpeg"}});
    EXPECT_EQ(uploaded.status, 201) << uploaded.body;
    return uploaded.json().value("id", "");
  }

  HttpReply measure(const std::string& photo_id, const json& body) {
    return client().send_json("POST", "/api/v1/photos/" + photo_id + "/trichometry", body);
  }

  static json target_of(const trichometry::SyntheticImage& image) {
    return {{"left", image.target.left},
            {"top", image.target.top},
            {"width", image.target.width},
            {"height", image.target.height}};
  }

  std::string count_of(const std::string& table) {
    return query_value(database_url(), "SELECT COUNT(*) FROM " + table);
  }

  std::filesystem::path photo_dir_;
  std::string course_id_;
};

TEST_P(TrichometryApiTest, ACoursesTrichoscopyPhotoIsMeasuredAndItsFiguresBecomeItsMeasurements) {
  const auto image = trichometry::synthesize(4, {});
  const std::string photo = upload(image);
  ASSERT_FALSE(photo.empty());

  const HttpReply measured = measure(photo, {{"target_area", target_of(image)}});
  ASSERT_EQ(measured.status, 201) << measured.body;
  EXPECT_EQ(measured.header("location"), "/api/v1/photos/" + photo + "/trichometry");
  EXPECT_EQ(measured.json()["measurements_withheld"], nullptr);
  const json result = measured.json();
  EXPECT_EQ(result["photo_id"], photo);
  EXPECT_EQ(result["patient_id"], patient_);
  EXPECT_EQ(result["analysed_by"], practitioner_id_);
  EXPECT_EQ(result["vellus_under_um"], 30);
  const json figures = result["figures"];
  const int truth = image.truth.hair_count;
  EXPECT_NEAR(figures["hair_count"].get<double>(), truth, 0.15 * truth) << figures.dump();
  EXPECT_NEAR(figures["mean_diameter_um"].get<double>(), image.truth.mean_diameter_um, 5);

  // The figures are the course's baseline measurements of the vertex, each naming the photo.
  const json measurements = result["measurements"];
  ASSERT_EQ(measurements.size(), 4u) << measurements.dump();
  std::set<std::string> measures;
  for (const auto& m : measurements) {
    measures.insert(m["measure"].get<std::string>());
    EXPECT_EQ(m["photo_id"], photo);
    EXPECT_EQ(m["zone"], "vertex");
    EXPECT_EQ(m["method"], "trichoscopy");
    EXPECT_EQ(m["time_point"], "baseline");
    EXPECT_EQ(m["course_id"], course_id_);
  }
  EXPECT_EQ(measures, (std::set<std::string>{"hair_density", "mean_shaft_diameter",
                                             "diameter_diversity", "vellus_share"}));
  EXPECT_NEAR(measurements[0]["value"].get<double>(), figures["density_per_cm2"].get<double>(),
              0.05);
  const json outcomes = client().get("/api/v1/courses/" + course_id_ + "/outcomes").json();
  EXPECT_EQ(outcomes["measurements"].size(), 4u);

  // Read back as kept, each read audited under the patient.
  const HttpReply read = client().get("/api/v1/photos/" + photo + "/trichometry");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json()["figures"], figures);
  EXPECT_EQ(read.json()["id"], result["id"]);
  EXPECT_EQ(query_value(database_url(),
                        "SELECT patient_id FROM audit_entries WHERE action = "
                        "'trichometry.read'"),
            patient_);
  EXPECT_EQ(query_value(database_url(),
                        "SELECT COUNT(*) FROM audit_entries WHERE action = "
                        "'trichometry.record'"),
            "1");

  // The overlay: a PNG as large as the photo, the hairs found again as they were counted.
  const HttpReply overlay = client().get("/api/v1/photos/" + photo + "/trichometry/overlay");
  ASSERT_EQ(overlay.status, 200) << overlay.body;
  EXPECT_EQ(overlay.header("content-type"), "image/png");
  ASSERT_GT(overlay.body.size(), 24u);
  EXPECT_EQ(overlay.body.substr(1, 3), "PNG");
  const auto be32 = [&](std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(overlay.body[i]); };
    return (byte(at) << 24) | (byte(at + 1) << 16) | (byte(at + 2) << 8) | byte(at + 3);
  };
  EXPECT_EQ(be32(16), 1600u);
  EXPECT_EQ(be32(20), 1200u);

  // Measured once: again is a conflict, and the course's figures are not counted twice.
  const HttpReply again = measure(photo, json::object());
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(count_of("outcome_measurements"), "4");
  EXPECT_EQ(count_of("trichometry_results"), "1");

  // Erasure takes the result and the measurements with the photo.
  const HttpReply erased =
      client().send_json("POST", "/api/v1/patients/" + patient_ + "/erasure", json::object());
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(count_of("trichometry_results"), "0");
  EXPECT_EQ(count_of("outcome_measurements"), "0");
  EXPECT_EQ(client().get("/api/v1/photos/" + photo + "/trichometry").status, 404);
}

// A photo taken before its course was agreed is measured and its figures kept, but they are not
// the course's measurements (none comes before the course), and the reply says why.
TEST_P(TrichometryApiTest, APhotoFromBeforeTheCourseGivesItNoMeasurements) {
  const HttpReply earlier_consent = client().send_json(
      "POST", "/api/v1/patients/" + patient_ + "/consents",
      {{"kind", "photos"}, {"method", "signed_form"}, {"given_at", "2026-01-05T09:00:00Z"}});
  ASSERT_EQ(earlier_consent.status, 201) << earlier_consent.body;
  const auto image = trichometry::synthesize(6, {});
  const std::string photo = upload(image, "", "2026-01-15T10:00:00Z");
  ASSERT_FALSE(photo.empty());
  const HttpReply measured = measure(photo, json::object());
  ASSERT_EQ(measured.status, 201) << measured.body;
  EXPECT_TRUE(measured.json()["measurements"].empty());
  EXPECT_NE(measured.json()["measurements_withheld"].get<std::string>().find("before its course"),
            std::string::npos);
  EXPECT_GT(measured.json()["figures"]["hair_count"].get<int>(), 0);
  EXPECT_EQ(count_of("trichometry_results"), "1");
  EXPECT_EQ(count_of("outcome_measurements"), "0");
}

TEST_P(TrichometryApiTest, WhatCannotBeMeasuredIsRefusedWithItsReasonAndNothingIsKept) {
  const auto image = trichometry::synthesize(6, {});
  const std::string photo = upload(image);
  ASSERT_FALSE(photo.empty());
  EXPECT_EQ(client().get("/api/v1/photos/" + photo + "/trichometry").status, 404)
      << "not measured yet";
  const auto refused = [&](const std::string& id, const json& body, const std::string& field) {
    const HttpReply reply = measure(id, body);
    EXPECT_EQ(reply.status, 422) << reply.body;
    const json problem = reply.json();
    EXPECT_EQ(problem.value("errors", json::array()).at(0).value("field", ""), field) << reply.body;
    return problem.dump();
  };
  refused(photo, {{"vellus_under_um", 5}}, "/vellus_under_um");
  refused(photo, {{"vellus_under_um", "thirty"}}, "/vellus_under_um");
  refused(photo, {{"target_area", {{"left", 0}, {"top", 0}, {"width", 5000}, {"height", 10}}}},
          "/target_area");
  refused(photo, {{"target_area", {{"left", 0}, {"top", 0}}}}, "/target_area/width");
  refused(photo, {{"vellus", 30}}, "/vellus");
  // A blurred image: the engine says why.
  const std::string blurred =
      upload(trichometry::synthesize(6, {1600, 1200, trichometry::Spoiling::kBlurred}));
  EXPECT_NE(refused(blurred, json::object(), "/image").find("blurred"), std::string::npos);
  // A standard photo is not a trichoscopy image.
  const std::string front = upload(image, "front");
  refused(front, json::object(), "/photo");
  EXPECT_EQ(measure(new_id(), json::object()).status, 404);
  EXPECT_EQ(count_of("trichometry_results"), "0");
  EXPECT_EQ(count_of("outcome_measurements"), "0");
}

INSTANTIATE_TEST_SUITE_P(BothEngines, TrichometryApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing

// A patient with a course and a consent to photos on a server that keeps photos, and the steps
// of trichometry through the API: trichoscopy images uploaded, measured, corrected and accepted
// (trichometry_api_test.cc, phototrichogram_api_test.cc).
#pragma once

#include <filesystem>

#include "chart_fixture.h"
#include "core/ids.h"
#include "trichometry/synthetic.h"

namespace mesoclinic::testing {

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

  // Uploads `image` as a trichoscopy image of the vertex (with its calibration) at `time_point`
  // for the course, or as the standard photo `view`; its id.
  std::string upload(const trichometry::SyntheticImage& image, const std::string& view = "",
                     const std::string& taken_at = "", const std::string& time_point = "baseline") {
    const std::string what = view.empty() ? "kind=trichoscopy&zone=vertex&um_per_pixel=" +
                                                std::to_string(image.calibration.um_per_px)
                                          : "view=" + view;
    std::string query = what + "&time_point=" + time_point + "&course_id=" + course_id_;
    if (!taken_at.empty()) query += "&taken_at=" + taken_at;
    const std::string bytes(image.jpeg.begin(), image.jpeg.end());
    const HttpReply uploaded =
        client().request("POST", "/api/v1/patients/" + patient_ + "/photos?" + query, bytes,
                         {{"Content-Type", "image/jpeg"}});
    EXPECT_EQ(uploaded.status, 201) << uploaded.body;
    return uploaded.json().value("id", "");
  }

  HttpReply measure(const std::string& photo_id, const nlohmann::json& body) {
    return client().send_json("POST", "/api/v1/photos/" + photo_id + "/trichometry", body);
  }
  HttpReply correct(const std::string& photo_id, const nlohmann::json& marks,
                    const std::string& etag) {
    return client().send_json("PUT", "/api/v1/photos/" + photo_id + "/trichometry/correction",
                              marks, {{"If-Match", etag}});
  }
  // With If-Match `etag`, unless it is empty.
  HttpReply accept(const std::string& photo_id, const std::string& etag = "") {
    std::map<std::string, std::string> headers;
    if (!etag.empty()) headers["If-Match"] = etag;
    return client().send_json("POST", "/api/v1/photos/" + photo_id + "/trichometry/acceptance",
                              nlohmann::json::object(), headers);
  }

  // The two visits' images, taken in February and June under a consent given in January; their
  // ids (empty if either was refused).
  std::pair<std::string, std::string> upload_visits(const trichometry::SyntheticVisits& visits) {
    const HttpReply consent = client().send_json(
        "POST", "/api/v1/patients/" + patient_ + "/consents",
        {{"kind", "photos"}, {"method", "signed_form"}, {"given_at", "2026-01-05T09:00:00Z"}});
    EXPECT_EQ(consent.status, 201) << consent.body;
    const std::string baseline = upload(visits.baseline, "", "2026-02-01T10:00:00Z");
    const std::string later = upload(visits.follow_up, "", "2026-06-01T10:00:00Z");
    if (baseline.empty()) return {};
    return {baseline, later};
  }

  static nlohmann::json target_of(const trichometry::SyntheticImage& image) {
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

}  // namespace mesoclinic::testing

// Clinical photos through the API (issue 15, part 2) against the real binary on both engines:
// uploads that are not photos we keep (not an image, truncated, a PNG claiming 50,000 x 50,000
// pixels, a 200 MB body) are refused with their own problem and leave no row and no file; no
// photo without a consent to photos; what is kept has no GPS, stands upright and has a
// thumbnail; reception sees none of it, every read is audited, and erasure removes the files.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>

#include "api_fixture.h"
#include "core/ids.h"
#include "direct_sql.h"
#include "photo_samples.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

class PhotoApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    photo_dir_ = std::filesystem::temp_directory_path() / ("photos-api-" + random_hex(6));
    start_server({"--photo-dir", photo_dir_.string()});
    patient_ = create(patient_body())["id"].get<std::string>();
    photos_ = "/api/v1/patients/" + patient_ + "/photos";
  }
  void TearDown() override { std::filesystem::remove_all(photo_dir_); }

  // A consent to photos given `given_at` (an RFC 3339 time), or now.
  void consent_to_photos(const std::string& given_at = "") {
    json body = {{"kind", "photos"}, {"method", "signed_form"}};
    if (!given_at.empty()) body["given_at"] = given_at;
    const HttpReply consent =
        client().send_json("POST", "/api/v1/patients/" + patient_ + "/consents", body);
    ASSERT_EQ(consent.status, 201) << consent.body;
  }

  HttpReply upload(const std::string& bytes,
                   const std::string& query = "view=front&time_point=baseline",
                   const std::string& type = "image/jpeg") {
    return client().request("POST", photos_ + "?" + query, bytes, {{"Content-Type", type}});
  }

  std::size_t file_count() const {
    std::size_t count = 0;
    if (!std::filesystem::exists(photo_dir_)) return 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(photo_dir_)) {
      if (entry.is_regular_file()) ++count;
    }
    return count;
  }
  std::string photo_rows() { return query_value(database_url(), "SELECT COUNT(*) FROM photos"); }
  std::string audited(const std::string& action) {
    return query_value(database_url(),
                       "SELECT COUNT(*) FROM audit_entries WHERE action = '" + action + "'");
  }

  // Sends the headers of a POST claiming a body of `length` bytes and its first bytes, as a
  // client streaming a huge upload does, and returns the status line of the reply.
  std::string send_huge(std::size_t length) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server().port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd);
      return "connect failed";
    }
    std::string request =
        "POST " + photos_ + "?view=front&time_point=baseline HTTP/1.1\r\n" +
        "Host: 127.0.0.1\r\nContent-Type: image/jpeg\r\nContent-Length: " + std::to_string(length) +
        "\r\n";
    for (const auto& [name, value] : session_headers_) request += name + ": " + value + "\r\n";
    request += "Origin: " + client().own_origin() + "\r\n\r\n";
    request += jpeg_from_camera(64, 48).substr(0, 1000);
    const bool sent = ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
                      static_cast<ssize_t>(request.size());
    std::string reply(4096, '\0');
    const ssize_t got = sent ? ::recv(fd, reply.data(), reply.size(), 0) : -1;
    ::close(fd);
    if (got <= 0) return "no reply";
    reply.resize(static_cast<std::size_t>(got));
    return reply.substr(0, reply.find("\r\n"));
  }

  std::filesystem::path photo_dir_;
  std::string patient_;
  std::string photos_;
};

TEST_P(PhotoApiTest, WhatIsNotAPhotoWeKeepIsRefusedAndNothingIsStored) {
  consent_to_photos();
  const std::string camera = jpeg_from_camera(800, 600);
  struct Case {
    const char* name;
    std::string body;
    std::string type;
    int status;
    std::string problem;
  };
  const std::vector<Case> cases = {
      {"text, not an image", "Dear doctor, my scalp is itchy.", "image/jpeg", 415, "not-an-image"},
      {"a truncated JPEG", camera.substr(0, camera.size() / 2), "image/jpeg", 422,
       "unreadable-image"},
      {"a PNG claiming 50,000 x 50,000 pixels", png_claiming(50'000, 50'000), "image/png", 422,
       "image-too-large"},
      {"a photo sent as text", camera, "text/plain", 415, "unsupported-media-type"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const HttpReply refused = upload(c.body, "view=front&time_point=baseline", c.type);
    EXPECT_EQ(refused.status, c.status) << refused.body;
    EXPECT_EQ(refused.header("content-type"), "application/problem+json");
    EXPECT_EQ(refused.json().value("type", ""), "urn:mesoclinic:problem:" + c.problem);
    EXPECT_FALSE(refused.json().value("detail", "").empty());
  }
  // 200 MB: refused from its Content-Length, before the body is read.
  EXPECT_EQ(send_huge(200u * 1024 * 1024).substr(0, 12), "HTTP/1.1 413");
  // What the photo says of itself is checked too, before anything is kept.
  const HttpReply no_view = upload(camera, "time_point=baseline");
  EXPECT_EQ(no_view.status, 422) << no_view.body;
  EXPECT_EQ(no_view.json()["errors"][0]["field"], "/view");
  const HttpReply uncalibrated = upload(camera, "kind=trichoscopy&zone=vertex&time_point=baseline");
  EXPECT_EQ(uncalibrated.json()["errors"][0]["field"], "/um_per_pixel") << uncalibrated.body;
  const HttpReply unknown = upload(camera, "view=front&time_point=baseline&gps=41.0");
  EXPECT_EQ(unknown.json()["errors"][0]["field"], "/gps") << unknown.body;
  EXPECT_EQ(photo_rows(), "0");
  EXPECT_EQ(file_count(), 0u);
}

TEST_P(PhotoApiTest, NoPhotoWithoutAConsentToPhotos) {
  const HttpReply refused = upload(jpeg_from_camera(320, 240));
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.json().value("type", ""), "urn:mesoclinic:problem:consent-required");
  EXPECT_EQ(photo_rows(), "0");
  EXPECT_EQ(file_count(), 0u);
  consent_to_photos();
  EXPECT_EQ(upload(jpeg_from_camera(320, 240)).status, 201);
  // A picture taken before the consent was given is not covered by it.
  const HttpReply earlier = upload(jpeg_from_camera(320, 240),
                                   "view=top&time_point=baseline&taken_at=2020-01-01T10:00:00Z");
  EXPECT_EQ(earlier.status, 409) << earlier.body;
  EXPECT_EQ(photo_rows(), "1");
}

TEST_P(PhotoApiTest, APhotoComesBackUprightWithoutGpsAndWithItsThumbnail) {
  consent_to_photos("2024-12-01T09:00:00Z");
  // Taken with the camera turned: 1200 x 900 pixels, tagged to be shown rotated.
  const std::string sent = jpeg_from_camera(1200, 900, 6);
  ASSERT_TRUE(facts_of(sent).has_gps);
  const HttpReply recorded = upload(sent,
                                    "kind=trichoscopy&zone=vertex&um_per_pixel=2.5&"
                                    "time_point=end_of_course&taken_at=2025-01-02T10:00:00Z");
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  const json photo = recorded.json();
  const std::string item = "/api/v1/photos/" + photo["id"].get<std::string>();
  EXPECT_EQ(recorded.header("location"), item);
  EXPECT_EQ(photo["kind"], "trichoscopy");
  EXPECT_EQ(photo["zone"], "vertex");
  EXPECT_EQ(photo["view"], nullptr);
  EXPECT_EQ(photo["um_per_pixel"], 2.5);
  EXPECT_EQ(photo["time_point"], "end_of_course");
  EXPECT_EQ(photo["taken_at"], "2025-01-02T10:00:00.000Z");
  EXPECT_EQ(photo["width"], 900);
  EXPECT_EQ(photo["height"], 1200);
  EXPECT_EQ(client().get(item).json(), photo);
  EXPECT_EQ(client().get(photos_).json()["items"], json::array({photo}));

  const HttpReply image = client().get(item + "/image");
  ASSERT_EQ(image.status, 200);
  EXPECT_EQ(image.header("content-type"), "image/jpeg");
  EXPECT_EQ(image.header("etag"), "\"" + photo["sha256"].get<std::string>() + "\"");
  EXPECT_EQ(image.header("cache-control"), "no-store");  // not left on a shared computer
  EXPECT_EQ(std::to_string(image.body.size()), photo["byte_size"].dump());
  const ImageFacts kept = facts_of(image.body);
  EXPECT_FALSE(kept.has_gps);
  EXPECT_FALSE(kept.has_exif);
  EXPECT_EQ(kept.width, 900);
  EXPECT_EQ(kept.height, 1200);
  const HttpReply thumbnail = client().get(item + "/thumbnail");
  ASSERT_EQ(thumbnail.status, 200);
  const ImageFacts small = facts_of(thumbnail.body);
  EXPECT_EQ(small.width, 240);
  EXPECT_EQ(small.height, 320);
  EXPECT_FALSE(small.has_gps);
  // A copy the client kept is checked, not sent again.
  const HttpReply unchanged =
      client().request("GET", item + "/image", "", {{"If-None-Match", image.header("etag")}});
  EXPECT_EQ(unchanged.status, 304);
  EXPECT_TRUE(unchanged.body.empty());

  // The same upload again is a second photo over the same files.
  ASSERT_EQ(upload(sent, "kind=trichoscopy&zone=vertex&um_per_pixel=2.5&time_point=month_3").status,
            201);
  EXPECT_EQ(photo_rows(), "2");
  EXPECT_EQ(file_count(), 2u);
}

TEST_P(PhotoApiTest, ReceptionSeesNoPhotosAndEveryReadIsAudited) {
  consent_to_photos();
  const HttpReply recorded = upload(jpeg_from_camera(320, 240));
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  const std::string item = "/api/v1/photos/" + recorded.json()["id"].get<std::string>();
  EXPECT_EQ(audited("photo.record"), "1");

  add_user("reception", "front.desk");
  HttpClient reception(server().port());
  ASSERT_EQ(sign_in(reception, "front.desk").status, 201);
  for (const std::string& path : {photos_, item, item + "/image", item + "/thumbnail"}) {
    EXPECT_EQ(reception.get(path).status, 403) << path;
  }
  EXPECT_EQ(reception
                .request("POST", photos_ + "?view=front&time_point=baseline",
                         jpeg_from_camera(64, 48), {{"Content-Type", "image/jpeg"}})
                .status,
            403);

  add_user("auditor", "audit.photos");
  HttpClient auditor(server().port());
  ASSERT_EQ(sign_in(auditor, "audit.photos").status, 201);
  EXPECT_EQ(auditor.get(item + "/image").status, 200);
  EXPECT_EQ(audited("photo.image.read"), "1");
  EXPECT_EQ(client().get(item + "/thumbnail").status, 200);
  EXPECT_EQ(audited("photo.thumbnail.read"), "1");
  EXPECT_EQ(client().get(item).status, 200);
  EXPECT_EQ(audited("photo.read"), "1");
  EXPECT_EQ(client().get(photos_).status, 200);
  EXPECT_EQ(audited("photo.list"), "1");
  // The entry names the patient, so the patient's own trail shows who looked.
  EXPECT_EQ(query_value(database_url(),
                        "SELECT patient_id FROM audit_entries WHERE action = 'photo.image.read'"),
            patient_);
  // An unknown photo is not found, for the practitioner and the auditor alike.
  EXPECT_EQ(client().get("/api/v1/photos/" + new_id() + "/image").status, 404);
}

TEST_P(PhotoApiTest, ErasingThePatientRemovesThePhotoFiles) {
  consent_to_photos();
  const HttpReply recorded = upload(jpeg_from_camera(320, 240));
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  ASSERT_EQ(upload(png_with_alpha(200, 100), "view=top&time_point=baseline", "image/png").status,
            201);
  EXPECT_EQ(file_count(), 4u);
  const HttpReply erased =
      client().send_json("POST", "/api/v1/patients/" + patient_ + "/erasure", json::object());
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(file_count(), 0u);
  EXPECT_EQ(photo_rows(), "0");
  EXPECT_EQ(client().get("/api/v1/photos/" + recorded.json()["id"].get<std::string>()).status, 404);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, PhotoApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing

// The web app's files as the server answers them, without a server: what is served, with
// which headers, and what never is.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "web/web.h"

namespace mesoclinic::web {
namespace {

namespace fs = std::filesystem;

const std::string kIndex = "<!doctype html><title>mesoclinic</title><script src=/assets/a.js>";

class AppFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("mesoclinic-web-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "assets");
    write("index.html", kIndex);
    write("assets/app-abc123.js", script_);
    write("assets/logo-9f8e.png", std::string("\x89PNG\r\n\x1a\n", 8));
    write("favicon.ico", "ico");
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& name, const std::string& bytes) {
    fs::create_directories((root_ / name).parent_path());
    std::ofstream(root_ / name, std::ios::binary) << bytes;
  }

  std::unique_ptr<AppFiles> load(Options options = {}) {
    auto loaded = AppFiles::load(root_.string(), std::move(options));
    EXPECT_TRUE(loaded) << loaded.error().message;
    return loaded ? std::move(*loaded) : nullptr;
  }

  static std::optional<http::Response> get(const AppFiles& app, const std::string& path,
                                           std::map<std::string, std::string> headers = {},
                                           const std::string& method = "GET") {
    http::Request request;
    request.method = method;
    request.path = path;
    request.headers = std::move(headers);
    return app.serve(request);
  }

  static std::string header(const http::Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return {};
  }

  fs::path root_;
  std::string script_ = std::string(2000, ';') + "console.log('mesoclinic');";
};

TEST_F(AppFilesTest, ServesIndexForTheRootAndClientRoutesRevalidatedWithItsPolicy) {
  const auto app = load();
  ASSERT_TRUE(app);
  for (const char* path : {"/", "/patients/abc/chart", "/today", "/patients/", "/index.html"}) {
    const auto reply = get(*app, path);
    ASSERT_TRUE(reply) << path;
    EXPECT_EQ(reply->status, 200) << path;
    EXPECT_EQ(reply->body, kIndex) << path;
    EXPECT_EQ(reply->content_type, "text/html; charset=utf-8") << path;
    EXPECT_EQ(header(*reply, "Cache-Control"), "no-cache") << path;
    EXPECT_NE(header(*reply, "Content-Security-Policy").find("script-src 'self'"),
              std::string::npos)
        << path;
  }
}

TEST_F(AppFilesTest, ServesAssetsAsImmutableAndRootFilesRevalidated) {
  const auto app = load();
  ASSERT_TRUE(app);
  const auto script = get(*app, "/assets/app-abc123.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->body, script_);
  EXPECT_EQ(script->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(*script, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(*script, "Content-Security-Policy"), "") << "the server's default applies";
  const auto image = get(*app, "/assets/logo-9f8e.png");
  ASSERT_TRUE(image);
  EXPECT_EQ(image->content_type, "image/png");
  EXPECT_EQ(header(*image, "Vary"), "") << "never compressed, so never varies";
  const auto icon = get(*app, "/favicon.ico");
  ASSERT_TRUE(icon);
  EXPECT_EQ(icon->body, "ico");
  EXPECT_EQ(header(*icon, "Cache-Control"), "no-cache");
  EXPECT_EQ(app->file_count(), 4u);
}

TEST_F(AppFilesTest, MissingFilesAndApiPathsAreNotTheApps) {
  const auto app = load();
  ASSERT_TRUE(app);
  for (const char* path : {"/assets/app-000000.js", "/assets/", "/assets/newer", "/robots.txt",
                           "/patients/a.b", "/api", "/api/v1/nope", "/api/v1/patients/x"}) {
    EXPECT_FALSE(get(*app, path)) << path;
  }
  const auto other = get(*app, "/apiary");
  ASSERT_TRUE(other) << "only /api and what is under it is the API's";
  EXPECT_EQ(other->body, kIndex);
}

TEST_F(AppFilesTest, TraversalNeverGetsAFileOrIndex) {
  const auto app = load();
  ASSERT_TRUE(app);
  for (const char* path : {"/assets/../../etc/passwd", "/../../etc/passwd", "/../outside.txt",
                           "/assets/../index.html", "/./index.html", "/patients/..",
                           "/assets\\..\\index.html", "/patients\\x", "/a\tb", "/x\x7f"}) {
    EXPECT_FALSE(get(*app, path)) << path;
  }
  EXPECT_FALSE(get(*app, std::string("/index.html\0.js", 15)));
}

TEST_F(AppFilesTest, LeavesOutHiddenFilesAndSymbolicLinks) {
  write(".vite/manifest.json", "{}");
  write(".env", "SECRET=1");
  fs::create_symlink("/etc/hostname", root_ / "hostname.txt");
  fs::create_directory_symlink("/etc", root_ / "etc");
  const auto app = load();
  ASSERT_TRUE(app);
  EXPECT_EQ(app->file_count(), 4u);
  for (const char* path : {"/.vite/manifest.json", "/.env", "/hostname.txt", "/etc/hostname"}) {
    const auto reply = get(*app, path);
    EXPECT_TRUE(!reply || reply->body == kIndex) << path;
  }
}

TEST_F(AppFilesTest, AnswersIfNoneMatchWith304) {
  const auto app = load();
  ASSERT_TRUE(app);
  const auto first = get(*app, "/assets/app-abc123.js");
  ASSERT_TRUE(first);
  const std::string etag = header(*first, "ETag");
  ASSERT_EQ(etag.size(), 34u) << etag;
  EXPECT_EQ(etag.front(), '"');
  const auto again = get(*app, "/assets/app-abc123.js", {{"if-none-match", "\"old\", " + etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");
  EXPECT_EQ(again->content_type, "");
  EXPECT_EQ(header(*again, "ETag"), etag);
  const auto changed = get(*app, "/assets/app-abc123.js", {{"if-none-match", "\"old\""}});
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 200);
  // Another file has another tag.
  EXPECT_NE(header(*get(*app, "/"), "ETag"), etag);
}

TEST_F(AppFilesTest, SendsTheGzipCopyToClientsThatAcceptIt) {
  const auto app = load();
  ASSERT_TRUE(app);
  const auto plain = get(*app, "/assets/app-abc123.js");
  const auto packed = get(*app, "/assets/app-abc123.js", {{"accept-encoding", "gzip, br"}});
  ASSERT_TRUE(plain && packed);
  EXPECT_EQ(header(*plain, "Content-Encoding"), "");
  EXPECT_EQ(header(*plain, "Vary"), "Accept-Encoding");
  EXPECT_EQ(header(*packed, "Content-Encoding"), "gzip");
  EXPECT_EQ(header(*packed, "Vary"), "Accept-Encoding");
  EXPECT_LT(packed->body.size(), plain->body.size());
  EXPECT_TRUE(packed->body.starts_with("\x1f\x8b"));
  EXPECT_NE(header(*packed, "ETag"), header(*plain, "ETag"));
  const auto revalidated =
      get(*app, "/assets/app-abc123.js",
          {{"accept-encoding", "gzip"}, {"if-none-match", header(*packed, "ETag")}});
  EXPECT_EQ(revalidated->status, 304);
  // A tiny file gains nothing from gzip and is always sent as it is.
  const auto icon = get(*app, "/favicon.ico", {{"accept-encoding", "gzip"}});
  EXPECT_EQ(header(*icon, "Content-Encoding"), "");
}

TEST_F(AppFilesTest, OnlyGetAndHeadAreServed) {
  const auto app = load();
  ASSERT_TRUE(app);
  EXPECT_EQ(get(*app, "/", {}, "HEAD")->body, kIndex) << "the server drops a HEAD reply's body";
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    const auto refused = get(*app, "/", {}, method);
    ASSERT_TRUE(refused) << method;
    EXPECT_EQ(refused->status, 405) << method;
    EXPECT_EQ(refused->content_type, "application/problem+json");
    EXPECT_EQ(header(*refused, "Allow"), "GET, HEAD");
  }
  EXPECT_FALSE(get(*app, "/assets/missing.js", {}, "POST"));
}

TEST_F(AppFilesTest, RefusesAFolderThatIsNotABuiltApp) {
  fs::remove(root_ / "index.html");
  auto no_index = AppFiles::load(root_.string());
  ASSERT_FALSE(no_index);
  EXPECT_EQ(no_index.error().message, "web_root " + root_.string() +
                                          " has no index.html: run scripts/setup to build the "
                                          "web app");
  auto missing = AppFiles::load((root_ / "nowhere").string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("is not a folder"), std::string::npos);

  write("index.html", kIndex);
  Options few;
  few.max_files = 3;
  auto too_many = AppFiles::load(root_.string(), few);
  ASSERT_FALSE(too_many);
  EXPECT_NE(too_many.error().message.find("more than 3 files"), std::string::npos)
      << too_many.error().message;
  Options small;
  small.max_bytes = 1024;
  auto too_big = AppFiles::load(root_.string(), small);
  ASSERT_FALSE(too_big);
  EXPECT_NE(too_big.error().message.find("more than 1024 bytes"), std::string::npos)
      << too_big.error().message;
}

}  // namespace
}  // namespace mesoclinic::web

// The staff web app served by the real binary beside the API (`serve --web-root`): its pages
// and assets with their caching and security headers, and nothing else, whatever the path.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "http_client.h"
#include "server_process.h"
#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

namespace fs = std::filesystem;

const std::string kIndex =
    "<!doctype html><html><head><script type=\"module\" src=\"/assets/app-abc123.js\"></script>"
    "<link rel=\"stylesheet\" href=\"/assets/app-abc123.css\"></head><body></body></html>";
const std::string kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

std::string gunzip(const std::string& compressed) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return "inflateInit2 failed";
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return result == Z_STREAM_END ? out : "not gzip";
}

class WebAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mesoclinic-web-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    // The app's folder, and beside it a file no request may ever read.
    fs::create_directories(dir_ / "dist" / "assets");
    write("dist/index.html", kIndex);
    write("dist/assets/app-abc123.js", script_);
    write("dist/assets/app-abc123.css", "body{font-family:system-ui}\n");
    write("dist/favicon.ico", std::string("\0\0\1\0\1\0", 6));
    write("secret.txt", "beside the web root");
    server_ = std::make_unique<ServerProcess>(database_.url(),
                                              std::vector<std::string>{"--web-root", root()});
    client_ = std::make_unique<HttpClient>(server_->port());
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
    fs::remove_all(dir_);
  }

  void write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }
  std::string root() const { return (dir_ / "dist").string(); }
  HttpClient& client() { return *client_; }

  // Every reply carries these, whatever it is.
  static void expect_security_headers(const HttpReply& reply, const std::string& target) {
    EXPECT_EQ(reply.header("x-content-type-options"), "nosniff") << target;
    EXPECT_EQ(reply.header("x-frame-options"), "DENY") << target;
    EXPECT_EQ(reply.header("referrer-policy"), "no-referrer") << target;
    EXPECT_NE(reply.header("content-security-policy").find("frame-ancestors 'none'"),
              std::string::npos)
        << target;
  }

  TestDatabase database_{store::Engine::kSqlite};
  fs::path dir_;
  std::string script_ = "export const greet = () => 'mesoclinic';\n" + std::string(4000, ' ');
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(WebAppTest, TheRootAndClientRoutesGetIndexHtmlRevalidatedUnderThePagePolicy) {
  for (const std::string target : {"/", "/patients/x/chart", "/today?view=rooms", "/index.html"}) {
    const HttpReply page = client().get(target);
    EXPECT_EQ(page.status, 200) << target;
    EXPECT_EQ(page.body, kIndex) << target;
    EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8") << target;
    EXPECT_EQ(page.header("cache-control"), "no-cache") << target;
    EXPECT_EQ(page.header("content-security-policy"), kPagePolicy) << target;
    EXPECT_FALSE(page.header("etag").empty()) << target;
    expect_security_headers(page, target);
  }
}

TEST_F(WebAppTest, AssetsComeWithTheirTypeAndAreCachedForAYear) {
  const HttpReply script = client().get("/assets/app-abc123.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.body, script_);
  EXPECT_EQ(script.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script.header("cache-control"), "public, max-age=31536000, immutable");
  expect_security_headers(script, "script");
  const HttpReply style = client().get("/assets/app-abc123.css");
  EXPECT_EQ(style.status, 200);
  EXPECT_EQ(style.body, "body{font-family:system-ui}\n");
  EXPECT_EQ(style.header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(style.header("cache-control"), "public, max-age=31536000, immutable");
  const HttpReply icon = client().get("/favicon.ico");
  EXPECT_EQ(icon.status, 200);
  EXPECT_EQ(icon.body, std::string("\0\0\1\0\1\0", 6));
  EXPECT_EQ(icon.header("content-type"), "image/x-icon");
  EXPECT_EQ(icon.header("cache-control"), "no-cache");
}

TEST_F(WebAppTest, AMatchingIfNoneMatchIsA304WithoutABody) {
  const HttpReply first = client().get("/assets/app-abc123.js");
  const std::string etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  const HttpReply again =
      client().request("GET", "/assets/app-abc123.js", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  EXPECT_EQ(again.header("etag"), etag);
  const HttpReply page = client().get("/");
  const HttpReply same_page =
      client().request("GET", "/patients/abc", "", {{"If-None-Match", page.header("etag")}});
  EXPECT_EQ(same_page.status, 304) << "a client route is index.html, revalidated as such";
  const HttpReply stale =
      client().request("GET", "/assets/app-abc123.js", "", {{"If-None-Match", "\"0000\""}});
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.body, script_);
}

TEST_F(WebAppTest, MissingFilesAndUnknownApiPathsAreProblemsNeverIndexHtml) {
  for (const std::string target : {"/assets/app-000000.js", "/assets/", "/robots.txt",
                                   "/api/v1/nope", "/api/v1/", "/api/v2/patients", "/api"}) {
    const HttpReply missing = client().get(target);
    EXPECT_EQ(missing.status, 404) << target;
    EXPECT_EQ(missing.header("content-type"), "application/problem+json") << target;
    EXPECT_EQ(missing.json()["status"], 404) << target;
    EXPECT_EQ(missing.body.find("<!doctype"), std::string::npos) << target;
  }
  // The API and the operational routes answer as before.
  EXPECT_EQ(client().get("/api/v1/session").status, 401);
  EXPECT_EQ(client().get("/api/v1/session").header("cache-control"), "no-store");
  EXPECT_EQ(client().get("/healthz").status, 200);
  EXPECT_EQ(client().get("/readyz").status, 200);
  EXPECT_EQ(client().request("POST", "/healthz").status, 405);
}

TEST_F(WebAppTest, TraversalAttemptsNeverGiveAFile) {
  for (const std::string target :
       {"/assets/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fCMakeLists.txt",
        "/..%2fsecret.txt", "/%2E%2E/secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt", "/assets\\..\\..\\secret.txt", "/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc",
        "/index.html%00.js", "/./index.html", "//etc/passwd", "/assets/..", "/.."}) {
    const HttpReply reply = client().get(target);
    EXPECT_TRUE(reply.status == 404 || reply.status == 400 ||
                (reply.status == 200 && reply.body == kIndex))
        << target << " -> " << reply.status;
    EXPECT_EQ(reply.body.find("root:"), std::string::npos) << target;
    EXPECT_EQ(reply.body.find("beside the web root"), std::string::npos) << target;
    EXPECT_EQ(reply.body.find("cmake_minimum_required"), std::string::npos) << target;
    if (target.find("..") != std::string::npos || target.find("%2") != std::string::npos) {
      EXPECT_NE(reply.status, 200) << target << " is refused, not answered with the app";
    }
  }
}

TEST_F(WebAppTest, HeadHasTheHeadersOfGetAndNoBody) {
  const HttpReply head = client().request("HEAD", "/");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.header("content-length"), std::to_string(kIndex.size()));
  EXPECT_EQ(head.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(head.header("content-security-policy"), kPagePolicy);
  const HttpReply asset = client().request("HEAD", "/assets/app-abc123.css");
  EXPECT_EQ(asset.status, 200);
  EXPECT_EQ(asset.body, "");
  EXPECT_EQ(asset.header("cache-control"), "public, max-age=31536000, immutable");
  // The keep-alive connection is still in step after two bodiless replies.
  EXPECT_EQ(client().get("/assets/app-abc123.css").body, "body{font-family:system-ui}\n");
}

TEST_F(WebAppTest, OtherMethodsOnTheAppAreRefusedWithAProblem) {
  for (const std::string target : {"/", "/patients/x", "/assets/app-abc123.js"}) {
    const HttpReply post = client().request(
        "POST", target, "x=1", {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(post.status, 405) << target;
    EXPECT_EQ(post.header("content-type"), "application/problem+json") << target;
    EXPECT_EQ(post.header("allow"), "GET, HEAD") << target;
  }
  EXPECT_EQ(client().request("DELETE", "/assets/missing.js").status, 404);
}

TEST_F(WebAppTest, TextIsSentGzippedToClientsThatAskAndAsItIsToOthers) {
  const HttpReply packed =
      client().request("GET", "/assets/app-abc123.js", "", {{"Accept-Encoding", "gzip, br"}});
  EXPECT_EQ(packed.status, 200);
  EXPECT_EQ(packed.header("content-encoding"), "gzip");
  EXPECT_EQ(packed.header("vary"), "Accept-Encoding");
  EXPECT_LT(packed.body.size(), script_.size());
  EXPECT_EQ(gunzip(packed.body), script_);
  const HttpReply plain =
      client().request("GET", "/assets/app-abc123.js", "", {{"Accept-Encoding", "identity"}});
  EXPECT_EQ(plain.header("content-encoding"), "");
  EXPECT_EQ(plain.header("vary"), "Accept-Encoding");
  EXPECT_EQ(plain.body, script_);
  EXPECT_NE(plain.header("etag"), packed.header("etag"));
  const HttpReply page = client().request("GET", "/", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(page.header("content-encoding"), "gzip");
  EXPECT_EQ(gunzip(page.body), kIndex);
}

TEST_F(WebAppTest, WithoutAWebRootNothingIsServedOutsideTheApi) {
  client_.reset();
  server_ = std::make_unique<ServerProcess>(database_.url());
  HttpClient http(server_->port());
  for (const std::string target : {"/", "/patients/x/chart", "/assets/app-abc123.js"}) {
    const HttpReply reply = http.get(target);
    EXPECT_EQ(reply.status, 404) << target;
    EXPECT_EQ(reply.header("content-type"), "application/problem+json") << target;
  }
  EXPECT_EQ(http.get("/healthz").status, 200);
}

}  // namespace
}  // namespace mesoclinic::testing

// What a served file is and how the request headers about it are read.
#include "web/content.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace mesoclinic::web {
namespace {

std::string gunzip(const std::string& compressed) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

TEST(ContentType, FollowsTheExtensionWhateverItsCase) {
  EXPECT_EQ(content_type_for("assets/index-3f2a9c1b.js").media_type,
            "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("index.html").media_type, "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("assets/index-3f2a9c1b.CSS").media_type, "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("logo.svg").media_type, "image/svg+xml");
  EXPECT_EQ(content_type_for("assets/inter.woff2").media_type, "font/woff2");
  EXPECT_EQ(content_type_for("favicon.ico").media_type, "image/x-icon");
  EXPECT_EQ(content_type_for("assets/index.js.map").media_type, "application/json");
  EXPECT_EQ(content_type_for("site.webmanifest").media_type, "application/manifest+json");
  EXPECT_EQ(content_type_for("robots.txt").media_type, "text/plain; charset=utf-8");
  EXPECT_TRUE(content_type_for("a.js").compressible);
  EXPECT_FALSE(content_type_for("a.png").compressible);
  EXPECT_FALSE(content_type_for("a.woff2").compressible);
  for (const char* unknown : {"archive.tar.zst", "README", "dir.d/noext", "trailing."}) {
    EXPECT_EQ(content_type_for(unknown).media_type, "application/octet-stream") << unknown;
    EXPECT_FALSE(content_type_for(unknown).compressible) << unknown;
  }
}

TEST(Gzip, RoundTripsAndShrinksText) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "export const line" + std::to_string(i) + " = 'same';\n";
  const auto compressed = gzip(text);
  ASSERT_TRUE(compressed);
  EXPECT_LT(compressed->size(), text.size() / 4);
  EXPECT_EQ(gunzip(*compressed), text);
  const auto empty = gzip("");
  ASSERT_TRUE(empty);
  EXPECT_EQ(gunzip(*empty), "");
}

TEST(AcceptEncoding, AdmitsGzipUnlessRefused) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br, zstd"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("x-gzip"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip; q=0.000, br"));
  EXPECT_FALSE(accepts_gzip("*, gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("*;q=0"));
  EXPECT_TRUE(accepts_gzip("gzip;q=0.001"));
}

TEST(IfNoneMatch, NamesTheTagWeaklyOrStar) {
  EXPECT_TRUE(none_match_names("\"abc\"", "\"abc\""));
  EXPECT_TRUE(none_match_names("\"x\", \"abc\"", "\"abc\""));
  EXPECT_TRUE(none_match_names("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(none_match_names("*", "\"abc\""));
  EXPECT_FALSE(none_match_names("\"abcd\"", "\"abc\""));
  EXPECT_FALSE(none_match_names("abc", "\"abc\""));
  EXPECT_FALSE(none_match_names("", "\"abc\""));
}

}  // namespace
}  // namespace mesoclinic::web

// The patient handout through the API (issue 6 step 4): a signed session's aftercare plan and
// next appointment as a PDF in A4 and US Letter, English and Turkish, rendered to an image by
// poppler and checked not to be blank; as an HTML page with hostile input escaped; and the
// clinic contact it prints, which admins keep.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "catalogue/catalogue.h"
#include "chart_fixture.h"
#include "command_output.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What poppler makes of a PDF: page 1 as a PNG and as a greyscale image, the page size line of
// pdfinfo and the text.
struct Rendered {
  std::string png;
  int width = 0, height = 0;
  std::size_t dark_pixels = 0;  // darker than mid-grey
  std::string info;
  std::string text;
};

Rendered render_page_one(const std::string& pdf) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("mesoclinic-handout-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "handout.pdf").string();
  std::ofstream(file, std::ios::binary) << pdf;
  Rendered rendered;
  command_output("pdftoppm -png -r 50 -f 1 -l 1 -singlefile " + file + " " +
                 (dir / "page").string());
  rendered.png = read_file(dir / "page.png");
  // The same page in grey (PGM, "P5 width height 255" then one byte a pixel) to count ink.
  command_output("pdftoppm -gray -r 50 -f 1 -l 1 -singlefile " + file + " " +
                 (dir / "page").string());
  const std::string pgm = read_file(dir / "page.pgm");
  std::istringstream header(pgm);
  std::string magic;
  int max_value = 0;
  header >> magic >> rendered.width >> rendered.height >> max_value;
  EXPECT_EQ(magic, "P5");
  EXPECT_EQ(max_value, 255);
  const auto pixels = static_cast<std::size_t>(rendered.width) * rendered.height;
  const auto start = static_cast<std::size_t>(header.tellg()) + 1;  // one whitespace byte
  EXPECT_EQ(pgm.size(), start + pixels);
  for (std::size_t i = start; i < pgm.size(); ++i) {
    if (static_cast<unsigned char>(pgm[i]) < 128) ++rendered.dark_pixels;
  }
  rendered.info = command_output("pdfinfo " + file);
  rendered.text = words_only(command_output("pdftotext " + file + " -"));
  std::filesystem::remove_all(dir);
  return rendered;
}

class HandoutTest : public ChartTest {
 protected:
  void SetUp() override {
    ChartTest::SetUp();
    if (HasFatalFailure()) return;
    // A hostile name: whatever a receptionist types must come out as text.
    patient_ = suitable_patient("Yılmaz", "<script>alert('x')</script>");
    session_ = session_that_began(2);
    const std::string chart = "/api/v1/appointments/" + session_ + "/chart";
    ASSERT_EQ(put_as_read(client(), chart, chart_body()).status, 200);
    const HttpReply signed_reply = client().send_json("POST", chart + "/signature", json::object());
    ASSERT_EQ(signed_reply.status, 200) << signed_reply.body;
    aftercare_ = signed_reply.json()["aftercare"];
    const HttpReply next = client().send_json("POST", "/api/v1/appointments",
                                              {{"patient_id", patient_},
                                               {"practitioner_id", practitioner_id_},
                                               {"starts", {{"local", future(20, 1) + "T10:00"}}},
                                               {"minutes", 30}});
    ASSERT_EQ(next.status, 201) << next.body;
    next_ = next.json();
    const json clinics = client().get("/api/v1/clinics").json();
    for (const auto& clinic : clinics["items"]) {
      if (clinic["id"] == clinic_id_) clinic_name_ = clinic["name"];
    }
    ASSERT_FALSE(clinic_name_.empty());
  }

  std::string handout(const std::string& query = "") const {
    return "/api/v1/appointments/" + session_ + "/handout" + query;
  }

  // The words the handout uses for a local time of the aftercare plan, in `language`.
  static std::string in_words(const std::string& language, const json& time) {
    return catalogue::format_day_time(language,
                                      parse_local(time["local"].get<std::string>()).value());
  }

  std::string session_;
  json aftercare_;
  json next_;
  std::string clinic_name_;
};

TEST_P(HandoutTest, PdfRendersInBothPaperSizesAndBothLanguages) {
  const std::string phone =
      client().get("/api/v1/clinics/" + clinic_id_ + "/contact").json()["phone"];
  ASSERT_FALSE(phone.empty()) << "the demo gives each clinic a contact";
  struct Case {
    std::string paper, language, size, washing;
  };
  for (const Case& each :
       {Case{"a4", "en", "595 x 842", "Do not wash your hair or scalp"},
        Case{"letter", "en", "612 x 792", "Do not wash your hair or scalp"},
        Case{"a4", "tr", "595 x 842", "Saçınızı ve saç derinizi yıkamayın"},
        Case{"letter", "tr", "612 x 792", "Saçınızı ve saç derinizi yıkamayın"}}) {
    SCOPED_TRACE(each.paper + " " + each.language);
    const HttpReply reply =
        client().get(handout("?format=pdf&paper=" + each.paper + "&lang=" + each.language));
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.header("content-type"), "application/pdf");
    ASSERT_TRUE(reply.body.starts_with("%PDF-"));
    const Rendered page = render_page_one(reply.body);
    EXPECT_TRUE(page.png.starts_with("\x89PNG\r\n\x1a\n")) << "pdftoppm made a PNG";
    const std::size_t pixels = static_cast<std::size_t>(page.width) * page.height;
    ASSERT_GT(pixels, 100'000u);
    // Text fills a few percent of a printed page; a blank page has none, a broken one is black.
    EXPECT_GT(page.dark_pixels, pixels / 200) << "page 1 is blank";
    EXPECT_LT(page.dark_pixels, pixels / 4);
    EXPECT_NE(page.info.find(each.size + " pts"), std::string::npos) << page.info;
    EXPECT_NE(page.text.find(clinic_name_), std::string::npos) << page.text;
    EXPECT_NE(page.text.find(each.washing), std::string::npos) << page.text;
    EXPECT_NE(page.text.find(in_words(each.language, aftercare_["restrictions"][0]["until"])),
              std::string::npos)
        << page.text;
    EXPECT_NE(page.text.find(in_words(each.language, next_["starts"])), std::string::npos)
        << "the next appointment: " << page.text;
    EXPECT_NE(page.text.find(phone), std::string::npos) << "the contact in the footer";
  }

  // Without parameters: a PDF on A4 in the patient's preferred language (Turkish).
  const HttpReply plain = client().get(handout());
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_EQ(plain.header("content-type"), "application/pdf");
  const Rendered page = render_page_one(plain.body);
  EXPECT_NE(page.info.find("595 x 842"), std::string::npos) << page.info;
  EXPECT_NE(page.text.find("yıkamayın"), std::string::npos) << page.text;
  EXPECT_NE(page.text.find("Bir sonraki randevunuz"), std::string::npos) << page.text;
  EXPECT_EQ(query_value(database_url(),
                        "SELECT COUNT(*) FROM audit_entries WHERE action = "
                        "'handout.read' AND patient_id = '" +
                            patient_ + "'"),
            "5")
      << "every read of the handout is audited";
}

TEST_P(HandoutTest, HtmlIsAPrintablePageWithTheNameEscaped) {
  const HttpReply reply = client().get(handout("?format=html&lang=en"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(reply.header("content-security-policy").find("default-src 'none'"), std::string::npos);
  const std::string& html = reply.body;
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">")) << html;
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_NE(html.find("For \u2068&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Yılmaz\u2069"),
            std::string::npos)
      << html;
  const json washing = aftercare_["restrictions"][0];
  EXPECT_NE(html.find("until " + in_words("en", washing["until"]) + " (better until " +
                      in_words("en", washing["better_until"]) + ")"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find(clinic_name_), std::string::npos);

  const HttpReply turkish = client().get(handout("?format=html"));
  ASSERT_EQ(turkish.status, 200);
  EXPECT_NE(turkish.body.find("<html lang=\"tr\">"), std::string::npos)
      << "the patient's preferred language by default";
  EXPECT_NE(turkish.body.find(in_words("tr", washing["until"]) + " tarihine kadar"),
            std::string::npos)
      << turkish.body;
}

TEST_P(HandoutTest, BadParametersAreNamedAndOnlySignedVisibleSessionsHaveOne) {
  for (const auto& [query, parameter] :
       {std::pair{"?format=docx", "format"}, std::pair{"?paper=a5", "paper"},
        std::pair{"?lang=de", "lang"}, std::pair{"?format=pdf&lang=", "lang"}}) {
    const HttpReply refused = client().get(handout(query));
    EXPECT_EQ(refused.status, 422) << query;
    EXPECT_EQ(refused.header("content-type"), "application/problem+json");
    EXPECT_EQ(refused.json()["errors"][0]["field"], parameter) << refused.body;
  }
  const HttpReply unsigned_session =
      client().get("/api/v1/appointments/" + next_["id"].get<std::string>() + "/handout");
  EXPECT_EQ(unsigned_session.status, 404);
  EXPECT_NE(unsigned_session.body.find("not signed yet"), std::string::npos);

  add_user("practitioner", "dr.elsewhere", {other_clinic_id_});
  HttpClient elsewhere(server().port());
  ASSERT_EQ(sign_in(elsewhere, "dr.elsewhere").status, 201);
  const HttpReply hidden = elsewhere.get(handout());
  EXPECT_EQ(hidden.status, 404) << "another clinic's patient is not visible";
  EXPECT_EQ(hidden.body.find(clinic_name_), std::string::npos);
}

TEST_P(HandoutTest, AdminsKeepTheClinicContactThatTheHandoutPrints) {
  const std::string contact = "/api/v1/clinics/" + clinic_id_ + "/contact";
  const HttpReply refused = put_as_read(
      *admin_, contact,
      {{"phone", "0212 555"}, {"email", "desk"}, {"address", std::string(301, 'a')}, {"fax", "1"}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  std::set<std::string> fields;
  const json refused_errors = refused.json()["errors"];
  for (const auto& error : refused_errors) fields.insert(error["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"/fax"})) << "unknown members first: " << refused.body;
  const HttpReply invalid =
      put_as_read(*admin_, contact,
                  {{"phone", "0212 555"}, {"email", "desk"}, {"address", std::string(301, 'a')}});
  ASSERT_EQ(invalid.status, 422) << invalid.body;
  fields.clear();
  const json invalid_errors = invalid.json()["errors"];
  for (const auto& error : invalid_errors) fields.insert(error["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"/phone", "/email", "/address"})) << invalid.body;

  const HttpReply saved = put_as_read(
      *admin_, contact,
      {{"phone", "+90 216 555 99 88"}, {"email", "kabul@moda.example.org"}, {"address", nullptr}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.json(), (json{{"phone", "+902165559988"},
                                {"email", "kabul@moda.example.org"},
                                {"address", nullptr}}));
  EXPECT_EQ(client().get(contact).json(), saved.json()) << "anyone signed in reads it";
  EXPECT_EQ(put_as_read(client(), contact, {{"phone", "+902165550000"}}).status, 403)
      << "only admins change it";

  const std::string text = render_page_one(client().get(handout("?lang=tr")).body).text;
  EXPECT_NE(text.find("Telefon: +902165559988"), std::string::npos) << text;
  EXPECT_NE(text.find("E-posta: kabul@moda.example.org"), std::string::npos) << text;
  EXPECT_EQ(text.find("Adres:"), std::string::npos) << "no address, no address line";
}

INSTANTIATE_TEST_SUITE_P(BothEngines, HandoutTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing

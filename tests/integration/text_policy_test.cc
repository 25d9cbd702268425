// The text policy (issue 13 part 9) end to end on both engines: every free-text field of the
// API takes text in any script (CJK, Arabic, emoji, combining marks) and gives it back byte
// for byte, or refuses it with a 422 naming the field; nothing is ever stored changed (a NUL
// that PostgreSQL would cut, a control character, a bidirectional override).
#include <functional>

#include "chart_fixture.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

enum class Kind { kName, kNote };

struct Probe {
  const char* what;
  std::string text;
  bool name_ok;  // a name or identifier may hold it
  bool note_ok;  // a note may hold it
};

const std::vector<Probe>& probes() {
  static const std::vector<Probe> kProbes = {
      {"CJK", "王小明 山田花子", true, true},
      {"Arabic", "محمد الأحمد", true, true},
      {"emoji", "Zoë 👩‍⚕️ 🙂", true, true},
      {"combining marks", "Ame\u0301lie Nguye\u0302\u0303n", true, true},
      {"Hangul and Devanagari", "김민준 देवनागरी", true, true},
      {"a right-to-left mark", "abc\u200fdef", true, true},
      {"NUL", std::string("Ay\0se", 5), false, false},
      {"a bell", "Ay\x07se", false, false},
      {"C1 next line", "Ay\u0085se", false, false},
      {"an escape sequence", "Ay\x1b[31mse", false, false},
      {"a right-to-left override", "Ay\u202ese", false, false},
      {"an isolate", "Ay\u2067se\u2069", false, false},
      {"line breaks and tabs", "one\ntwo\r\n\tthree", false, true},
      {"a leading space", " Ayşe", false, true},
  };
  return kProbes;
}

// One free-text field: how to store a text in it and read it back from a later request.
struct Field {
  std::string what;
  Kind kind;
  std::string pointer;                                 // the field error a refusal names
  std::function<HttpReply(const std::string&)> store;  // a 2xx when stored
  std::function<json(const HttpReply& stored)> read;   // the stored text, read afresh
};

json find_by_id(const json& items, const json& id) {
  for (const auto& item : items) {
    if (item["id"] == id) return item;
  }
  return nullptr;
}

class TextPolicyTest : public ChartTest {
 protected:
  std::string clinic() const { return "/api/v1/clinics/" + clinic_id_; }

  int serial_ = 0;

  std::vector<Field> fields() {
    std::vector<Field> all;
    // A PUT is made as read (with If-Match naming the current version).
    const auto admin = [this](const std::string& method, const std::string& target,
                              const json& body) {
      return method == "PUT" ? put_as_read(*admin_, target, body)
                             : admin_->send_json(method, target, body);
    };
    const auto staff = [this](const std::string& method, const std::string& target,
                              const json& body) {
      return method == "PUT" ? put_as_read(client(), target, body)
                             : client().send_json(method, target, body);
    };
    all.push_back({"room name", Kind::kName, "/name",
                   [=, this](const std::string& text) {
                     return admin("POST", clinic() + "/rooms", {{"name", text}});
                   },
                   [this](const HttpReply& stored) {
                     return find_by_id(admin_->get(clinic() + "/rooms").json()["items"],
                                       stored.json()["id"])["name"];
                   }});
    all.push_back({"product name", Kind::kName, "/name",
                   [=, this](const std::string& text) {
                     return admin(
                         "POST", "/api/v1/products",
                         {{"name", text}, {"formulation_id", formulation_id_}, {"vial_ml", 5}});
                   },
                   [this](const HttpReply& stored) {
                     return find_by_id(admin_->get("/api/v1/products").json()["items"],
                                       stored.json()["id"])["name"];
                   }});
    const auto formulation = [=](const std::string& name, const std::string& substance) {
      return admin(
          "POST", "/api/v1/formulations",
          {{"name", name},
           {"ingredients", {{{"substance", substance}, {"amount_per_ml", 2}, {"unit", "mg"}}}}});
    };
    const auto read_formulation = [this](const HttpReply& stored) {
      return admin_->get("/api/v1/formulations/" + stored.json()["id"].get<std::string>()).json();
    };
    all.push_back({"formulation name", Kind::kName, "/name",
                   [=](const std::string& text) { return formulation(text, "biotin"); },
                   [=](const HttpReply& stored) { return read_formulation(stored)["name"]; }});
    all.push_back({"ingredient", Kind::kName, "/ingredients/0/substance",
                   [=, this](const std::string& text) {
                     return formulation("Mix " + std::to_string(++serial_),
                                        text);  // names are unique
                   },
                   [=](const HttpReply& stored) {
                     return read_formulation(stored)["ingredients"][0]["substance"];
                   }});
    const auto protocol = [=, this](const std::string& name, const std::string& technique) {
      return admin("POST", "/api/v1/protocols",
                   {{"name", name},
                    {"formulation_id", formulation_id_},
                    {"technique", technique},
                    {"sessions", 6},
                    {"interval_days", {7, 7, 7, 7, 7}},
                    {"appointment_minutes", 45}});
    };
    const auto read_protocol = [this](const HttpReply& stored) {
      return admin_->get("/api/v1/protocols/" + stored.json()["id"].get<std::string>()).json();
    };
    all.push_back({"protocol name", Kind::kName, "/name",
                   [=](const std::string& text) { return protocol(text, "nappage"); },
                   [=](const HttpReply& stored) { return read_protocol(stored)["name"]; }});
    all.push_back({"protocol technique", Kind::kNote, "/technique",
                   [=, this](const std::string& text) {
                     return protocol("Course " + std::to_string(++serial_), text);
                   },
                   [=](const HttpReply& stored) { return read_protocol(stored)["technique"]; }});
    for (const char* name : {"family_name", "given_name"}) {
      all.push_back({std::string("patient ") + name, Kind::kName, std::string("/") + name,
                     [=, this](const std::string& text) {
                       json body = patient_body();
                       body[name] = text;
                       return staff("POST", "/api/v1/patients", body);
                     },
                     [=, this](const HttpReply& stored) {
                       return client()
                           .get("/api/v1/patients/" + stored.json()["id"].get<std::string>())
                           .json()[name];
                     }});
    }
    const std::string patient = "/api/v1/patients/" + patient_;
    // A new version of a record kept in versions names the one it replaces.
    const auto save_version = [this](const std::string& target, const json& body) {
      const HttpReply current = client().get(target);
      std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
      if (current.status == 200) headers["If-Match"] = current.header("etag");
      return client().request("POST", target, body.dump(), headers);
    };
    all.push_back({"medical history note", Kind::kNote, "/notes",
                   [=](const std::string& text) {
                     json body = history_body();
                     body["notes"] = text;
                     return save_version(patient + "/medical-history", body);
                   },
                   [=, this](const HttpReply&) {
                     return client().get(patient + "/medical-history").json()["notes"];
                   }});
    all.push_back({"medical condition", Kind::kName, "/conditions/0",
                   [=](const std::string& text) {
                     json body = history_body();
                     body["conditions"] = {text};
                     return save_version(patient + "/medical-history", body);
                   },
                   [=, this](const HttpReply&) {
                     return client().get(patient + "/medical-history").json()["conditions"][0];
                   }});
    all.push_back({"hair assessment note", Kind::kNote, "/notes",
                   [=](const std::string& text) {
                     json body = assessment_body();
                     body["notes"] = text;
                     return save_version(patient + "/hair-assessment", body);
                   },
                   [=, this](const HttpReply&) {
                     return client().get(patient + "/hair-assessment").json()["notes"];
                   }});
    const std::string chart = "/api/v1/appointments/" + session_that_began(2) + "/chart";
    all.push_back({"chart note", Kind::kNote, "/notes",
                   [=](const std::string& text) {
                     json body = chart_body();
                     body["notes"] = text;
                     return staff("PUT", chart, body);
                   },
                   [=, this](const HttpReply&) { return client().get(chart).json()["notes"]; }});
    all.push_back({"adverse event", Kind::kName, "/adverse_events/0/kind",
                   [=](const std::string& text) {
                     json body = chart_body();
                     body["adverse_events"] = {
                         {{"kind", text}, {"severity", "mild"}, {"action_taken", "cold pack"}}};
                     return staff("PUT", chart, body);
                   },
                   [=, this](const HttpReply&) {
                     return client().get(chart).json()["adverse_events"][0]["kind"];
                   }});
    all.push_back({"closure reason", Kind::kNote, "/closures/0/reason",
                   [=, this](const std::string& text) {
                     return admin("PUT", clinic() + "/calendar",
                                  {{"opening_hours", weekdays_nine_to_six()},
                                   {"closures", {{{"date", future(200, 2)}, {"reason", text}}}},
                                   {"healing_days", 4}});
                   },
                   [this](const HttpReply&) {
                     return admin_->get(clinic() + "/calendar").json()["closures"][0]["reason"];
                   }});
    all.push_back({"clinic address", Kind::kNote, "/address",
                   [=, this](const std::string& text) {
                     return admin("PUT", clinic() + "/contact",
                                  {{"phone", "+902165559988"}, {"address", "Moda " + text}});
                   },
                   [this](const HttpReply&) {
                     const json address = admin_->get(clinic() + "/contact").json()["address"];
                     return address.is_string() ? json(address.get<std::string>().substr(5))
                                                : address;
                   }});
    all.push_back({"token name", Kind::kName, "/name",
                   [=](const std::string& text) {
                     return admin("POST", "/api/v1/tokens", {{"name", text}, {"role", "auditor"}});
                   },
                   [this](const HttpReply& stored) {
                     return find_by_id(admin_->get("/api/v1/tokens").json()["items"],
                                       stored.json()["id"])["name"];
                   }});
    return all;
  }
};

TEST_P(TextPolicyTest, EveryFreeTextFieldKeepsTextExactlyOrRefusesIt) {
  for (const Field& field : fields()) {
    for (const Probe& probe : probes()) {
      SCOPED_TRACE(field.what + " with " + probe.what);
      const bool allowed = field.kind == Kind::kName ? probe.name_ok : probe.note_ok;
      const HttpReply stored = field.store(probe.text);
      if (allowed) {
        ASSERT_GE(stored.status, 200) << stored.body;
        ASSERT_LT(stored.status, 300) << stored.body;
        const json read = field.read(stored);
        ASSERT_TRUE(read.is_string()) << read;
        EXPECT_EQ(read.get<std::string>(), probe.text) << "stored and read back byte for byte";
      } else {
        ASSERT_EQ(stored.status, 422) << stored.body;
        bool named = false;
        const json problem = stored.json();
        for (const auto& error : problem["errors"]) named |= error["field"] == field.pointer;
        EXPECT_TRUE(named) << stored.body;
      }
    }
  }
}

TEST_P(TextPolicyTest, AnAppointmentNoteIsKeptExactlyOrRefused) {
  int week = 1;
  for (const Probe& probe : probes()) {
    SCOPED_TRACE(probe.what);
    const HttpReply booked =
        client().send_json("POST", "/api/v1/appointments",
                           {{"patient_id", patient_},
                            {"practitioner_id", practitioner_id_},
                            {"starts", {{"local", future(7 * week++, 1) + "T16:00"}}},
                            {"minutes", 45}});
    ASSERT_EQ(booked.status, 201) << booked.body;
    const std::string id = booked.json()["id"];
    const HttpReply changed = client().send_json("POST", "/api/v1/appointments/" + id + "/status",
                                                 {{"status", "cancelled"}, {"note", probe.text}});
    if (!probe.note_ok) {
      ASSERT_EQ(changed.status, 422) << changed.body;
      EXPECT_EQ(changed.json()["errors"][0]["field"], "/note");
      continue;
    }
    ASSERT_EQ(changed.status, 200) << changed.body;
    const json listed = find_by_id(
        client().get("/api/v1/patients/" + patient_ + "/appointments").json()["items"], id);
    EXPECT_EQ(listed["note"], probe.text);
  }
}

TEST_P(TextPolicyTest, RegistrationRefusesAddressesTheMailerCannotUse) {
  for (const char* address :
       {"a,bcc:b@example.com", "x>y@example.com", "a b@example.com", "\"quoted\"@example.com",
        "a@b", "a..b@example.com", "a@-example.com", "a@example.com\r\nBcc: c@example.com"}) {
    SCOPED_TRACE(address);
    json body = patient_body();
    body["email"] = address;
    const HttpReply refused = client().send_json("POST", "/api/v1/patients", body);
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(refused.json()["errors"][0]["field"], "/email");
  }
  json body = patient_body();
  body["email"] = "o'neil+mesoclinic@mail.example.com.tr";
  EXPECT_EQ(client().send_json("POST", "/api/v1/patients", body).status, 201);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, TextPolicyTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing

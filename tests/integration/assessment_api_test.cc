// Assessment through the API: versioned history and assessment, the screened proposal, the
// practitioner's decision, and rule files loaded by an admin - on both engines.
#include "api_fixture.h"
#include "clinic/suitability.h"
#include "direct_sql.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

class AssessmentTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    patient_id_ = create(patient_body())["id"];
    base_ = "/api/v1/patients/" + patient_id_;
  }

  HttpClient& admin() {
    if (!admin_) {
      add_user("admin", "admin.test");
      admin_ = std::make_unique<HttpClient>(server().port());
      EXPECT_EQ(sign_in(*admin_, "admin.test").status, 201);
    }
    return *admin_;
  }

  std::string add_formulation(const std::string& name, const std::vector<std::string>& substances) {
    json ingredients = json::array();
    for (const auto& substance : substances) {
      ingredients.push_back({{"substance", substance}, {"amount_per_ml", 2.5}, {"unit", "mg"}});
    }
    const HttpReply made = admin().send_json("POST", "/api/v1/formulations",
                                             {{"name", name}, {"ingredients", ingredients}});
    EXPECT_EQ(made.status, 201) << made.body;
    return made.json().value("id", "");
  }

  json propose(const json& body = json::object()) {
    const HttpReply reply = client().send_json("POST", base_ + "/suitability", body);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json();
  }

  // A decision on `proposal` as reviewed, with `fields` added (outcome, reasons).
  HttpReply decide(const json& proposal, json fields, const std::string& idempotency_key = "") {
    fields["rule_set_version"] = proposal["rule_set"]["version"];
    fields["medical_history_version"] = proposal["medical_history_version"];
    fields["hair_assessment_version"] = proposal["hair_assessment_version"];
    std::map<std::string, std::string> headers;
    if (!idempotency_key.empty()) headers["Idempotency-Key"] = idempotency_key;
    return client().send_json("POST", base_ + "/decisions", fields, headers);
  }

  std::string stored(const std::string& sql) { return query_value(database_url(), sql); }

  std::string patient_id_, base_;
  std::unique_ptr<HttpClient> admin_;
};

std::vector<std::string> fields_of(const HttpReply& reply) {
  std::vector<std::string> fields;
  const json problem = reply.json();
  for (const auto& error : problem.value("errors", json::array())) fields.push_back(error["field"]);
  return fields;
}

TEST_P(AssessmentTest, EachSaveIsANewVersionAndEarlierOnesStayReadable) {
  EXPECT_EQ(client().get(base_ + "/medical-history").status, 404);
  const HttpReply first = client().send_json("POST", base_ + "/medical-history", history_body());
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.header("etag"), "\"1\"");

  json changed = history_body();
  changed["anticoagulants"] = true;
  changed["medications"] = {"warfarin 5 mg"};
  // Saving over a version needs to say which one it builds on.
  EXPECT_EQ(client().send_json("POST", base_ + "/medical-history", changed).status, 428);
  EXPECT_EQ(client()
                .send_json("POST", base_ + "/medical-history", changed, {{"If-Match", "\"7\""}})
                .status,
            412);
  const HttpReply second =
      client().send_json("POST", base_ + "/medical-history", changed, {{"If-Match", "\"1\""}});
  ASSERT_EQ(second.status, 201) << second.body;

  const json latest = client().get(base_ + "/medical-history").json();
  EXPECT_EQ(latest["version"], 2);
  EXPECT_EQ(latest["anticoagulants"], true);
  const json earlier = client().get(base_ + "/medical-history?version=1").json();
  EXPECT_EQ(earlier["version"], 1);
  EXPECT_EQ(earlier["anticoagulants"], false);
  EXPECT_EQ(earlier["medications"], json({"vitamin D 1000 IU"}));
  EXPECT_EQ(client().get(base_ + "/medical-history?version=3").status, 404);
  EXPECT_EQ(stored("SELECT COUNT(*) FROM audit_entries WHERE action = 'medical_history.read' AND "
                   "patient_id = '" +
                   patient_id_ + "'"),
            "2");
}

TEST_P(AssessmentTest, BadInputGetsFieldErrorsAndChangesNothing) {
  json assessment = assessment_body();
  assessment["scale"] = "ludwig";  // "III vertex" exists only on Norwood-Hamilton
  assessment["measurements"][0]["value"] = 1200;
  assessment["measurements"][1]["unit"] = "mm";
  assessment["pull_test"]["hairs_out"] = 61;
  assessment["affected_zones"] = {"vertex", "crown"};
  const HttpReply refused = client().send_json("POST", base_ + "/hair-assessment", assessment);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.header("content-type"), "application/problem+json");
  EXPECT_EQ(fields_of(refused), (std::vector<std::string>{"/affected_zones/1"}))
      << "decoding errors come first: " << refused.body;

  assessment["affected_zones"] = {"vertex"};
  const HttpReply ranges = client().send_json("POST", base_ + "/hair-assessment", assessment);
  EXPECT_EQ(ranges.status, 422);
  auto fields = fields_of(ranges);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"/measurements/0/value", "/measurements/1/unit",
                                              "/pull_test/hairs_out", "/stage"}))
      << ranges.body;
  EXPECT_NE(ranges.body.find("between 0 and 1000 hairs/cm2"), std::string::npos) << ranges.body;

  json history = history_body();
  history.erase("pregnant_or_breastfeeding");  // a screening fact is never assumed
  history["diabetes"] = "sometimes";
  history["bleeding_disorder"] = "no";
  const HttpReply bad_history = client().send_json("POST", base_ + "/medical-history", history);
  EXPECT_EQ(bad_history.status, 422);
  fields = fields_of(bad_history);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"/bleeding_disorder", "/diabetes",
                                              "/pregnant_or_breastfeeding"}));
  EXPECT_EQ(client()
                .request("POST", base_ + "/medical-history", "{\"allergies\": [",
                         {{"Content-Type", "application/json"}})
                .status,
            400);
  EXPECT_EQ(stored("SELECT COUNT(*) FROM clinical_records"), "0");
}

TEST_P(AssessmentTest, ProposalNamesEveryFiredRuleWithItsFacts) {
  // Nothing recorded yet: nothing to screen.
  EXPECT_EQ(client().send_json("POST", base_ + "/suitability", json::object()).status, 409);
  record_assessment(patient_id_);
  json proposal = propose();
  EXPECT_EQ(proposal["proposed_outcome"], "suitable");
  EXPECT_TRUE(proposal["fired_rules"].empty());
  EXPECT_EQ(proposal["rule_set"]["version"], 1);

  json history = history_body();
  history["pregnant_or_breastfeeding"] = true;
  history["anticoagulants"] = true;
  ASSERT_EQ(client()
                .send_json("POST", base_ + "/medical-history", history, {{"If-Match", "\"1\""}})
                .status,
            201);
  proposal = propose();
  EXPECT_EQ(proposal["proposed_outcome"], "not_now");
  ASSERT_EQ(proposal["fired_rules"].size(), 2u) << proposal.dump();
  EXPECT_EQ(proposal["fired_rules"][0]["rule_id"], "pregnancy");
  EXPECT_EQ(proposal["fired_rules"][0]["facts"]["pregnant_or_breastfeeding"], true);
  EXPECT_EQ(proposal["fired_rules"][1]["rule_id"], "bleeding-risk");
  EXPECT_EQ(proposal["fired_rules"][1]["facts"]["anticoagulants"], true);
  EXPECT_FALSE(proposal["fired_rules"][1]["explanation"].get<std::string>().empty());
  EXPECT_EQ(proposal["medical_history_version"], 2);
}

TEST_P(AssessmentTest, AnAllergyBlocksOnlyTheFormulationHoldingTheSubstance) {
  const std::string with_biotin = add_formulation("Biotin complex", {"Biotin", "panthenol"});
  const std::string peptides = add_formulation("Peptide mix", {"copper peptide", "zinc"});
  json history = history_body();
  history["allergies"] = {"biotin"};
  ASSERT_EQ(client().send_json("POST", base_ + "/medical-history", history).status, 201);
  ASSERT_EQ(client().send_json("POST", base_ + "/hair-assessment", assessment_body()).status, 201);

  json blocked = propose({{"formulation_id", with_biotin}});
  EXPECT_EQ(blocked["proposed_outcome"], "not_with_this_formulation");
  EXPECT_EQ(blocked["allergens"], json({"Biotin"}));
  EXPECT_EQ(propose({{"formulation_id", peptides}})["proposed_outcome"], "suitable");
  const HttpReply unknown = client().send_json("POST", base_ + "/suitability",
                                               {{"formulation_id", "no-such-formulation"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(fields_of(unknown), std::vector<std::string>{"/formulation_id"});
}

TEST_P(AssessmentTest, TheDecisionKeepsItsRuleSetAfterTheRulesChange) {
  record_assessment(patient_id_);
  json history = history_body();
  history["keloid_tendency"] = true;
  ASSERT_EQ(client()
                .send_json("POST", base_ + "/medical-history", history, {{"If-Match", "\"1\""}})
                .status,
            201);
  const json proposal = propose();
  EXPECT_EQ(proposal["proposed_outcome"], "practitioner_decision");

  // The rules leave it to the practitioner: a reason is required, and "practitioner_decision"
  // is not itself a decision.
  const HttpReply no_reason = decide(proposal, {{"outcome", "suitable"}});
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_EQ(fields_of(no_reason), std::vector<std::string>{"/override_reason"});
  EXPECT_EQ(decide(proposal, {{"outcome", "practitioner_decision"}}).status, 422);
  // Not now needs the day to re-assess, and not a day gone by.
  const HttpReply no_reassess = decide(proposal, {{"outcome", "not_now"},
                                                  {"override_reason", "Wants to wait."},
                                                  {"reassess", "after the holidays"}});
  EXPECT_EQ(no_reassess.status, 422);
  EXPECT_EQ(fields_of(no_reassess), std::vector<std::string>{"/reassess_on"});
  const HttpReply past_reassess = decide(proposal, {{"outcome", "not_now"},
                                                    {"override_reason", "Wants to wait."},
                                                    {"reassess_on", "2020-01-01"}});
  EXPECT_EQ(past_reassess.status, 422);
  EXPECT_EQ(fields_of(past_reassess), std::vector<std::string>{"/reassess_on"});
  const HttpReply no_day = decide(proposal, {{"outcome", "not_now"},
                                             {"override_reason", "Wants to wait."},
                                             {"reassess_on", "next spring"}});
  EXPECT_EQ(no_day.status, 422);
  EXPECT_EQ(fields_of(no_day), std::vector<std::string>{"/reassess_on"});
  const HttpReply decided = decide(
      proposal,
      {{"outcome", "suitable"},
       {"override_reason", "Old keloid on the chest only; scalp heals well (previous biopsy)."}});
  ASSERT_EQ(decided.status, 201) << decided.body;
  EXPECT_EQ(decided.json()["rule_set"]["version"], 1);
  EXPECT_FALSE(decided.json()["overridden"].get<bool>()) << "choosing when asked is no override";

  // An admin loads a stricter rule file: keloid tendency now means "not now".
  std::string stricter(clinic::default_rule_file());
  const std::string from = "when = \"keloid_tendency\"\noutcome = \"practitioner_decision\"";
  ASSERT_NE(stricter.find(from), std::string::npos);
  stricter.replace(stricter.find(from), from.size(),
                   "when = \"keloid_tendency\"\noutcome = \"not_now\"");
  stricter.replace(stricter.find("mesoclinic defaults 1"), 21, "clinic rules 2026-12");
  const HttpReply loaded = admin().request("POST", "/api/v1/rule-sets", stricter,
                                           {{"Content-Type", "application/toml"}});
  ASSERT_EQ(loaded.status, 201) << loaded.body;
  EXPECT_EQ(loaded.json()["version"], 2);

  EXPECT_EQ(propose()["proposed_outcome"], "not_now");
  // A decision on the old proposal is refused: the rules changed under it.
  EXPECT_EQ(decide(proposal, {{"outcome", "suitable"}, {"override_reason", "x"}}).status, 409);

  const json decisions = client().get(base_ + "/decisions").json();
  ASSERT_EQ(decisions["items"].size(), 1u);
  const json& kept = decisions["items"][0];
  EXPECT_EQ(kept["rule_set"]["version"], 1);
  EXPECT_EQ(kept["rule_set"]["name"], "mesoclinic defaults 1");
  EXPECT_EQ(kept["proposed_outcome"], "practitioner_decision");
  EXPECT_EQ(kept["fired_rules"][0]["outcome"], "practitioner_decision");
  EXPECT_EQ(kept["outcome"], "suitable");
  EXPECT_EQ(kept["override_reason"],
            "Old keloid on the chest only; scalp heals well (previous biopsy).");
  const json old_rules = client().get("/api/v1/rule-sets/1").json();
  EXPECT_EQ(old_rules["source"], std::string(clinic::default_rule_file()));
}

// A decision stands on the records the practitioner reviewed: a colleague's newer history
// since then sends them back to the proposal. Overriding a clear proposal needs a reason.
TEST_P(AssessmentTest, DecisionsStandOnTheRecordsReviewed) {
  record_assessment(patient_id_);
  const json reviewed = propose();
  json history = history_body();
  history["pregnant_or_breastfeeding"] = true;
  ASSERT_EQ(client()
                .send_json("POST", base_ + "/medical-history", history, {{"If-Match", "\"1\""}})
                .status,
            201);
  const HttpReply stale = decide(reviewed, {{"outcome", "suitable"}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_NE(stale.body.find("medical_history_version"), std::string::npos) << stale.body;

  const json current = propose();
  EXPECT_EQ(current["proposed_outcome"], "not_now");
  EXPECT_EQ(decide(current, {{"outcome", "suitable"}}).status, 422);  // an override, no reason
  const json waiting_body = {{"outcome", "not_now"},
                             {"reassess", "after breastfeeding ends"},
                             {"reassess_on", "2099-06-01"}};
  const HttpReply waiting = decide(current, waiting_body, "decision-1");
  ASSERT_EQ(waiting.status, 201) << waiting.body;
  // The same request retried (a dropped connection) records nothing new.
  const HttpReply retried = decide(current, waiting_body, "decision-1");
  EXPECT_EQ(retried.status, 201);
  EXPECT_EQ(retried.header("idempotent-replayed"), "true");
  EXPECT_EQ(retried.json()["id"], waiting.json()["id"]);
  EXPECT_FALSE(waiting.json()["overridden"].get<bool>());
  EXPECT_EQ(waiting.json()["reassess"], "after breastfeeding ends");
  EXPECT_EQ(waiting.json()["reassess_on"], "2099-06-01");
  EXPECT_EQ(stored("SELECT COUNT(*) FROM suitability_decisions"), "1");
  EXPECT_EQ(stored("SELECT COUNT(*) FROM worklist_items WHERE kind = 'reassess'"), "1")
      << "one re-assessment on the worklist, the retry added none";
}

TEST_P(AssessmentTest, AMalformedRuleFileIsRefusedWholeAndTheRulesInForceStay) {
  const std::string broken =
      "name = \"typo\"\n[[rules]]\nid = \"pregnancy\"\nwhen = \"pregnent\"\n"
      "outcome = \"not_now\"\nexplanation = \"x\"\n[[rules]]\nid = \"b\"\n"
      "when = \"diabetes\"\noutcome = \"later\"\nexplanation = \"y\"\n";
  const HttpReply refused =
      admin().request("POST", "/api/v1/rule-sets", broken, {{"Content-Type", "application/toml"}});
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(fields_of(refused), (std::vector<std::string>{"/rules/0/when", "/rules/1/outcome"}));
  EXPECT_NE(refused.body.find("line 4: unknown fact \\\"pregnent\\\""), std::string::npos)
      << refused.body;
  const HttpReply syntax = admin().request("POST", "/api/v1/rule-sets", "name = \"x\"\n[[rules]\n",
                                           {{"Content-Type", "application/toml"}});
  EXPECT_EQ(syntax.status, 422);
  EXPECT_NE(syntax.body.find("line 2"), std::string::npos) << syntax.body;
  const json rule_sets = admin().get("/api/v1/rule-sets").json();
  ASSERT_EQ(rule_sets["items"].size(), 1u);
  EXPECT_EQ(rule_sets["items"][0]["version"], 1);
}

TEST_P(AssessmentTest, ExportCarriesTheClinicalRecordAndErasureRemovesIt) {
  record_assessment(patient_id_);
  ASSERT_EQ(decide(propose(), {{"outcome", "suitable"}}).status, 201);
  const json exported = client().get(base_ + "/export").json();
  EXPECT_EQ(exported["clinical_records"]["medical_history"].size(), 1u);
  EXPECT_EQ(exported["clinical_records"]["hair_assessment"][0]["stage"], "III vertex");
  EXPECT_EQ(exported["suitability_decisions"].size(), 1u);
  ASSERT_EQ(client().send_json("POST", base_ + "/erasure", json::object()).status, 200);
  EXPECT_EQ(stored("SELECT COUNT(*) FROM clinical_records"), "0");
  EXPECT_EQ(stored("SELECT COUNT(*) FROM suitability_decisions"), "0");
}

INSTANTIATE_TEST_SUITE_P(BothEngines, AssessmentTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing

// Formulations, rule sets, protocols, courses, session charts and aftercare plans
// (store/treatment.h) over SQL.
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

struct FormulationRow {
  static constexpr std::string_view kSelect =
      "SELECT id, name, created_at, version, retired_at FROM formulations";
  clinic::Formulation value;
  long long version = 0;
  void into(Query& query) {
    query.into(value.id, value.name, value.created_at, version, value.lifecycle.retired_at);
  }
  Result<void> finish() {
    value.lifecycle.version = version;
    return {};
  }
};

struct IngredientRow {
  static constexpr std::string_view kSelect =
      "SELECT substance, amount_per_ml, unit FROM formulation_ingredients";
  clinic::Ingredient value;
  void into(Query& query) { query.into(value.substance, value.amount_per_ml, value.unit); }
};

// The formulations matching `clause`, each with its ingredients in order. Throws.
Result<std::vector<clinic::Formulation>> select_formulations(soci::session& session,
                                                             std::string_view clause,
                                                             const Params& params) {
  auto formulations = select<FormulationRow>(session, clause, params);
  if (!formulations) return formulations;
  for (auto& formulation : *formulations) {
    auto ingredients =
        select<IngredientRow>(session, "formulation_id = :formulation_id ORDER BY position",
                              {{"formulation_id", formulation.id}});
    if (!ingredients) return std::unexpected(ingredients.error());
    formulation.ingredients = std::move(*ingredients);
  }
  return formulations;
}

struct RuleSetRow {
  static constexpr std::string_view kSelect =
      "SELECT version, name, source, loaded_at, loaded_by FROM rule_sets";
  StoredRuleSet value;
  long long version = 0;
  void into(Query& query) {
    query.into(version, value.name, value.source, value.loaded_at, value.loaded_by);
  }
  Result<void> finish() {
    value.version = version;
    return {};
  }
};

// A rule set without its source, for lists.
struct RuleSetSummaryRow : RuleSetRow {
  static constexpr std::string_view kSelect =
      "SELECT version, name, '' AS source, loaded_at, loaded_by FROM rule_sets";
};

struct ProtocolRow {
  static constexpr std::string_view kSelect =
      "SELECT id, name, formulation_id, created_at, body, version, updated_at, retired_at FROM "
      "protocols";
  StoredProtocol value;
  long long version = 0;
  void into(Query& query) {
    query.into(value.id, value.name, value.formulation_id, value.created_at, value.body, version,
               value.updated_at, value.retired_at);
  }
  Result<void> finish() {
    value.version = version;
    return {};
  }
};

Params protocol_params(const StoredProtocol& protocol) {
  return {{"id", protocol.id},
          {"name", protocol.name},
          {"formulation_id", protocol.formulation_id},
          {"created_at", protocol.created_at},
          {"body", protocol.body},
          {"version", static_cast<long long>(protocol.version)},
          {"updated_at", protocol.updated_at},
          {"retired_at", protocol.retired_at}};
}

struct CourseRow {
  static constexpr std::string_view kSelect =
      "SELECT id, clinic_id, patient_id, protocol_id, created_at, created_by, body, "
      "agreed_cost_minor, agreed_cost_currency FROM courses";
  StoredCourse value;
  std::optional<long long> cost_minor;
  std::optional<std::string> cost_currency;
  void into(Query& query) {
    query.into(value.id, value.clinic_id, value.patient_id, value.protocol_id, value.created_at,
               value.created_by, value.body, cost_minor, cost_currency);
  }
  Result<void> finish() {
    if (cost_minor && cost_currency) value.agreed_cost = Money{*cost_minor, *cost_currency};
    return {};
  }
};

struct ChartRow {
  static constexpr std::string_view kSelect =
      "SELECT appointment_id, version, patient_id, body, recorded_at, recorded_by, signed_at, "
      "signed_by, correction_reason, adverse_event_count FROM session_charts";
  StoredChart value;
  long long version = 0;
  int adverse_events = 0;
  std::optional<std::string> signed_by, correction_reason;
  void into(Query& query) {
    query.into(value.appointment_id, version, value.patient_id, value.body, value.recorded_at,
               value.recorded_by, value.signed_at, signed_by, correction_reason, adverse_events);
  }
  Result<void> finish() {
    value.version = version;
    value.adverse_events = adverse_events;
    value.signed_by = signed_by.value_or("");
    value.correction_reason = correction_reason.value_or("");
    return {};
  }
};

struct AftercarePlanRow {
  static constexpr std::string_view kSelect = "SELECT body FROM aftercare_plans";
  std::string value;
  void into(Query& query) { query.into(value); }
};

}  // namespace

Result<void> SqlTransaction::insert_formulation(const clinic::Formulation& formulation) {
  return guarded("saving a formulation", [&]() -> Result<void> {
    if (count_where("formulations", "name", formulation.name) > 0) {
      return fail(ErrorCode::kNameTaken, "a formulation named " + formulation.name + " exists");
    }
    run("INSERT INTO formulations (id, name, created_at) VALUES (:id, :name, :created_at)",
        {{"id", formulation.id},
         {"name", formulation.name},
         {"created_at", formulation.created_at}});
    for (std::size_t i = 0; i < formulation.ingredients.size(); ++i) {
      const auto& ingredient = formulation.ingredients[i];
      run("INSERT INTO formulation_ingredients (formulation_id, position, substance, "
          "amount_per_ml, unit) VALUES (:formulation_id, :position, :substance, "
          ":amount_per_ml, :unit)",
          {{"formulation_id", formulation.id},
           {"position", static_cast<long long>(i)},
           {"substance", ingredient.substance},
           {"amount_per_ml", ingredient.amount_per_ml},
           {"unit", ingredient.unit}});
    }
    return {};
  });
}

Result<std::optional<clinic::Formulation>> SqlTransaction::find_formulation(const std::string& id) {
  return guarded("reading a formulation", [&] {
    return first_of(select_formulations(session_, "id = :id", {{"id", id}}));
  });
}

Result<std::vector<clinic::Formulation>> SqlTransaction::list_formulations(
    clinic::Retired retired) {
  return guarded("listing formulations", [&] {
    return select_formulations(session_,
                               retired == clinic::Retired::kIncluded
                                   ? "1 = 1 ORDER BY name"
                                   : "retired_at IS NULL ORDER BY name",
                               {});
  });
}

Result<void> SqlTransaction::update_formulation(const clinic::Formulation& formulation,
                                                std::int64_t expected_version) {
  return update_catalogue_item({.table = "formulations",
                                .kind = "formulation",
                                .id = formulation.id,
                                .name = formulation.name,
                                .lifecycle = formulation.lifecycle,
                                .scope_column = "",
                                .scope = ""},
                               expected_version);
}

Result<void> SqlTransaction::insert_rule_set(const StoredRuleSet& rule_set) {
  return write("saving a rule set",
               "INSERT INTO rule_sets (version, name, source, loaded_at, loaded_by) VALUES "
               "(:version, :name, :source, :loaded_at, :loaded_by)",
               {{"version", static_cast<long long>(rule_set.version)},
                {"name", rule_set.name},
                {"source", rule_set.source},
                {"loaded_at", rule_set.loaded_at},
                {"loaded_by", rule_set.loaded_by}});
}

Result<std::optional<StoredRuleSet>> SqlTransaction::find_rule_set(
    std::optional<std::int64_t> version) {
  if (!version) return one<RuleSetRow>("reading a rule set", "1 = 1 ORDER BY version DESC LIMIT 1");
  return one<RuleSetRow>("reading a rule set", "version = :version",
                         {{"version", static_cast<long long>(*version)}});
}

Result<std::vector<StoredRuleSet>> SqlTransaction::list_rule_sets() {
  return rows<RuleSetSummaryRow>("listing rule sets", "1 = 1 ORDER BY version DESC");
}

Result<void> SqlTransaction::insert_protocol(const StoredProtocol& protocol) {
  return guarded("saving a protocol", [&]() -> Result<void> {
    if (count_where("protocols", "name", protocol.name) > 0) {
      return fail(ErrorCode::kNameTaken, "a protocol named " + protocol.name + " exists");
    }
    run("INSERT INTO protocols (id, name, formulation_id, created_at, body, version, "
        "updated_at, retired_at) VALUES (:id, :name, :formulation_id, :created_at, :body, "
        ":version, :updated_at, :retired_at)",
        protocol_params(protocol));
    return {};
  });
}

Result<void> SqlTransaction::update_protocol(const StoredProtocol& protocol,
                                             std::int64_t expected_version) {
  return guarded("updating a protocol", [&]() -> Result<void> {
    auto named = select<ProtocolRow>(session_, "name = :name AND id <> :id",
                                     {{"name", protocol.name}, {"id", protocol.id}});
    if (!named) return std::unexpected(named.error());
    if (!named->empty()) {
      return fail(ErrorCode::kNameTaken, "a protocol named " + protocol.name + " exists");
    }
    Params params = protocol_params(protocol);
    params.emplace_back("expected_version", static_cast<long long>(expected_version));
    // Every column is bound, so the one that never changes (created_at) is compared.
    const long long changed =
        run("UPDATE protocols SET name = :name, formulation_id = :formulation_id, body = :body, "
            "version = :version, updated_at = :updated_at, retired_at = :retired_at WHERE id = "
            ":id AND created_at = :created_at AND version = :expected_version",
            params);
    if (changed == 1) return {};
    if (!exists("protocols", protocol.id)) {
      return fail(ErrorCode::kNotFound, "No protocol with this id.");
    }
    return fail(ErrorCode::kPreconditionFailed,
                "The protocol was changed by someone else; read it again and retry.");
  });
}

Result<std::optional<StoredProtocol>> SqlTransaction::find_protocol(const std::string& id) {
  return one<ProtocolRow>("reading a protocol", "id = :id", {{"id", id}});
}

Result<std::vector<StoredProtocol>> SqlTransaction::list_protocols() {
  return rows<ProtocolRow>("listing protocols", "1 = 1 ORDER BY name");
}

Result<void> SqlTransaction::insert_course(const StoredCourse& course) {
  return write(
      "saving a course",
      "INSERT INTO courses (id, clinic_id, patient_id, protocol_id, created_at, "
      "created_by, body, agreed_cost_minor, agreed_cost_currency) VALUES (:id, "
      ":clinic_id, :patient_id, :protocol_id, :created_at, :created_by, :body, "
      ":cost_minor, :cost_currency)",
      {{"id", course.id},
       {"clinic_id", course.clinic_id},
       {"patient_id", course.patient_id},
       {"protocol_id", course.protocol_id},
       {"created_at", course.created_at},
       {"created_by", course.created_by},
       {"body", course.body},
       {"cost_minor", course.agreed_cost ? std::optional<long long>(course.agreed_cost->minor_units)
                                         : std::nullopt},
       {"cost_currency",
        course.agreed_cost ? std::optional(course.agreed_cost->currency) : std::nullopt}});
}

Result<std::optional<StoredCourse>> SqlTransaction::find_course(const std::string& id) {
  return one<CourseRow>("reading a course", "id = :id", {{"id", id}});
}

Result<std::vector<StoredCourse>> SqlTransaction::list_courses(const std::string& patient_id) {
  return rows<CourseRow>("listing courses", "patient_id = :patient_id ORDER BY created_at, id",
                         {{"patient_id", patient_id}});
}

Result<void> SqlTransaction::insert_chart(const StoredChart& chart) {
  const auto signed_by = chart.signed_at ? std::optional(chart.signed_by) : std::nullopt;
  const auto reason =
      chart.correction_reason.empty() ? std::nullopt : std::optional(chart.correction_reason);
  return write("saving a session chart",
               "INSERT INTO session_charts (appointment_id, version, patient_id, body, "
               "recorded_at, recorded_by, signed_at, signed_by, correction_reason, "
               "adverse_event_count) VALUES (:appointment_id, :version, :patient_id, :body, "
               ":recorded_at, :recorded_by, :signed_at, :signed_by, :correction_reason, "
               ":adverse_events)",
               {{"appointment_id", chart.appointment_id},
                {"version", static_cast<long long>(chart.version)},
                {"patient_id", chart.patient_id},
                {"body", chart.body},
                {"recorded_at", chart.recorded_at},
                {"recorded_by", chart.recorded_by},
                {"signed_at", chart.signed_at},
                {"signed_by", signed_by},
                {"correction_reason", reason},
                {"adverse_events", static_cast<long long>(chart.adverse_events)}});
}

Result<void> SqlTransaction::replace_draft_chart(const StoredChart& chart,
                                                 Instant seen_recorded_at) {
  return guarded("saving a draft chart", [&]() -> Result<void> {
    const long long changed =
        run("UPDATE session_charts SET body = :body, adverse_event_count = :adverse_events, "
            "recorded_at = :recorded_at, recorded_by = :recorded_by WHERE appointment_id = "
            ":appointment_id AND version = :version AND "
            "signed_at IS NULL AND recorded_at = :seen_recorded_at",
            {{"body", chart.body},
             {"adverse_events", static_cast<long long>(chart.adverse_events)},
             {"recorded_at", chart.recorded_at},
             {"recorded_by", chart.recorded_by},
             {"appointment_id", chart.appointment_id},
             {"version", static_cast<long long>(chart.version)},
             {"seen_recorded_at", seen_recorded_at}});
    if (changed == 1) return {};
    auto stored =
        select<ChartRow>(session_, "appointment_id = :appointment_id AND version = :version",
                         {{"appointment_id", chart.appointment_id},
                          {"version", static_cast<long long>(chart.version)}});
    if (!stored) return std::unexpected(stored.error());
    if (!stored->empty() && stored->front().signed_at) {
      return fail(ErrorCode::kChartSigned, "the chart is signed; signed charts do not change");
    }
    return fail(ErrorCode::kPreconditionFailed,
                "the draft was saved again meanwhile; read it again and retry with its ETag");
  });
}

Result<void> SqlTransaction::sign_chart(const std::string& appointment_id, std::int64_t version,
                                        Instant when, const std::string& signed_by) {
  // The condition on signed_at makes a second, concurrent signature find nothing to sign.
  return write_one("signing a chart",
                   "UPDATE session_charts SET signed_at = :signed_at, signed_by = :signed_by "
                   "WHERE appointment_id = :appointment_id AND version = :version AND signed_at "
                   "IS NULL",
                   {{"signed_at", when},
                    {"signed_by", signed_by},
                    {"appointment_id", appointment_id},
                    {"version", static_cast<long long>(version)}},
                   ErrorCode::kChartSigned, "the chart is signed already");
}

Result<std::optional<StoredChart>> SqlTransaction::find_chart(const std::string& appointment_id,
                                                              std::optional<std::int64_t> version) {
  Params params = {{"appointment_id", appointment_id}};
  std::string clause = "appointment_id = :appointment_id";
  if (version) {
    clause += " AND version = :version";
    params.emplace_back("version", static_cast<long long>(*version));
  }
  return one<ChartRow>("reading a session chart", clause + " ORDER BY version DESC LIMIT 1",
                       params);
}

Result<void> SqlTransaction::save_aftercare_plan(const std::string& appointment_id,
                                                 const std::string& patient_id,
                                                 const std::string& body, Instant issued_at) {
  return write("saving an aftercare plan",
               "INSERT INTO aftercare_plans (appointment_id, patient_id, issued_at, body) VALUES "
               "(:appointment_id, :patient_id, :issued_at, :body) ON CONFLICT (appointment_id) "
               "DO UPDATE SET issued_at = excluded.issued_at, body = excluded.body",
               {{"appointment_id", appointment_id},
                {"patient_id", patient_id},
                {"issued_at", issued_at},
                {"body", body}});
}

Result<std::optional<std::string>> SqlTransaction::find_aftercare_plan(
    const std::string& appointment_id) {
  return one<AftercarePlanRow>("reading an aftercare plan", "appointment_id = :appointment_id",
                               {{"appointment_id", appointment_id}});
}

}  // namespace mesoclinic::store::internal

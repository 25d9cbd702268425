// The worklist (store/worklist.h) over SQL. An item is opened with ON CONFLICT DO NOTHING on its
// kind, source and key, so two requests noticing the same event open one item; a closure is
// fenced on "still open", so two people closing it at once cannot both succeed.
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

struct WorklistRow {
  static constexpr std::string_view kSelect =
      "SELECT id, clinic_id, patient_id, course_id, kind, source_id, source_key, due_by, detail, "
      "status, closed_at, closed_by, closing_note, created_at FROM worklist_items";
  clinic::WorklistItem value;
  std::string kind, due_by, status;
  std::optional<Instant> closed_at;
  std::optional<std::string> closed_by, closing_note;
  void into(Query& query) {
    query.into(value.id, value.clinic_id, value.patient_id, value.course_id, kind, value.source_id,
               value.source_key, due_by, value.detail, status, closed_at, closed_by, closing_note,
               value.created_at);
  }
  Result<void> finish() {
    const auto parsed_kind = clinic::parse_worklist_kind(kind);
    const auto parsed_status = clinic::parse_worklist_status(status);
    auto parsed_due = parse_iso_date(due_by);
    if (!parsed_kind || !parsed_status || !parsed_due) {
      return fail(ErrorCode::kInternal,
                  "a stored worklist item has an unknown kind, status or day");
    }
    value.kind = *parsed_kind;
    value.due_by = *parsed_due;
    value.closure.reset();
    if (*parsed_status == clinic::WorklistStatus::kClosed && closed_at) {
      value.closure = clinic::WorklistClosure{.closed_at = *closed_at,
                                              .closed_by = closed_by.value_or(""),
                                              .note = closing_note.value_or("")};
    }
    return {};
  }
};

std::string status_text(clinic::WorklistStatus status) {
  return std::string(clinic::to_string(status));
}

// Items of patients deleted or erased stay out of every list.
constexpr std::string_view kPatientShown =
    "patient_id IN (SELECT id FROM patients WHERE deleted_at IS NULL)";

}  // namespace

Result<bool> SqlTransaction::open_worklist_item(const clinic::WorklistItem& item) {
  auto opened = execute(
      "opening a worklist item",
      "INSERT INTO worklist_items (id, clinic_id, patient_id, course_id, kind, source_id, "
      "source_key, due_by, detail, status, created_at) VALUES (:id, :clinic_id, :patient_id, "
      ":course_id, :kind, :source_id, :source_key, :due_by, :detail, :status, :created_at) "
      "ON CONFLICT (kind, source_id, source_key) DO NOTHING",
      {{"id", item.id},
       {"clinic_id", item.clinic_id},
       {"patient_id", item.patient_id},
       {"course_id", item.course_id},
       {"kind", std::string(clinic::to_string(item.kind))},
       {"source_id", item.source_id},
       {"source_key", item.source_key},
       {"due_by", format_iso_date(item.due_by)},
       {"detail", item.detail},
       {"status", status_text(clinic::WorklistStatus::kOpen)},
       {"created_at", item.created_at}});
  if (!opened) return std::unexpected(opened.error());
  return *opened == 1;
}

Result<std::optional<clinic::WorklistItem>> SqlTransaction::find_worklist_item(
    const std::string& id) {
  return one<WorklistRow>("reading a worklist item", "id = :id", {{"id", id}});
}

Result<std::vector<clinic::WorklistItem>> SqlTransaction::list_source_worklist(
    clinic::WorklistKind kind, const std::string& source_id) {
  return rows<WorklistRow>(
      "reading a source's worklist items",
      "kind = :kind AND source_id = :source_id ORDER BY created_at, id",
      {{"kind", std::string(clinic::to_string(kind))}, {"source_id", source_id}});
}

Result<std::vector<clinic::WorklistItem>> SqlTransaction::list_worklist(
    const WorklistQuery& query) {
  std::string clause = "clinic_id = :clinic_id AND " + std::string(kPatientShown);
  Params params = {{"clinic_id", query.clinic_id}};
  if (query.kind) {
    clause += " AND kind = :kind";
    params.emplace_back("kind", std::string(clinic::to_string(*query.kind)));
  }
  if (query.status) {
    clause += " AND status = :status";
    params.emplace_back("status", status_text(*query.status));
  }
  if (query.due_by) {
    clause += " AND due_by <= :due_by";
    params.emplace_back("due_by", format_iso_date(*query.due_by));
  }
  if (query.after_due_by) {
    // The same day twice under two names: a parameter is bound once per name.
    clause += " AND (due_by > :after_day OR (due_by = :after_same_day AND id > :after_id))";
    params.emplace_back("after_day", format_iso_date(*query.after_due_by));
    params.emplace_back("after_same_day", format_iso_date(*query.after_due_by));
    params.emplace_back("after_id", query.after_id);
  }
  params.emplace_back("limit", static_cast<long long>(query.limit));
  return rows<WorklistRow>("listing the worklist", clause + " ORDER BY due_by, id LIMIT :limit",
                           params);
}

Result<std::vector<clinic::WorklistItem>> SqlTransaction::list_patient_worklist(
    const std::string& patient_id) {
  return rows<WorklistRow>("listing a patient's worklist items",
                           "patient_id = :patient_id ORDER BY created_at, id",
                           {{"patient_id", patient_id}});
}

Result<void> SqlTransaction::close_worklist_item(const clinic::WorklistItem& closed) {
  if (!closed.closure) return fail(ErrorCode::kInternal, "no closure to record");
  const clinic::WorklistClosure& closure = *closed.closure;
  return write_one("closing a worklist item",
                   "UPDATE worklist_items SET status = :closed, closed_at = :closed_at, "
                   "closed_by = :closed_by, closing_note = :note WHERE id = :id AND status = "
                   ":open",
                   {{"closed", status_text(clinic::WorklistStatus::kClosed)},
                    {"closed_at", closure.closed_at},
                    {"closed_by", closure.closed_by},
                    {"note", closure.note},
                    {"id", closed.id},
                    {"open", status_text(clinic::WorklistStatus::kOpen)}},
                   ErrorCode::kConflict, "This worklist item was closed already.");
}

}  // namespace mesoclinic::store::internal

// The store's door for the worklist (clinic/worklist.h): items opened once per source, listed
// for staff a page at a time, and closed once. Part of store::Transaction (store.h); a caller
// that needs only this area can take a Worklist&.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "clinic/worklist.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::store {

// Which of a clinic's items to list: due first (by due_by, then id), after the cursor if given.
// Items of deleted patients are never listed.
struct WorklistQuery {
  std::string clinic_id;
  std::optional<clinic::WorklistKind> kind;
  std::optional<clinic::WorklistStatus> status;  // every status if empty
  std::optional<CalendarDate> due_by;            // due on or before this day
  std::optional<CalendarDate> after_due_by;      // the last item of the page before...
  std::string after_id;                          // ...and its id
  std::size_t limit = 50;
};

// Every method fails with kUnavailable when the database cannot be reached and kInternal on an
// unexpected database error.
class Worklist {
 public:
  virtual ~Worklist() = default;

  // Stores the item unless one of the same kind, source and key exists; returns whether it was
  // stored.
  virtual Result<bool> open_worklist_item(const clinic::WorklistItem& item) = 0;
  virtual Result<std::optional<clinic::WorklistItem>> find_worklist_item(const std::string& id) = 0;
  // The items opened from one source (of one kind), oldest first.
  virtual Result<std::vector<clinic::WorklistItem>> list_source_worklist(
      clinic::WorklistKind kind, const std::string& source_id) = 0;
  virtual Result<std::vector<clinic::WorklistItem>> list_worklist(const WorklistQuery& query) = 0;
  // A patient's items, oldest first (for the export).
  virtual Result<std::vector<clinic::WorklistItem>> list_patient_worklist(
      const std::string& patient_id) = 0;
  // Writes `closed.closure` if the stored item is still open; kConflict if it is not (someone
  // closed it first).
  virtual Result<void> close_worklist_item(const clinic::WorklistItem& closed) = 0;
};

}  // namespace mesoclinic::store

// Private to app/: the part of the demo that happens around the day it is loaded (patients part
// way through a course, charted sessions, stock about to expire and a recall), so that whoever
// opens the staff app finds a clinic at work this week rather than an empty calendar.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "clinic/clinic.h"
#include "clinic/patient.h"
#include "core/result.h"
#include "store/store.h"

namespace mesoclinic::app {

// Loads, relative to `now`: about ten of `candidates` (patients of `clinic`, oldest first) part
// way through a course with `practitioner_id` (history, assessment, decision, the agreed course,
// sessions before `now` attended, missed or charted and signed, the rest booked); lots near
// expiry at each of `clinics` and a recalled lot that one of those patients received. Everything
// goes through practice/ with the clock of the moment it happened, so every rule is checked as
// it was then. Fails (with the workflow's error) if any step is refused.
Result<void> load_courses_in_progress(store::Store& store, std::mt19937_64& random,
                                      const std::vector<clinic::Clinic>& clinics,
                                      const clinic::Clinic& clinic,
                                      const std::vector<clinic::Patient>& candidates,
                                      const std::string& practitioner_id, Instant now);

}  // namespace mesoclinic::app

// The store's door for a course's outcome measurements (clinic/outcomes.h): recorded once, never
// edited, read whole per course. Part of store::Transaction (store.h); a caller that needs only
// this area can take an Outcomes&.
#pragma once

#include <string>
#include <vector>

#include "clinic/outcomes.h"
#include "core/result.h"

namespace mesoclinic::store {

// Every method fails with kUnavailable when the database cannot be reached and kInternal on an
// unexpected database error.
class Outcomes {
 public:
  virtual ~Outcomes() = default;

  // Stores every measurement of one visit; kConflict if an id exists.
  virtual Result<void> insert_measurements(
      const std::vector<clinic::RecordedMeasurement>& measurements) = 0;
  // A course's measurements, in the order they were measured.
  virtual Result<std::vector<clinic::RecordedMeasurement>> list_course_measurements(
      const std::string& course_id) = 0;
  // A patient's measurements, every course, in the order they were measured (for the export).
  virtual Result<std::vector<clinic::RecordedMeasurement>> list_patient_measurements(
      const std::string& patient_id) = 0;
};

}  // namespace mesoclinic::store

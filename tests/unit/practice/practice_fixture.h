// A clinic ready to work, built straight through the store (no server): Istanbul (no clock
// changes), open Monday to Saturday 09:00-19:00 with two rooms, one practitioner working those
// hours, a formulation with a six-session weekly protocol, a product with a lot in stock, the
// shipped rule set, and a patient with an e-mail address and a suitable decision for the
// formulation. Each test runs on SQLite and on PostgreSQL.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "practice/practice.h"
#include "store/store.h"
#include "store_fixture.h"

namespace mesoclinic::testing {

class PracticeTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override;

  // Runs `work` in a write transaction, committing only if it succeeded.
  template <class Work>
  auto write(Work&& work) {
    return store::in_transaction(*store_, store::TransactionMode::kWrite, std::forward<Work>(work));
  }
  template <class Work>
  auto read(Work&& work) {
    return store::in_transaction(*store_, store::TransactionMode::kRead, std::forward<Work>(work));
  }

  // 10:00 clinic time on a Monday at least a week ahead, and `days` and `minutes` after it.
  LocalDateTime monday_at(int days = 0, int minutes = 0) const;
  Instant instant_of(const LocalDateTime& local) const;
  practice::RequestedStart start_at(const LocalDateTime& local) const { return {local, {}}; }

  // A 30-minute appointment with the practitioner at `local`, booked through practice::book.
  store::Appointment book_at(const LocalDateTime& local);
  // A draft chart using `vials` of the lot, saved once the session began.
  clinic::SessionChart chart_with(int vials) const;
  std::int64_t lot_quantity();

  // The six sessions of the protocol, a week apart from Monday, as the patient agreed to them.
  practice::CourseRequest course_request() const;

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<store::Store> store_;
  ClinicZone zone_ = ClinicZone::find("Europe/Istanbul").value();
  CalendarDate monday_{};
  Instant today_{};  // "now" for the workflows: a week before Monday
  clinic::Clinic clinic_;
  std::string practitioner_id_;
  planning::Protocol protocol_;
  clinic::Lot lot_;
  clinic::Patient patient_;
};

}  // namespace mesoclinic::testing

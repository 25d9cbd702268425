// The demo's clinic at work around the day it is loaded. It lives apart from demo.cc because it
// is of another kind: demo.cc writes a fixed population (the same rows for a seed whatever the
// day), while this tells a few weeks of one practitioner's work ending today, through the same
// workflows staff use. The workflows refuse the past (a course starting yesterday, a chart of a
// session not yet begun), and rightly; so each step is taken with the clock of the moment it
// happened (`at`): the course is agreed a week before its first session, each session is charted,
// signed or marked when it ends, and every rule is checked as it was then. Only the dates move
// with the day of loading; the patients, their records and the shape of the week follow the seed.
#include "app/demo_courses.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <optional>

#include "clinic/assessment.h"
#include "clinic/chart.h"
#include "clinic/stock.h"
#include "core/clinic_time.h"
#include "core/ids.h"
#include "documents/clinical_json.h"
#include "documents/settings.h"
#include "practice/booking.h"
#include "practice/charting.h"
#include "practice/clinic_context.h"
#include "practice/clinics.h"
#include "practice/decisions.h"
#include "practice/outcomes.h"
#include "practice/records.h"

namespace mesoclinic::app {
namespace {

using namespace std::chrono;

// One patient's course as the demo tells it, relative to the coming working days.
struct Story {
  int day = 0;              // which coming working day holds this week's session (0: the first)
  minutes from{0};          // the patient's preferred time of day (a window from here)
  int sessions_before = 1;  // sessions due before this week's
  bool intensive = false;   // the intensive protocol rather than the standard one
  bool misses_one = false;  // did not come to their second session
};

// Three on the first working day (today, when the practitioner works here today), the others
// spread over the week and the day. The standard protocol is weekly for four sessions and the
// intensive one for six, so this week's session comes one week after the last one given.
constexpr std::array<Story, 10> kStories = {{
    {.day = 0, .from = hours{9}, .sessions_before = 2},
    {.day = 0, .from = hours{12} + minutes{30}, .sessions_before = 1, .intensive = true},
    {.day = 0, .from = hours{16}, .sessions_before = 3},
    {.day = 1, .from = hours{10}, .sessions_before = 1},
    {.day = 1, .from = hours{14}, .sessions_before = 3, .intensive = true, .misses_one = true},
    {.day = 2, .from = hours{11}, .sessions_before = 3},
    {.day = 2, .from = hours{17}, .sessions_before = 3, .misses_one = true},
    {.day = 3, .from = hours{9} + minutes{30}, .sessions_before = 1, .intensive = true},
    {.day = 3, .from = hours{15}, .sessions_before = 3, .intensive = true},
    {.day = 4, .from = hours{13}, .sessions_before = 2},
}};
constexpr int kConsultationDaysBefore = 7;  // the course is agreed a week before it starts
// Sessions that ended this recently are charted and signed: the clinic's healing period (DOMAIN.md
// default), so their aftercare is still running when the app opens.
constexpr auto kRecentlyCharted = days{4};

template <class T>
Result<T> value_or_error(Result<practice::Decided<T>> decided) {
  if (!decided) return std::unexpected(decided.error());
  if (const auto* refusal = std::get_if<practice::Refusal>(&*decided)) {
    return fail(ErrorCode::kConflict, refusal->detail);
  }
  return std::get<T>(std::move(*decided));
}

Result<Instant> at_local(const ClinicZone& zone, CalendarDate day, minutes time) {
  return zone.to_instant({day, time}, RepeatedHour::kEarlier);
}

// The ids of the lots the demo's charts take vials from.
struct DemoLots {
  std::string recalled;  // at the clinic; given to the first patient, then recalled
  std::array<std::string, 2> near_expiry;  // at the clinic: the standard and intensive formulation
};

// Deliveries received months ago, checked as they were then (clinic::check_delivery): two lots
// at each clinic that expire within the month, and one at the clinic that is recalled later.
Result<DemoLots> receive_demo_lots(store::Transaction& tx, std::mt19937_64& random,
                                   const std::vector<clinic::Clinic>& clinics,
                                   const clinic::Clinic& clinic,
                                   const std::array<std::string, 2>& formulation_ids, Instant now) {
  auto products = tx.list_products(clinic::Retired::kLeftOut);
  if (!products) return std::unexpected(products.error());
  const auto product_of = [&](const std::string& formulation_id) -> const clinic::Product* {
    for (const auto& product : *products) {
      if (product.formulation_id == formulation_id) return &product;
    }
    return nullptr;
  };
  DemoLots lots;
  const Instant received = now - days{150};
  const auto receive = [&](const clinic::Clinic& site, const std::string& formulation_id,
                           int expires_in_days, std::int64_t vials) -> Result<std::string> {
    const clinic::Product* product = product_of(formulation_id);
    if (!product) return fail(ErrorCode::kInternal, "the demo has no product for its protocols");
    auto zone = ClinicZone::find(site.time_zone);
    if (!zone) return std::unexpected(zone.error());
    std::string number = "L";
    for (int i = 0; i < 6; ++i) {
      number.push_back(static_cast<char>('0' + std::uniform_int_distribution<int>(0, 9)(random)));
    }
    const clinic::Lot lot{
        .id = make_id(duration_cast<milliseconds>(received.time_since_epoch()).count(), random(),
                      random()),
        .product_id = product->id,
        .clinic_id = site.id,
        .number = std::move(number),
        .expires_on = add_days(zone->to_local(now).date, expires_in_days),
        .quantity = vials,
        .recalled = false};
    if (auto valid = clinic::validate_lot(lot); !valid) return std::unexpected(valid.error());
    if (auto checked = clinic::check_delivery(lot, zone->to_local(received).date); !checked) {
      return std::unexpected(checked.error());
    }
    auto stored = tx.receive_lot(lot, received);
    if (!stored) return std::unexpected(stored.error());
    return stored->id;
  };
  for (const auto& site : clinics) {
    for (std::size_t i = 0; i < formulation_ids.size(); ++i) {
      auto id = receive(site, formulation_ids[i], i == 0 ? 12 : 26, 8);
      if (!id) return std::unexpected(id.error());
      if (site.id == clinic.id) lots.near_expiry[i] = *id;
    }
  }
  auto recalled = receive(clinic, formulation_ids[0], 300, 20);
  if (!recalled) return std::unexpected(recalled.error());
  lots.recalled = *recalled;
  return lots;
}

// The coming days the practitioner works at the clinic (open, not closed for a holiday, in
// their working week there), from today on: where this week's sessions go.
Result<std::vector<CalendarDate>> coming_working_days(store::Transaction& tx,
                                                      const clinic::Clinic& clinic,
                                                      const std::string& practitioner_id,
                                                      CalendarDate today) {
  auto settings = practice::load_calendar_settings(tx, clinic.id);
  if (!settings) return std::unexpected(settings.error());
  const std::string name = documents::schedule_setting_name(practitioner_id);
  auto stored = tx.find_clinic_setting(clinic.id, name);
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "the demo practitioner has no working week");
  auto schedule = documents::schedule_from_document((*stored)->body, name);
  if (!schedule) return std::unexpected(schedule.error());
  std::vector<CalendarDate> days;
  for (int offset = 0; offset < 21 && days.size() < 5; ++offset) {
    const CalendarDate day = add_days(today, offset);
    const auto weekday = static_cast<std::size_t>(weekday_index(day));
    const bool closed = std::ranges::any_of(
        settings->closures, [&](const planning::Closure& closure) { return closure.date == day; });
    if (!closed && !settings->opening[weekday].empty() && !schedule->hours[weekday].empty()) {
      days.push_back(day);
    }
  }
  if (days.empty()) return fail(ErrorCode::kInternal, "the demo practitioner never works here");
  return days;
}

// A history and an assessment of the kind a hair-loss clinic records, varied by the seed. The
// fifth patient takes an anticoagulant, which the rules leave to the practitioner.
std::pair<clinic::MedicalHistory, clinic::HairAssessment> records_for(
    std::mt19937_64& random, const clinic::Patient& patient, std::size_t index) {
  const auto roll = [&](int below) {
    return std::uniform_int_distribution<int>(0, below - 1)(random);
  };
  clinic::MedicalHistory history;
  switch (roll(3)) {
    case 0:
      history.conditions = {"hypothyroidism, treated"};
      history.medications = {"levothyroxine 75 micrograms"};
      break;
    case 1:
      history.conditions = {"iron deficiency, treated"};
      history.medications = {"ferrous fumarate 210 mg"};
      break;
    default:
      break;
  }
  if (roll(3) == 0) history.allergies = {roll(2) == 0 ? "penicillin" : "nickel"};
  if (index == 4) {
    history.anticoagulants = true;
    history.medications.push_back("apixaban 5 mg");
  }
  history.previous_treatments = {
      roll(2) == 0 ? clinic::PreviousHairTreatment{"topical minoxidil 5%",
                                                   "less shedding; stopped after 6 months"}
                   : clinic::PreviousHairTreatment{"biotin tablets", "no visible change"}};
  clinic::HairAssessment assessment;
  const bool female = patient.details.sex == clinic::Sex::kFemale;
  assessment.scale =
      female ? clinic::PatternScale::kLudwig : clinic::PatternScale::kNorwoodHamilton;
  assessment.stage = female
                         ? (roll(2) == 0 ? "I" : "II")
                         : std::array<const char*, 4>{"III", "IIIa", "III vertex", "IV"}[roll(4)];
  assessment.affected_zones =
      female ? std::vector{clinic::ScalpZone::kFrontal, clinic::ScalpZone::kMidScalp}
             : std::vector{clinic::ScalpZone::kFrontal, clinic::ScalpZone::kMidScalp,
                           clinic::ScalpZone::kVertex};
  assessment.loss_duration_months = 12 + roll(48);
  assessment.pull_test = clinic::PullTest{.hairs_out = 4 + roll(9), .hairs_pulled = 60};
  assessment.shedding_count = 60 + roll(90);
  assessment.scalp_conditions = {std::array{clinic::ScalpCondition::kNormal,
                                            clinic::ScalpCondition::kDry,
                                            clinic::ScalpCondition::kOily}[roll(3)]};
  const auto measure = [](clinic::Quantity quantity, double value) {
    return clinic::Measurement{.quantity = quantity,
                               .value = value,
                               .unit = std::string(clinic::unit_of(quantity)),
                               .zone = clinic::ScalpZone::kMidScalp};
  };
  assessment.measurements = {measure(clinic::Quantity::kHairDensity, 110 + roll(60)),
                             measure(clinic::Quantity::kMeanShaftDiameter, 55 + roll(15)),
                             measure(clinic::Quantity::kVellusShare, 15 + roll(15))};
  return {history, assessment};
}

// Stores the first version of a record in its canonical form, as the API would: the document
// is read back through the same strict reader first, so the demo cannot store what staff could
// not.
Result<void> record(store::Transaction& tx, const clinic::Patient& patient, std::string kind,
                    const documents::Json& document, const std::string& user_id, Instant at) {
  const bool history = kind == "medical_history";
  if (history) {
    if (auto read = documents::medical_history_from_json(document); !read) {
      return std::unexpected(read.error());
    }
  } else if (auto read = documents::hair_assessment_from_json(document); !read) {
    return std::unexpected(read.error());
  }
  return tx.insert_clinical_record({patient.id, std::move(kind), 1, at, user_id, document.dump()});
}

// The consultation: history, assessment and the decision on the protocol's formulation (the
// rules' proposal, with the reason the practitioner gives where the rules leave it to them).
Result<void> consult(store::Transaction& tx, std::mt19937_64& random,
                     const clinic::Patient& patient, std::size_t index,
                     const planning::Protocol& protocol, const std::string& user_id, Instant at) {
  const auto [history, assessment] = records_for(random, patient, index);
  if (auto saved = record(tx, patient, "medical_history", documents::to_json(history), user_id,
                          at - minutes{40});
      !saved) {
    return saved;
  }
  if (auto saved = record(tx, patient, "hair_assessment", documents::to_json(assessment), user_id,
                          at - minutes{25});
      !saved) {
    return saved;
  }
  // The practitioner reviews the rules' proposal, then decides.
  auto screening = practice::screen(tx, patient, protocol.formulation_id, at - minutes{15});
  if (!screening) return std::unexpected(screening.error());
  practice::DecisionRequest decision{
      .formulation_id = protocol.formulation_id,
      .outcome = clinic::Outcome::kSuitable,
      .reason = std::nullopt,
      .reassess = std::nullopt,
      .reassess_on = std::nullopt,
      .reviewed = {{"rule_set_version", screening->rule_set.version},
                   {"medical_history_version", screening->history_version},
                   {"hair_assessment_version", screening->assessment_version}}};
  if (screening->proposal.outcome == clinic::Outcome::kPractitionerDecision) {
    decision.reason =
        "Bleeding risk discussed: finest needles, firm pressure after each point, and the "
        "anticoagulant clinic agrees to go ahead.";
  }
  auto decided = practice::decide(tx, patient, decision, user_id, at - minutes{10});
  if (!decided) return std::unexpected(decided.error());
  return {};
}

// The session as charted at the chair: the assessment's target zones, the protocol's technique,
// one vial of `lot_id`, and now and then a little bleeding.
clinic::SessionChart chart_for(std::mt19937_64& random, const Story& story,
                               const std::string& lot_id) {
  clinic::SessionChart chart;
  for (const auto zone : {clinic::ScalpZone::kFrontal, clinic::ScalpZone::kMidScalp}) {
    chart.zones.push_back({.zone = zone, .volume_ml = 1.0, .injection_points = 40});
  }
  chart.technique =
      story.intensive ? clinic::Technique::kPointByPoint : clinic::Technique::kNappage;
  chart.needle_gauge = story.intensive ? 32 : 30;
  chart.needle_length_mm = 4;
  chart.depth_mm = story.intensive ? 2.0 : 1.5;
  chart.lots = {{.lot_id = lot_id, .vials = 1}};
  chart.pain_score = std::uniform_int_distribution<int>(1, 4)(random);
  chart.notes = "Tolerated well; the aftercare sheet explained and handed over.";
  // The sorest sessions bled a little at the points, as some do: a mild reaction with nothing to
  // follow up, so the clinic's analytics have adverse events to count.
  if (chart.pain_score == 4) {
    chart.adverse_events.push_back(
        {.kind = "pinpoint bleeding",
         .severity = clinic::Severity::kMild,
         .action_taken = "Firm pressure for a minute; settled before the patient left.",
         .follow_up_on = std::nullopt});
  }
  return chart;
}

// The time point a session of its course falls on (baseline at the first held session,
// mid-course at the middle one, end of course at the last), if any.
Result<std::optional<clinic::TimePoint>> time_point_of(store::Transaction& tx,
                                                       const store::Appointment& session,
                                                       const ClinicZone& zone) {
  auto points = practice::course_follow_ups(tx, *session.course_id);
  if (!points) return std::unexpected(points.error());
  const CalendarDate day = zone.to_local(session.starts_at).date;
  for (const auto& point : *points) {
    if (point.due_on == day && point.point <= clinic::TimePoint::kEndOfCourse) return point.point;
  }
  return std::nullopt;
}

// What the practitioner measures at a session on an outcome time point: density and mean shaft
// diameter of three zones by trichoscopy and the shedding of a standard wash, a little better at
// each point than at baseline, as a course that works.
Result<void> measure(store::Transaction& tx, std::mt19937_64& random,
                     const store::Appointment& session, const ClinicZone& zone,
                     const std::string& user_id) {
  auto point = time_point_of(tx, session, zone);
  if (!point) return std::unexpected(point.error());
  if (!*point) return {};
  auto course = tx.find_course(*session.course_id);
  if (!course) return std::unexpected(course.error());
  if (!*course) return fail(ErrorCode::kInternal, "a demo session names no course");
  auto before = tx.list_course_measurements((*course)->id);
  if (!before) return std::unexpected(before.error());
  const double gain = **point == clinic::TimePoint::kBaseline
                          ? 0
                          : std::uniform_real_distribution<double>(0.04, 0.14)(random);
  const auto baseline_of = [&](clinic::Measure measure, std::optional<clinic::ScalpZone> where,
                               double low, double high) {
    for (const auto& recorded : *before) {
      const auto& m = recorded.measurement;
      if (m.time_point == clinic::TimePoint::kBaseline && m.measure == measure && m.zone == where) {
        return m.value;
      }
    }
    return std::uniform_real_distribution<double>(low, high)(random);
  };
  const auto reading = [](clinic::Measure measure, double value,
                          std::optional<clinic::ScalpZone> where, clinic::Method method) {
    return clinic::OutcomeMeasurement{.time_point = clinic::TimePoint::kBaseline,
                                      .measure = measure,
                                      .value = value,
                                      .unit = std::string(clinic::unit_of(measure)),
                                      .zone = where,
                                      .method = method};
  };
  practice::MeasurementVisit visit{.time_point = **point,
                                   .session_id = session.id,
                                   .measured_at = session.starts_at + minutes{5},
                                   .measurements = {},
                                   .photo_id = std::nullopt};
  for (const auto where :
       {clinic::ScalpZone::kFrontal, clinic::ScalpZone::kMidScalp, clinic::ScalpZone::kVertex}) {
    const double density = baseline_of(clinic::Measure::kHairDensity, where, 105, 150);
    const double diameter = baseline_of(clinic::Measure::kMeanShaftDiameter, where, 48, 60);
    visit.measurements.push_back(reading(clinic::Measure::kHairDensity,
                                         std::round(density * (1 + gain)), where,
                                         clinic::Method::kTrichoscopy));
    visit.measurements.push_back(reading(clinic::Measure::kMeanShaftDiameter,
                                         std::round(diameter * (1 + gain / 2) * 10) / 10, where,
                                         clinic::Method::kTrichoscopy));
  }
  const double shedding = baseline_of(clinic::Measure::kSheddingCount, std::nullopt, 90, 140);
  visit.measurements.push_back(reading(clinic::Measure::kSheddingCount,
                                       std::round(shedding * (1 - 2 * gain)), std::nullopt,
                                       clinic::Method::kStandardWash));
  auto recorded =
      practice::record_measurements(tx, **course, visit, user_id, visit.measured_at.value());
  if (!recorded) return std::unexpected(recorded.error());
  return {};
}

// What became of each session that ended before `now`: missed, charted and signed (which marks
// it attended and issues its aftercare), or attended.
Result<void> give_past_sessions(store::Transaction& tx, std::mt19937_64& random,
                                const clinic::Patient& patient, const Story& story,
                                const std::vector<store::Appointment>& sessions,
                                const std::optional<std::string>& first_session_lot,
                                const std::string& recent_lot, const std::string& user_id,
                                const ClinicZone& zone, Instant now) {
  std::vector<const store::Appointment*> past;
  for (const auto& session : sessions) {
    if (session.ends_at + minutes{10} <= now) past.push_back(&session);
  }
  for (const auto* session : past) {
    const bool last = session == past.back();
    if (story.misses_one && session->session_number == 2 && !last) {
      auto missed = practice::record_attendance(tx, *session, planning::Attendance::kMissed,
                                                "Did not come; the phone went unanswered.",
                                                session->starts_at + minutes{30});
      if (!missed) return std::unexpected(missed.error());
      continue;
    }
    if (auto measured = measure(tx, random, *session, zone, user_id); !measured) return measured;
    const bool recent = last && session->ends_at > now - kRecentlyCharted;
    const bool first = session->session_number == 1 && first_session_lot;
    if (recent || first) {
      const Instant at = session->ends_at + minutes{5};
      const auto chart = chart_for(random, story, first ? *first_session_lot : recent_lot);
      if (auto draft = practice::save_draft_chart(tx, *session, patient, chart, user_id, at);
          !draft) {
        return std::unexpected(draft.error());
      }
      auto signature = practice::sign_chart(tx, *session, patient, std::nullopt, user_id, at);
      if (!signature) return std::unexpected(signature.error());
      if (!std::holds_alternative<practice::SignedSession>(*signature)) {
        return fail(ErrorCode::kInternal, "the demo chart was refused at the chair");
      }
      continue;
    }
    auto attended = practice::record_attendance(tx, *session, planning::Attendance::kAttended, "",
                                                session->ends_at);
    if (!attended) return std::unexpected(attended.error());
  }
  return {};
}

}  // namespace

Result<void> load_courses_in_progress(store::Store& store, std::mt19937_64& random,
                                      const std::vector<clinic::Clinic>& clinics,
                                      const clinic::Clinic& clinic,
                                      const std::vector<clinic::Patient>& candidates,
                                      const std::string& practitioner_id, Instant now) {
  if (auto rules = practice::install_default_rule_set(store); !rules) return rules;
  auto zone = ClinicZone::find(clinic.time_zone);
  if (!zone) return std::unexpected(zone.error());
  const CalendarDate today = zone->to_local(now).date;

  // The protocols as agreed here (standard, intensive), the days ahead, and the stock.
  std::array<planning::Protocol, 2> protocols;
  std::vector<CalendarDate> working_days;
  DemoLots lots;
  auto prepared = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        auto stored = tx.list_protocols();
        if (!stored) return std::unexpected(stored.error());
        if (stored->size() < protocols.size()) {
          return fail(ErrorCode::kInternal, "the demo protocols are missing");
        }
        for (std::size_t i = 0; i < protocols.size(); ++i) {
          auto priced =
              value_or_error(practice::protocol_for_new_course(tx, clinic.id, (*stored)[i].id));
          if (!priced) return std::unexpected(priced.error());
          protocols[i] = std::move(*priced);
        }
        // The standard course (eight sessions) first, then the intensive one (six).
        std::ranges::sort(protocols, std::ranges::greater{}, &planning::Protocol::sessions);
        auto days = coming_working_days(tx, clinic, practitioner_id, today);
        if (!days) return std::unexpected(days.error());
        working_days = std::move(*days);
        auto received =
            receive_demo_lots(tx, random, clinics, clinic,
                              {protocols[0].formulation_id, protocols[1].formulation_id}, now);
        if (!received) return std::unexpected(received.error());
        lots = std::move(*received);
        return {};
      });
  if (!prepared) return prepared;

  // Today's last patient comes later today while the clinic is still open, so the day ahead
  // shows on any load before the evening.
  const LocalDateTime local_now = zone->to_local(now);
  auto later_today = duration_cast<minutes>(
      ceil<duration<int, std::ratio<900>>>(local_now.time_of_day + minutes{30}));
  auto candidate = candidates.begin();
  for (std::size_t index = 0; index < kStories.size(); ++index) {
    // Each story draws from its own generator, so what one patient's records say does not
    // depend on how many sessions another had charted by the hour of loading.
    std::mt19937_64 story_random(random());
    Story story = kStories[index];
    const CalendarDate this_week =
        working_days[static_cast<std::size_t>(story.day) % working_days.size()];
    if (index == 2 && this_week == today && later_today > story.from && later_today <= hours{18}) {
      story.from = later_today;
    }
    const CalendarDate first_day = add_days(this_week, -7 * story.sessions_before);
    auto agreed_at = at_local(*zone, add_days(first_day, -kConsultationDaysBefore), hours{11});
    if (!agreed_at) return std::unexpected(agreed_at.error());
    // The patient registered before the consultation.
    while (candidate != candidates.end() && candidate->created_at >= *agreed_at - hours{1}) {
      ++candidate;
    }
    if (candidate == candidates.end()) break;
    const clinic::Patient& patient = *candidate++;
    const planning::Protocol& protocol = protocols[story.intensive ? 1 : 0];
    auto loaded = store::in_transaction(
        store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
          if (auto consulted =
                  consult(tx, story_random, patient, index, protocol, practitioner_id, *agreed_at);
              !consulted) {
            return consulted;
          }
          // The practitioner plans from the first day the patient can start; where the planner
          // cannot place every session (a holiday in the way), from the day after, as staff would
          // try, so the course agreed is the planner's own proposal.
          std::optional<practice::CourseProposal> proposal;
          planning::Preferences preferences;
          for (int delay = 0; delay < 14 && !proposal; ++delay) {
            const CalendarDate start = add_days(first_day, delay);
            preferences = {.weekdays = {weekday_index(start)},
                           .times = {{story.from, story.from + minutes{90}}},
                           .practitioner_id = practitioner_id};
            auto proposed =
                practice::propose_course(tx, patient, protocol, start, preferences, *agreed_at);
            if (!proposed) return std::unexpected(proposed.error());
            if (proposed->plan.unplaced.empty()) proposal = std::move(*proposed);
          }
          if (!proposal) return fail(ErrorCode::kConflict, "a demo course found no place");
          const auto& planned = proposal->plan.sessions;
          practice::CourseRequest request{.protocol = protocol,
                                          .preferences = preferences,
                                          .discount = std::nullopt,
                                          .sessions = {},
                                          .cost_shown = planning::estimate_cost(protocol),
                                          .guardian = std::nullopt};
          for (const auto& session : planned) {
            request.sessions.push_back(
                {.start = {.local = session.slot.local_start, .utc_offset = std::nullopt},
                 .practitioner_id = session.slot.practitioner_id});
          }
          auto started = practice::start_course(tx, patient, request, practitioner_id, *agreed_at);
          if (!started) return std::unexpected(started.error());
          // The first patient's first vial came from the lot recalled since.
          const std::optional<std::string> first_lot =
              index == 0 ? std::optional(lots.recalled) : std::nullopt;
          return give_past_sessions(tx, story_random, patient, story, started->sessions, first_lot,
                                    lots.near_expiry[story.intensive ? 1 : 0], practitioner_id,
                                    *zone, now);
        });
    if (!loaded) return loaded;
  }
  // The supplier recalled a lot yesterday: the clinic finds who received it in one query.
  return store::in_transaction(store, store::TransactionMode::kWrite,
                               [&](store::Transaction& tx) -> Result<void> {
                                 return tx.recall_lot(lots.recalled, now - days{1});
                               });
}

}  // namespace mesoclinic::app

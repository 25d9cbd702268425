// /api/v1/photos/{id}/trichometry/growth: the phototrichogram (issue 17). A site clipped and
// imaged on day 0, imaged again 12 hours to 14 days later, both images counted: GET follows the
// day-0 hairs into this image and says how many grew (the anagen share) and how fast; POST
// records that anagen share as the course's measurement once both counts are accepted. The
// workflow is practice/phototrichogram.h.
#include "practice/phototrichogram.h"

#include <cmath>

#include "api/handler.h"
#include "api/photos.h"
#include "api/routes.h"
#include "documents/outcomes_json.h"

namespace mesoclinic::api {
namespace {

// The later image (the path's, audited as `action`), for its day-0 image to be found.
Result<practice::TrichometryVisit> later_image(Work& work, const std::string& action) {
  auto found = find_trichometry_result(work, action);
  if (!found) return std::unexpected(found.error());
  return practice::TrichometryVisit{std::move(found->first), std::move(found->second)};
}

// `later`'s day-0 image, named (under `field`) or found, its read audited as `action`. None
// found is `when_none`: 404 for a read (no phototrichogram to show), 409 for a recording.
Result<practice::TrichometryVisit> day_0_image(Work& work, const practice::TrichometryVisit& later,
                                               const std::string& action,
                                               const std::optional<std::string>& named,
                                               const std::string& field, ErrorCode when_none) {
  auto day_0 = practice::day_0_of(work.tx, later.photo, named, field);
  if (!day_0) return std::unexpected(day_0.error());
  if (!*day_0) {
    return fail(when_none,
                "No counted image of this zone and time point was taken 12 hours to 14 days "
                "before this one: count the day-0 image of the clipped site first.");
  }
  work.audit(action, "photo", (*day_0)->photo.id, (*day_0)->photo.patient_id);
  return std::move(**day_0);
}

Json growth_json(const practice::TrichometryVisit& day_0, const practice::TrichometryVisit& later,
                 const practice::Phototrichogram& measured,
                 const std::optional<clinic::RecordedMeasurement>& recorded) {
  const auto& g = measured.growth;
  // To `places` decimals; the anagen share as clinic::anagen_measurement records it.
  const auto rounded = [](double v, int places) {
    const double scale = std::pow(10, places);
    return std::round(v * scale) / scale;
  };
  return {{"photo_id", later.photo.id},
          {"day_0_photo_id", day_0.photo.id},
          {"day_0_accepted", day_0.result.accepted_at.has_value()},
          {"days", rounded(measured.days, 2)},
          {"hairs_followed", g.hairs_followed},
          {"growing", g.growing},
          {"anagen_share_percent", rounded(g.anagen_share_percent, 1)},
          {"growth_mm_per_day", rounded(g.growth_mm_per_day, 3)},
          {"measurement", recorded ? documents::measurement_json(*recorded) : Json(nullptr)}};
}

http::Response growth(store::Store& store, const http::Request& request, const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  const std::string action = "trichometry.growth.read";
                  auto later = later_image(work, action);
                  if (!later) return std::unexpected(later.error());
                  auto day_0 = day_0_image(work, *later, action, request.query_param("day_0"),
                                           "/day_0", ErrorCode::kNotFound);
                  if (!day_0) return std::unexpected(day_0.error());
                  auto measured = practice::measure_phototrichogram(*day_0, *later, "/day_0");
                  if (!measured) return std::unexpected(measured.error());
                  auto recorded = practice::recorded_anagen_share(work.tx, later->photo);
                  if (!recorded) return std::unexpected(recorded.error());
                  return json_reply(200, growth_json(*day_0, *later, *measured, *recorded));
                });
}

// The anagen share recorded once; a second recording is refused (409) naming the first.
http::Response record(store::Store& store, const http::Request& request, const Caller& caller) {
  return write(store, request, caller, [&](Work& work) -> Result<http::Response> {
    auto body = parse_json_object(request);
    if (!body) return std::move(body.error());
    // No such photo is said before anything about what was asked of it.
    const std::string action = "trichometry.growth.record";
    auto later = later_image(work, action);
    if (!later) return std::unexpected(later.error());
    std::vector<FieldError> errors;
    documents::Members members(*body, "", errors);
    members.refuse_unknown({"day_0_photo_id"});
    std::optional<std::string> named;
    if (const Json* id = members.optional("day_0_photo_id")) {
      if (id->is_string()) {
        named = id->get<std::string>();
      } else {
        members.error("day_0_photo_id", "must be a photo's id");
      }
    }
    if (!errors.empty()) return invalid(std::move(errors));
    const std::string field = "/day_0_photo_id";
    auto day_0 = day_0_image(work, *later, action, named, field, ErrorCode::kConflict);
    if (!day_0) return std::unexpected(day_0.error());
    auto recording =
        practice::record_anagen_share(work.tx, *day_0, *later, field, caller.user->id, now());
    if (!recording) return std::unexpected(recording.error());
    Json reply = growth_json(*day_0, *later, recording->phototrichogram, recording->measurement);
    reply["measurement_withheld"] =
        recording->measurement_withheld ? Json(*recording->measurement_withheld) : Json(nullptr);
    return json_reply(200, reply);
  });
}

}  // namespace

void add_phototrichogram_routes(http::Router& router, const Gate& gate,
                                const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  const std::string path = "/api/v1/photos/{id}/trichometry/growth";
  gate.add(router, "GET", path, with_store(store, growth), limits);
  gate.add(router, "POST", path, with_store(store, record), limits);
}

}  // namespace mesoclinic::api

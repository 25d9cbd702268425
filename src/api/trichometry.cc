// /api/v1/photos/{id}/trichometry: a trichoscopy photo's hairs counted and measured (issue 17).
// POST runs the engine on the stored image (outside any transaction) and keeps its hairs and
// figures with the photo, under review; GET reads them back; .../overlay is the image with the
// hairs drawn over it for the practitioner to check; PUT .../correction keeps the hairs they
// removed and added (and the figures that gives) beside the engine's; POST .../acceptance makes
// the result final and, for a photo of a course, its figures the course's outcome measurements.
// The workflow is practice/trichometry.h; the engine src/trichometry.
#include "practice/trichometry.h"

#include <cmath>

#include "api/handler.h"
#include "api/idempotency.h"
#include "api/photos.h"
#include "api/routes.h"
#include "documents/outcomes_json.h"
#include "documents/trichometry_json.h"

namespace mesoclinic::api {
namespace {

constexpr std::string_view kResult = "/api/v1/photos/{id}/trichometry";

std::string result_path(const std::string& photo_id) {
  return "/api/v1/photos/" + photo_id + "/trichometry";
}

Json figures_json(const clinic::HairFigures& figures) {
  return documents::trichometry_figures_json(practice::engine_figures(figures));
}

Json optional_time(const std::optional<Instant>& at) {
  return at ? Json(format_rfc3339(*at)) : Json(nullptr);
}

// The result as the practitioner reviews it: the figures it stands for (the corrected ones if
// corrected) and the engine's beside them, every hair seen as reviewed (in the order a
// correction names them; hairs added come last), and the correction itself.
Result<Json> result_json(const clinic::Photo& photo, const clinic::TrichometryResult& result) {
  auto reviewed = practice::reviewed_analysis(photo, result);
  if (!reviewed) return std::unexpected(reviewed.error());
  Json correction = nullptr;
  if (result.correction) {
    correction = Json::parse(result.correction->marks, nullptr, false);
    correction["figures"] = figures_json(result.correction->figures);
    correction["corrected_at"] = format_rfc3339(result.correction->corrected_at);
    correction["corrected_by"] = result.correction->corrected_by;
  }
  return Json{{"id", result.id},
              {"photo_id", result.photo_id},
              {"patient_id", result.patient_id},
              {"target_area",
               {{"left", result.target.left},
                {"top", result.target.top},
                {"width", result.target.width},
                {"height", result.target.height}}},
              {"vellus_under_um", result.vellus_under_um},
              {"figures", figures_json(clinic::figures_of(result))},
              {"automatic_figures", figures_json(result.figures)},
              {"hairs", documents::hairs_json(reviewed->hairs)},
              {"correction", std::move(correction)},
              {"engine", result.engine},
              {"analysed_at", format_rfc3339(result.analysed_at)},
              {"analysed_by", result.analysed_by},
              {"accepted_at", optional_time(result.accepted_at)},
              {"accepted_by", result.accepted_at ? Json(result.accepted_by) : Json(nullptr)},
              {"version", result.version},
              {"overlay_url", result_path(result.photo_id) + "/overlay"}};
}

Result<http::Response> result_reply(int status, const clinic::Photo& photo,
                                    const clinic::TrichometryResult& result) {
  auto body = result_json(photo, result);
  if (!body) return std::unexpected(body.error());
  return json_reply(status, *body).with_header("ETag", etag_for(result.version));
}

Result<practice::TrichometryRequest> read_request(const Json& body) {
  std::vector<FieldError> errors;
  documents::Members members(body, "", errors);
  members.refuse_unknown({"target_area", "vellus_under_um"});
  practice::TrichometryRequest request;
  members.number("vellus_under_um", request.vellus_under_um, members.optional("vellus_under_um"));
  if (const Json* area = members.optional("target_area")) {
    if (!area->is_object()) {
      members.error("target_area", "must be an object with left, top, width and height");
    } else {
      documents::Members sides(*area, "/target_area", errors);
      sides.refuse_unknown({"left", "top", "width", "height"});
      clinic::PixelArea target;
      sides.number("left", target.left, sides.required("left"));
      sides.number("top", target.top, sides.required("top"));
      sides.number("width", target.width, sides.required("width"));
      sides.number("height", target.height, sides.required("height"));
      request.target = target;
    }
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return request;
}

// The photo the path names, read for the engine before it runs (the write that follows finds
// it again and records what was done with it).
std::expected<clinic::Photo, http::Response> photo_to_measure(store::Store& store,
                                                              const http::Request& request,
                                                              const Caller& caller) {
  std::optional<clinic::Photo> found;
  http::Response reply = handle(store, request, caller, store::TransactionMode::kRead,
                                [&](Work& work) -> Result<http::Response> {
                                  auto photo = find_visible_photo(work);
                                  if (!photo) return std::unexpected(photo.error());
                                  found = std::move(*photo);
                                  return http::Response{};
                                });
  if (!found || reply.status >= 400) return std::unexpected(std::move(reply));
  return std::move(*found);
}

http::Response measure(store::Store& store, const media::PhotoFiles* files,
                       const http::Request& request, const Caller& caller) {
  if (!files) return no_photo_store();
  auto body = parse_json_object(request);
  if (!body) return std::move(body.error());
  // No such photo is said before anything about what was asked of it.
  auto photo = photo_to_measure(store, request, caller);
  if (!photo) return std::move(photo.error());
  auto asked = read_request(*body);
  if (!asked) return http::problem_from(asked.error());
  auto analysis = practice::analyse_photo(*files, *photo, *asked);
  if (!analysis) return http::problem_from(analysis.error());
  return create_idempotently(
      store, request, caller, "POST " + std::string(kResult),
      [&](Work& work) -> Result<http::Response> {
        auto current = find_visible_photo(work);
        if (!current) return std::unexpected(current.error());
        auto recorded = practice::record_trichometry(work.tx, *current, *analysis, *asked,
                                                     caller.user->id, now());
        if (!recorded) {
          if (recorded.error().code == ErrorCode::kConflict) {
            return fail(ErrorCode::kConflict,
                        "This photo has been measured already; its result is at " +
                            result_path(current->id) + ".");
          }
          return std::unexpected(recorded.error());
        }
        work.audit("trichometry.record", "photo", current->id, current->patient_id);
        auto reply = result_reply(201, *current, *recorded);
        if (reply) reply->with_header("Location", result_path(current->id));
        return reply;
      });
}

http::Response read(store::Store& store, const http::Request& request, const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto found = find_trichometry_result(work, "trichometry.read");
                  if (!found) return std::unexpected(found.error());
                  return result_reply(200, found->first, found->second);
                });
}

// The whole correction as the practitioner now has it, replacing the one before; If-Match names
// the version they corrected, so two hands on one result do not undo each other's marks.
http::Response correct(store::Store& store, const http::Request& request, const Caller& caller) {
  return write(store, request, caller, [&](Work& work) -> Result<http::Response> {
    auto found = find_trichometry_result(work, "trichometry.correct");
    if (!found) return std::unexpected(found.error());
    auto& [photo, result] = *found;
    if (auto refused = check_if_match(request, result.version)) return std::move(*refused);
    auto body = parse_json_object(request);
    if (!body) return std::move(body.error());
    std::vector<FieldError> errors;
    const auto marks = documents::read_correction(*body, errors);
    if (!errors.empty()) return invalid(std::move(errors), "The correction has invalid fields.");
    auto corrected =
        practice::correct_trichometry(work.tx, photo, result, marks, caller.user->id, now());
    if (!corrected) return std::unexpected(corrected.error());
    return result_reply(200, photo, *corrected);
  });
}

// Acceptance: the result becomes final and its figures the course's measurements. If-Match names
// the version the practitioner looked at, so figures someone else corrected meanwhile are not
// accepted unseen.
http::Response accept(store::Store& store, const http::Request& request, const Caller& caller) {
  return write(store, request, caller, [&](Work& work) -> Result<http::Response> {
    auto found = find_trichometry_result(work, "trichometry.accept");
    if (!found) return std::unexpected(found.error());
    auto& [photo, result] = *found;
    auto body = parse_json_object(request);
    if (!body) return std::move(body.error());
    std::vector<FieldError> errors;
    documents::Members(*body, "", errors).refuse_unknown({});
    if (!errors.empty()) return invalid(std::move(errors), "Acceptance takes no fields.");
    if (auto refused = check_if_match(request, result.version)) return std::move(*refused);
    auto accepted = practice::accept_trichometry(work.tx, photo, result, caller.user->id, now());
    if (!accepted) return std::unexpected(accepted.error());
    auto reply = result_json(photo, accepted->result);
    if (!reply) return std::unexpected(reply.error());
    (*reply)["measurements"] = Json::array();
    for (const auto& measurement : accepted->measurements) {
      (*reply)["measurements"].push_back(documents::measurement_json(measurement));
    }
    (*reply)["measurements_withheld"] =
        accepted->measurements_withheld ? Json(*accepted->measurements_withheld) : Json(nullptr);
    return json_reply(200, *reply).with_header("ETag", etag_for(accepted->result.version));
  });
}

// The change since an earlier image of the same zone (`?baseline=` names it; otherwise the
// course's earliest measured one), counted hair by hair in the earlier image's target area. The
// two images are looked at after the reads are audited and the transaction is over, as the
// overlay is.
http::Response change(store::Store& store, const media::PhotoFiles* files,
                      const http::Request& request, const Caller& caller) {
  if (!files) return no_photo_store();
  std::optional<std::pair<practice::TrichometryVisit, practice::TrichometryVisit>> visits;
  http::Response reply = handle(
      store, request, caller, store::TransactionMode::kRead,
      [&](Work& work) -> Result<http::Response> {
        auto found = find_trichometry_result(work, "trichometry.change.read");
        if (!found) return std::unexpected(found.error());
        practice::TrichometryVisit follow_up{std::move(found->first), std::move(found->second)};
        auto baseline =
            practice::baseline_of(work.tx, follow_up.photo, request.query_param("baseline"));
        if (!baseline) return std::unexpected(baseline.error());
        if (!*baseline) {
          return fail(ErrorCode::kNotFound,
                      "No earlier measured image of this zone to compare it with.");
        }
        // The earlier image's hairs are read too.
        work.audit("trichometry.change.read", "photo", (*baseline)->photo.id,
                   (*baseline)->photo.patient_id);
        visits.emplace(std::move(**baseline), std::move(follow_up));
        return http::Response{};
      });
  // Nothing of the patient's leaves unless its reads' audit is durable: the transaction or the
  // audit may fail after the work itself went well.
  if (!visits || reply.status >= 400) return reply;
  const auto& [baseline, follow_up] = *visits;
  auto compared = practice::compare_trichometry(*files, baseline, follow_up);
  if (!compared) return http::problem_from(compared.error());
  const auto tenth = [](double v) { return std::round(v * 10) / 10; };
  Json lost_exits = Json::array();
  for (const auto& lost : compared->which_lost) {
    const auto& hair = lost.added_back;
    lost_exits.push_back({{"at", {tenth(hair.exit.x), tenth(hair.exit.y)}},
                          {"end", {tenth(hair.end.x), tenth(hair.end.y)}},
                          {"width_um", tenth(hair.width_um)},
                          {"less_sure", lost.less_sure}});
  }
  return json_reply(
      200, {{"photo_id", follow_up.photo.id},
            {"baseline_photo_id", baseline.photo.id},
            {"baseline_count", compared->baseline_count},
            {"follow_up_count", compared->follow_up_count},
            {"persisting", compared->persisting},
            {"lost", compared->lost},
            {"new_hairs", compared->new_hairs},
            {"change", compared->change},
            {"change_percent", tenth(compared->change_percent)},
            {"persisting_diameter_change_um", tenth(compared->persisting_diameter_change_um)},
            {"new_hair_places", compared->which_new},
            {"lost_exits", std::move(lost_exits)}});
}

// The overlay is drawn after the read is audited and its transaction over: decoding and drawing
// a large image (and, for a result from before hairs were kept, finding them again) takes a part
// of a second, which no transaction should wait for.
http::Response overlay(store::Store& store, const media::PhotoFiles* files,
                       const http::Request& request, const Caller& caller) {
  if (!files) return no_photo_store();
  std::optional<std::pair<clinic::Photo, clinic::TrichometryResult>> found;
  http::Response reply = handle(store, request, caller, store::TransactionMode::kRead,
                                [&](Work& work) -> Result<http::Response> {
                                  auto result =
                                      find_trichometry_result(work, "trichometry.overlay.read");
                                  if (!result) return std::unexpected(result.error());
                                  found = std::move(*result);
                                  return http::Response{};
                                });
  if (!found || reply.status >= 400) return reply;  // as for the change, above
  auto png = practice::trichometry_overlay(*files, found->first, found->second);
  if (!png) return http::problem_from(png.error());
  http::Response picture;
  picture.content_type = "image/png";
  picture.body.assign(png->begin(), png->end());
  return picture;
}

}  // namespace

void add_trichometry_routes(http::Router& router, const Gate& gate,
                            const http::RouteOptions& limits, const media::PhotoFiles* files) {
  store::Store& store = gate.store();
  const std::string path(kResult);
  gate.add(
      router, "POST", path,
      [&store, files](const http::Request& request, const Caller& caller) {
        return measure(store, files, request, caller);
      },
      limits);
  gate.add(router, "GET", path, with_store(store, read), limits);
  gate.add(router, "PUT", path + "/correction", with_store(store, correct), limits);
  gate.add(
      router, "GET", path + "/change",
      [&store, files](const http::Request& request, const Caller& caller) {
        return change(store, files, request, caller);
      },
      limits);
  gate.add(router, "POST", path + "/acceptance", with_store(store, accept), limits);
  gate.add(
      router, "GET", path + "/overlay",
      [&store, files](const http::Request& request, const Caller& caller) {
        return overlay(store, files, request, caller);
      },
      limits);
}

}  // namespace mesoclinic::api

// /api/v1/patients/{id}/photos and /api/v1/photos/{id}: clinical photos uploaded as the image's
// own bytes (image/jpeg or image/png; our HTTP layer reads no multipart), with what the photo
// shows in the query (view, zone, time point, ...). Listed and read as metadata; the image and
// its thumbnail are read by their own URLs, each read audited like any clinical record.
#include "practice/photos.h"

#include <charconv>

#include "api/handler.h"
#include "api/idempotency.h"
#include "api/paging.h"
#include "api/photos.h"
#include "api/routes.h"
#include "core/ids.h"

namespace mesoclinic::api {
namespace {

using clinic::Photo;

constexpr std::string_view kCollection = "/api/v1/patients/{id}/photos";
constexpr std::string_view kItem = "/api/v1/photos/{id}";

std::string photo_path(const Photo& photo) { return "/api/v1/photos/" + photo.id; }

// Reads one query parameter into `target` with `parse`, or names it in `errors`.
template <class T, class Parse>
void read_parameter(const std::string& name, const std::string& value, Parse parse,
                    std::string_view expected, std::optional<T>& target,
                    std::vector<FieldError>& errors) {
  if (auto parsed = parse(value)) {
    target = *parsed;
  } else {
    errors.push_back({"/" + name, "must be " + std::string(expected)});
  }
}

std::optional<double> parse_decimal(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::string> parse_id(std::string_view text) {
  if (!is_valid_id(text)) return std::nullopt;
  return std::string(text);
}

std::optional<Instant> parse_instant(std::string_view text) {
  auto parsed = parse_rfc3339(text);
  if (!parsed) return std::nullopt;
  return *parsed;
}

// What the query says about the photo. kInvalidInput naming each bad parameter.
Result<practice::PhotoRequest> read_photo_request(const http::Request& request) {
  std::vector<FieldError> errors;
  practice::PhotoRequest photo;
  std::optional<clinic::PhotoKind> kind;
  std::optional<clinic::TimePoint> time_point;
  for (const auto& [name, value] : request.query) {
    if (request.query.count(name) > 1) {
      errors.push_back({"/" + name, "may be given only once"});
    } else if (name == "kind") {
      read_parameter(name, value, clinic::parse_photo_kind, "standard or trichoscopy", kind,
                     errors);
    } else if (name == "view") {
      read_parameter(name, value, clinic::parse_photo_view,
                     "one of front, top, vertex, left, right, back", photo.view, errors);
    } else if (name == "zone") {
      read_parameter(name, value, clinic::parse_scalp_zone,
                     "one of " + clinic::names_of_scalp_zones(), photo.zone, errors);
    } else if (name == "time_point") {
      read_parameter(name, value, clinic::parse_time_point,
                     "one of baseline, mid_course, end_of_course, month_3, month_6, month_12, "
                     "maintenance",
                     time_point, errors);
    } else if (name == "um_per_pixel") {
      read_parameter(name, value, parse_decimal, "a decimal number of micrometres per pixel",
                     photo.um_per_pixel, errors);
    } else if (name == "course_id") {
      read_parameter(name, value, parse_id, "a course id", photo.course_id, errors);
    } else if (name == "appointment_id") {
      read_parameter(name, value, parse_id, "an appointment id", photo.appointment_id, errors);
    } else if (name == "taken_at") {
      read_parameter(name, value, parse_instant,
                     "an RFC 3339 time with its offset, e.g. 2026-12-01T10:30:00Z", photo.taken_at,
                     errors);
    } else {
      errors.push_back({"/" + name, "is not a known query parameter"});
    }
  }
  if (!time_point && request.query.count("time_point") == 0) {
    errors.push_back({"/time_point", "is required"});
  }
  if (!errors.empty()) return invalid(std::move(errors), "The query has invalid parameters.");
  photo.kind = kind.value_or(clinic::PhotoKind::kStandard);
  photo.time_point = *time_point;
  return photo;
}

// An upload that is not a photo we keep, as its own problem type.
http::Response refused(const media::Refusal& refusal) {
  switch (refusal.kind) {
    case media::RefusalKind::kNotAnImage:
      return http::problem(415, "Not an image", refusal.detail);
    case media::RefusalKind::kTooManyBytes:
      return http::problem(413, "Request body too large", refusal.detail);
    case media::RefusalKind::kTooManyPixels:
      return http::problem(422, "Image too large", refusal.detail);
    case media::RefusalKind::kUnreadable:
      break;
  }
  return http::problem(422, "Unreadable image", refusal.detail);
}

http::Response record(store::Store& store, const media::PhotoFiles* files,
                      const http::Request& request, const Caller& caller) {
  if (!files) return no_photo_store();
  if (!is_media_type(request, "image/jpeg") && !is_media_type(request, "image/png")) {
    return http::problem(415, "Unsupported media type",
                         "Send the photo itself as image/jpeg or image/png.");
  }
  auto photo_request = read_photo_request(request);
  if (!photo_request) return http::problem_from(photo_request.error());
  // Decoded before the transaction begins (see practice/photos.h).
  auto prepared = media::prepare_photo(request.body);
  if (!prepared) return http::problem_from(prepared.error());
  if (const auto* refusal = std::get_if<media::Refusal>(&*prepared)) return refused(*refusal);
  const auto& photo_file = std::get<media::PreparedPhoto>(*prepared);
  return create_idempotently(
      store, request, caller, "POST " + std::string(kCollection),
      [&](Work& work) -> Result<http::Response> {
        auto patient = find_visible_patient(work.tx, request.path_params.at("id"), caller);
        if (!patient) return std::unexpected(patient.error());
        auto recorded = practice::record_photo(work.tx, *files, *patient, *photo_request,
                                               photo_file, caller.user->id, now());
        if (!recorded) return std::unexpected(recorded.error());
        if (std::holds_alternative<practice::PhotoConsentMissing>(*recorded)) {
          return http::problem(409, "Consent required",
                               "The patient has no consent to photos in force; record one first.");
        }
        const Photo& photo = std::get<Photo>(*recorded);
        work.audit("photo.record", "photo", photo.id, patient->id);
        return json_reply(201, photo_json(photo)).with_header("Location", photo_path(photo));
      });
}

http::Response list(store::Store& store, const http::Request& request, const Caller& caller) {
  return patient_list(store, request, caller, "photo.list",
                      [](Work& work, const clinic::Patient& patient) -> Result<Json> {
                        auto listed = work.tx.list_photos(patient.id);
                        if (!listed) return std::unexpected(listed.error());
                        Json items = Json::array();
                        for (const auto& photo : *listed) items.push_back(photo_json(photo));
                        return items;
                      });
}

http::Response read(store::Store& store, const http::Request& request, const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto photo = find_visible_photo(work);
                  if (!photo) return std::unexpected(photo.error());
                  work.audit("photo.read", "photo", photo->id, photo->patient_id);
                  return json_reply(200, photo_json(*photo));
                });
}

enum class Picture { kImage, kThumbnail };

// The image or thumbnail bytes. Never changed once stored, so the content hash is a strong ETag
// a client can keep them under (If-None-Match answers 304). Like every API reply they are sent
// with "Cache-Control: no-store" (http/server.cc): a clinical photo is not left in the browser
// cache of a shared clinic computer.
http::Response picture(store::Store& store, const media::PhotoFiles* files, Picture which,
                       const http::Request& request, const Caller& caller) {
  if (!files) return no_photo_store();
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto photo = find_visible_photo(work);
                  if (!photo) return std::unexpected(photo.error());
                  const bool image = which == Picture::kImage;
                  const std::string& hash = image ? photo->content_hash : photo->thumbnail_hash;
                  work.audit(image ? "photo.image.read" : "photo.thumbnail.read", "photo",
                             photo->id, photo->patient_id);
                  const std::string etag = "\"" + hash + "\"";
                  http::Response reply;
                  reply.content_type = "image/jpeg";
                  reply.with_header("ETag", etag);
                  if (request.header("if-none-match") == etag) {
                    reply.status = 304;
                    return reply;
                  }
                  auto bytes = practice::read_photo_file(*files, hash);
                  if (!bytes) return std::unexpected(bytes.error());
                  reply.body = std::move(*bytes);
                  return reply;
                });
}

}  // namespace

http::Response no_photo_store() {
  return http::problem(503, "Service unavailable", "This server keeps no photos.");
}

Result<Photo> find_visible_photo(Work& work) {
  const std::string& id = work.request.path_params.at("id");
  if (!is_valid_id(id)) return fail(ErrorCode::kNotFound, "No photo with this id.");
  auto photo = work.tx.find_photo(id);
  if (!photo) return std::unexpected(photo.error());
  if (!*photo) return fail(ErrorCode::kNotFound, "No photo with this id.");
  auto patient = find_visible_patient(work.tx, (*photo)->patient_id, work.caller);
  if (!patient) {
    if (patient.error().code == ErrorCode::kNotFound) {
      return fail(ErrorCode::kNotFound, "No photo with this id.");
    }
    return std::unexpected(patient.error());
  }
  return std::move(**photo);
}

Result<std::pair<Photo, clinic::TrichometryResult>> find_trichometry_result(Work& work,
                                                                            std::string action) {
  auto photo = find_visible_photo(work);
  if (!photo) return std::unexpected(photo.error());
  auto result = work.tx.find_photo_trichometry(photo->id);
  if (!result) return std::unexpected(result.error());
  if (!*result) return fail(ErrorCode::kNotFound, "This photo has not been measured.");
  work.audit(std::move(action), "photo", photo->id, photo->patient_id);
  return std::pair{std::move(*photo), std::move(**result)};
}

Json photo_json(const Photo& photo) {
  const auto name = [](const auto& value) {
    return value ? Json(clinic::to_string(*value)) : Json(nullptr);
  };
  const auto text = [](const std::optional<std::string>& value) {
    return value ? Json(*value) : Json(nullptr);
  };
  return {{"id", photo.id},
          {"patient_id", photo.patient_id},
          {"course_id", text(photo.course_id)},
          {"appointment_id", text(photo.appointment_id)},
          {"kind", clinic::to_string(photo.kind)},
          {"view", name(photo.view)},
          {"zone", name(photo.zone)},
          {"time_point", clinic::to_string(photo.time_point)},
          {"um_per_pixel", photo.um_per_pixel ? Json(*photo.um_per_pixel) : Json(nullptr)},
          {"taken_at", format_rfc3339(photo.taken_at)},
          {"recorded_at", format_rfc3339(photo.recorded_at)},
          {"recorded_by", photo.recorded_by},
          {"content_type", "image/jpeg"},
          {"width", photo.width},
          {"height", photo.height},
          {"byte_size", photo.byte_size},
          {"sha256", photo.content_hash},
          {"image_url", photo_path(photo) + "/image"},
          {"thumbnail_url", photo_path(photo) + "/thumbnail"}};
}

void add_photo_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits,
                      const media::PhotoFiles* files) {
  store::Store& store = gate.store();
  const std::string collection(kCollection);
  const std::string item(kItem);
  // The photo is the body: the route reads up to the media module's limit, and a larger body is
  // refused with 413 from its Content-Length, before it is read.
  http::RouteOptions upload = limits;
  upload.body_limit = media::kMaxPhotoBytes;
  gate.add(
      router, "POST", collection,
      [&store, files](const http::Request& request, const Caller& caller) {
        return record(store, files, request, caller);
      },
      upload);
  gate.add(router, "GET", collection, with_store(store, list), limits);
  gate.add(router, "GET", item, with_store(store, read), limits);
  for (const auto& [suffix, which] :
       {std::pair{"/image", Picture::kImage}, std::pair{"/thumbnail", Picture::kThumbnail}}) {
    gate.add(
        router, "GET", item + suffix,
        [&store, files, which](const http::Request& request, const Caller& caller) {
          return picture(store, files, which, request, caller);
        },
        limits);
  }
}

}  // namespace mesoclinic::api

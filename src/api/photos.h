// Private to api/: a photo as the API shows it, shared by the photo routes and the patient
// export, and finding the photo a route names (the photo and trichometry routes).
#pragma once

#include "api/handler.h"
#include "api/json_body.h"
#include "clinic/photo.h"
#include "clinic/trichometry.h"

namespace mesoclinic::api {

// A photo's metadata, with the URLs of its image and thumbnail.
Json photo_json(const clinic::Photo& photo);

// The reply of a photo route on a server that keeps no photos (503).
http::Response no_photo_store();

// The photo with the path's id, if the caller sees its patient (404 alike otherwise).
Result<clinic::Photo> find_visible_photo(Work& work);

// The photo the path names and its trichometry result (404 if it has none), audited as `action`.
Result<std::pair<clinic::Photo, clinic::TrichometryResult>> find_trichometry_result(
    Work& work, std::string action);

}  // namespace mesoclinic::api

// Private to api/: a photo as the API shows it, shared by the photo routes and the patient
// export.
#pragma once

#include "api/json_body.h"
#include "clinic/photo.h"

namespace mesoclinic::api {

// A photo's metadata, with the URLs of its image and thumbnail.
Json photo_json(const clinic::Photo& photo);

}  // namespace mesoclinic::api

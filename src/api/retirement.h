// Private to api/: what the formulation, product and room routes share about their lifecycle
// (clinic/retirement.h): the PATCH body that renames or retires, the members every reply
// carries, and the ?include_retired switch of their lists.
#pragma once

#include <initializer_list>
#include <string_view>

#include "api/json_body.h"
#include "clinic/retirement.h"
#include "http/http.h"

namespace mesoclinic::api {

// A PATCH body: "name" (a string) and "retired" (true or false), each optional. Members in
// `clinical` are refused at their pointer with a hint to create a new item instead; "id",
// "version", "retired_at" and `read_only` ones are read-only. kInvalidInput naming each field.
Result<clinic::CatalogueChange> catalogue_change_from_json(
    const Json& body, std::initializer_list<std::string_view> clinical,
    std::initializer_list<std::string_view> read_only);

// `reply` with "version", "retired" and "retired_at" (RFC 3339, or null) added.
Json with_lifecycle(Json reply, const clinic::Lifecycle& lifecycle);

// What ?include_retired asks for (absent or "false": in service only; "true": every item), or
// the 422 problem for another value.
Result<clinic::Retired> retired_listing(const http::Request& request);

}  // namespace mesoclinic::api

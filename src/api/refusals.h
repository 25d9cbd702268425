// Private to api/: a rule's refusal (practice::Refusal) as its own RFC 9457 problem type, so a
// client can tell "the zone is in use" from "the protocol is retired" without reading prose.
#pragma once

#include "api/json_body.h"
#include "http/http.h"
#include "practice/clinics.h"

namespace mesoclinic::api {

// 409 with type urn:mesoclinic:problem:time-zone-in-use (and "future_appointments"),
// :retired (the same type as a retired formulation, product or room) or :protocol-not-priced.
inline http::Response refusal_problem(const practice::Refusal& refusal) {
  switch (refusal.kind) {
    case practice::RefusalKind::kZoneInUse:
      return problem_with(409, "Time zone in use", refusal.detail,
                          {{"future_appointments", refusal.future_appointments}});
    case practice::RefusalKind::kProtocolRetired:
      return http::problem(409, "Retired", refusal.detail);
    case practice::RefusalKind::kProtocolNotPriced:
      break;
  }
  return http::problem(409, "Protocol not priced", refusal.detail);
}

}  // namespace mesoclinic::api

// The formulations, products and lots chosen for new work (a screening or decision, a product,
// a delivery, a course, a chart's vials): found, and in service. A retired item stays readable
// and in every record that used it; it is only refused here (clinic/retirement.h). Rooms are
// left out of the calendar the planner books into (clinic_context.h).
#pragma once

#include <string>

#include "clinic/stock.h"
#include "clinic/suitability.h"
#include "store/store.h"

namespace mesoclinic::practice {

// The formulation a request names at `field`: kInvalidInput at `field` if there is none,
// kRetired if it is retired.
Result<clinic::Formulation> formulation_for_new_work(store::Treatment& treatment,
                                                     const std::string& id,
                                                     const std::string& field);

// The product a request names at `field`: kInvalidInput at `field` if there is none, kRetired if
// it or its formulation is retired.
Result<clinic::Product> product_for_new_work(store::Transaction& tx, const std::string& id,
                                             const std::string& field);

// Nothing if vials of the lot may go into a new chart as far as the catalogue goes; kRetired
// (at `field`) if its product or that product's formulation is retired, kInternal if they are
// missing. Expiry, recall and count are clinic::why_unusable's.
Result<void> check_lot_in_service(store::Transaction& tx, const clinic::Lot& lot,
                                  const std::string& field);

}  // namespace mesoclinic::practice

// Stored documents: the one place that owns the JSON form of the records mesoclinic keeps as
// documents (clinical records, formulations, protocols, clinic settings, courses, charts,
// aftercare plans). The store keeps their text; the API and the workflows read and write them
// only through this module, so a change of format is made, and versioned, here.
#pragma once

#include "documents/chart_json.h"
#include "documents/clinic_time_json.h"
#include "documents/clinical_json.h"
#include "documents/course.h"
#include "documents/json_reader.h"
#include "documents/planning_json.h"
#include "documents/price.h"
#include "documents/settings.h"

// The workflow layer: one function per thing a clinic does, over a store transaction and domain
// values, with no JSON and no HTTP. Each asks clinic/ and planning/ to decide, writes through
// the store, and leaves the commit (and the audit entry naming who asked) to its caller, so an
// HTTP handler, the demo loader and the reminder loop all do a thing the same way.
#pragma once

#include "practice/booking.h"
#include "practice/charting.h"
#include "practice/clinic_context.h"
#include "practice/clinics.h"
#include "practice/decisions.h"
#include "practice/outcomes.h"
#include "practice/photos.h"
#include "practice/records.h"
#include "practice/reminders.h"
#include "practice/retirement.h"
#include "practice/staff.h"
#include "practice/worklist.h"

// Course planning (DOMAIN.md step 4 and "Planning rules"): a protocol's sessions turned into
// appointments that the clinic's calendar can hold. Pure logic: the caller loads the calendar
// and stores the result. This is the module's door; each concept has its own header below.
#pragma once

#include "planning/attendance.h"  // what becomes of an appointment, and the checks around it
#include "planning/calendar.h"    // opening hours, people, rooms, bookings, free slots
#include "planning/planner.h"     // placing and moving a course's sessions
#include "planning/protocol.h"    // sessions, intervals, prices, discounts, recall

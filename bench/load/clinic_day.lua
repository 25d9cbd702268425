-- wrk script: the requests of a clinic day on the scale data (bench/scale), one kind at a time
-- or as a mix (SCENARIO):
--   schedule  GET  /api/v1/clinics/{id}/appointments?from=&to=     (the front desk's day)
--   search    GET  /api/v1/patients?name=<two letters>              (finding a patient at the desk)
--   chart     GET  /api/v1/patients/{id}                            (an audited read of one patient)
--   register  POST /api/v1/patients                                 (a new patient at the desk)
--   book      POST /api/v1/appointments                             (a free half hour, see below)
--   sign      POST /api/v1/appointments/{id}/chart/signature        (a session charted at the chair)
--   measure   POST /api/v1/courses/{id}/measurements                (a month-3 visit, 6 readings)
--   mix       8 chart : 4 search : 2 schedule : 1 register : 2 book : 2 sign : 1 measure
-- Environment: CLINIC_ID; DAY (the schedule's date); PATIENTS (scale patients 0..PATIENTS-1,
-- whose ids are scale.sql's); DATES, a file of open weekdays to book on; DRAFTS, a file of
-- appointment ids whose charts await signature; FIRST_SLOT and FIRST_DRAFT, where this run
-- starts in each (so runs after one another take fresh ones). Bookings and signatures do not
-- repeat: wrk's threads take turns through the slots (20 lanes x 20 half hours from 09:00 on
-- each date, each with its own scale patient) and the drafts, until the drafts run out: then
-- signing starts again from the first and those signatures are refused (409, non-2xx). The
-- session cookie, CSRF token and Origin come as wrk -H headers.
local scenario, clinic, day, patients
local dates, drafts = {}, {}
local letters = {"a", "b", "c", "d", "e", "g", "h", "k", "l", "m", "n", "o", "p", "r", "s", "t", "y"}
local mix = {"chart", "chart", "chart", "chart", "chart", "chart", "chart", "chart",
             "search", "search", "search", "search", "schedule", "schedule", "register",
             "book", "book", "sign", "sign", "measure"}
local zones = {"vertex", "frontal", "mid_scalp"}
local registered, next_slot, next_draft, stride = 0, 0, 0, 1

local created = 0
function setup(thread)
  thread:set("thread_index", created)
  created = created + 1
end

function init(args)
  scenario = os.getenv("SCENARIO") or "chart"
  clinic = os.getenv("CLINIC_ID")
  day = os.getenv("DAY")
  patients = tonumber(os.getenv("PATIENTS"))
  for line in io.lines(os.getenv("DATES")) do dates[#dates + 1] = line end
  for line in io.lines(os.getenv("DRAFTS")) do drafts[#drafts + 1] = line end
  stride = tonumber(os.getenv("WRK_THREADS") or "2")
  next_slot = tonumber(os.getenv("FIRST_SLOT") or "0") + thread_index
  next_draft = tonumber(os.getenv("FIRST_DRAFT") or "0") + thread_index
  math.randomseed(os.time() + thread_index)
end

-- scale.sql's id of kind 1 (patient), 2 (course), 7 (practitioner) for number n.
local function scale_id(kind, n)
  return string.format("b000000%d-0000-7000-8000-%012d", kind, n)
end

-- wrk.format uses the headers given instead of the -H ones, not beside them: copy those.
local function post(path, body)
  local headers = {["Content-Type"] = "application/json"}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  return wrk.format("POST", path, headers, body)
end

local function book()
  local slot = next_slot
  next_slot = next_slot + stride
  local lane, half_hour = slot % 20, math.floor(slot / 20) % 20
  local date = dates[math.floor(slot / 400) + 1]
  local starts = string.format("%sT%02d:%02d", date, 9 + math.floor(half_hour / 2), (half_hour % 2) * 30)
  return post("/api/v1/appointments", string.format(
    '{"patient_id":"%s","practitioner_id":"%s","starts":{"local":"%s"},"minutes":30}',
    scale_id(1, slot % patients), scale_id(7, lane), starts))
end

local function sign()
  local id = drafts[next_draft % #drafts + 1]
  next_draft = next_draft + stride
  return post("/api/v1/appointments/" .. id .. "/chart/signature", "")
end

local function measure()
  local readings = {}
  for _, zone in ipairs(zones) do
    readings[#readings + 1] = string.format(
      '{"measure":"hair_density","value":%d,"unit":"hairs/cm2","zone":"%s","method":"trichoscopy"}',
      100 + math.random(60), zone)
    readings[#readings + 1] = string.format(
      '{"measure":"mean_shaft_diameter","value":%d,"unit":"um","zone":"%s","method":"trichoscopy"}',
      50 + math.random(20), zone)
  end
  return post("/api/v1/courses/" .. scale_id(2, math.random(patients) - 1) .. "/measurements",
              '{"time_point":"month_3","measurements":[' .. table.concat(readings, ",") .. "]}")
end

local function one(kind)
  if kind == "chart" then
    return wrk.format("GET", "/api/v1/patients/" .. scale_id(1, math.random(patients) - 1))
  elseif kind == "search" then
    local prefix = letters[math.random(#letters)] .. letters[math.random(#letters)]
    return wrk.format("GET", "/api/v1/patients?name=" .. prefix .. "&limit=20")
  elseif kind == "schedule" then
    return wrk.format("GET", "/api/v1/clinics/" .. clinic .. "/appointments?from=" .. day .. "&to=" .. day)
  elseif kind == "book" then
    return book()
  elseif kind == "sign" then
    return sign()
  elseif kind == "measure" then
    return measure()
  end
  registered = registered + 1
  return post("/api/v1/patients", string.format(
    '{"clinic_id":"%s","family_name":"Load","given_name":"Walk-in %d","date_of_birth":"1985-06-%02d","sex":"female","preferred_language":"en","reminder_channel":"none"}',
    clinic, registered, registered % 28 + 1))
end

function request()
  if scenario == "mix" then
    return one(mix[math.random(#mix)])
  end
  return one(scenario)
end

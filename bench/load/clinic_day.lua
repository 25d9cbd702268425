-- wrk script: the requests of a clinic day, one kind at a time or as a mix (SCENARIO):
--   schedule  GET  /api/v1/clinics/{id}/appointments?from=&to=   (a week of the front desk's calendar)
--   search    GET  /api/v1/patients?name=<two letters>            (finding a patient at the desk)
--   chart     GET  /api/v1/patients/{id}                          (an audited read of one patient)
--   register  POST /api/v1/patients                               (a new patient at the desk)
--   mix       8 chart : 4 search : 2 schedule : 1 register
-- CLINIC_ID names the clinic, PATIENT_IDS a file of patient ids (one a line), FROM and TO the
-- schedule's dates. The session cookie, CSRF token and Origin come as wrk -H headers.
local ids = {}
local scenario, clinic, from, to
local letters = {"a", "b", "c", "d", "e", "g", "h", "k", "l", "m", "n", "o", "p", "r", "s", "t", "y"}
local mix = {"chart", "chart", "chart", "chart", "chart", "chart", "chart", "chart",
             "search", "search", "search", "search", "schedule", "schedule", "register"}
local counter = 0

function init(args)
  scenario = os.getenv("SCENARIO") or "chart"
  clinic = os.getenv("CLINIC_ID")
  from, to = os.getenv("FROM"), os.getenv("TO")
  for line in io.lines(os.getenv("PATIENT_IDS")) do
    ids[#ids + 1] = line
  end
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

local function one(kind)
  if kind == "chart" then
    return wrk.format("GET", "/api/v1/patients/" .. ids[math.random(#ids)])
  elseif kind == "search" then
    local prefix = letters[math.random(#letters)] .. letters[math.random(#letters)]
    return wrk.format("GET", "/api/v1/patients?name=" .. prefix .. "&limit=20")
  elseif kind == "schedule" then
    return wrk.format("GET", "/api/v1/clinics/" .. clinic .. "/appointments?from=" .. from .. "&to=" .. to)
  else
    counter = counter + 1
    local body = string.format(
      '{"clinic_id":"%s","family_name":"Load","given_name":"Walk-in %d","date_of_birth":"1985-06-%02d","sex":"female","preferred_language":"en","reminder_channel":"none"}',
      clinic, counter, counter % 28 + 1)
    -- wrk.format uses the headers given instead of the -H ones, not beside them: copy those.
    local headers = {["Content-Type"] = "application/json"}
    for name, value in pairs(wrk.headers) do
      headers[name] = value
    end
    return wrk.format("POST", "/api/v1/patients", headers, body)
  end
end

function request()
  if scenario == "mix" then
    return one(mix[math.random(#mix)])
  end
  return one(scenario)
end

-- wrk script: GET /api/v1/patients/{id} for ids drawn at random from the file named by the
-- PATIENT_IDS environment variable (one id per line), so reads spread over the whole table.
local ids = {}

function init(args)
  local path = os.getenv("PATIENT_IDS")
  for line in io.lines(path) do
    ids[#ids + 1] = line
  end
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
  return wrk.format("GET", "/api/v1/patients/" .. ids[math.random(#ids)])
end

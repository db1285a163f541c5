-- wrk script for bench/http_pg.sh: a mix of 90 % GETs and 10 % writes
-- (measurement proposals). Every tenth request of a connection's thread is
-- POST MIX_POST with a JSON proposal (value and date vary with the request
-- number); the others GET MIX_GET. MIX_COOKIE and MIX_CSRF carry the
-- logged-in session. Prints the same WRK line as latency.lua (loaded from
-- MIX_LATENCY_LUA).
dofile(os.getenv("MIX_LATENCY_LUA"))

local n = 0
local get_path = os.getenv("MIX_GET")
local post_path = os.getenv("MIX_POST")
local territory = os.getenv("MIX_TERRITORY")
local base = { Cookie = os.getenv("MIX_COOKIE") }
local post = {
  Cookie = os.getenv("MIX_COOKIE"),
  ["X-CSRF-Token"] = os.getenv("MIX_CSRF"),
  ["Content-Type"] = "application/json",
}

request = function()
  n = n + 1
  if n % 10 == 0 then
    local body = string.format('{"territory_id":"%s","value_on":"2025-%02d-%02d","value":%d,"source":"bench"}', territory,
      1 + n % 12, 1 + n % 28, n % 997)
    return wrk.format("POST", post_path, post, body)
  end
  return wrk.format("GET", get_path, base)
end

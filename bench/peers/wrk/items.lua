-- GET /items/{id} over the 1000 rows bench/sql_read.sh loads, in the same order as the libpq peer's loop.
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/items/" .. (1 + n % 1000))
end

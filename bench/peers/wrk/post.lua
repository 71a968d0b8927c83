-- Every request a POST with an empty body (the path comes from wrk's URL).
wrk.method = "POST"

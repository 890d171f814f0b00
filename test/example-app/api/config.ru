# The api service: a health check and one route.
run lambda { |env|
  body = env["PATH_INFO"] == "/health" ? "ok" : %({"orders":[]})
  [200, { "content-type" => "application/json" }, [body]]
}

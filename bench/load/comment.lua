-- wrk script for the comment burst: posts the article's comment form (as a browser would, same-site) with a
-- different text each time, so duplicates are not what refuses it, and counts the answers by class.
-- The form's path comes in NASHIR_COMMENT_PATH (/article/SLUG?handler=Comment).
local threads = {}
local counter = 0
local path
-- Globals, not locals: done() reads them from each thread with thread:get.
c2, c3, c429, c4, c5, other = 0, 0, 0, 0, 0, 0

setup = function(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

init = function(args)
  path = os.getenv("NASHIR_COMMENT_PATH")
end

-- "قارئ" and "تعليق تجريبي من اختبار الحمل" percent-encoded (UTF-8).
local name = "%D9%82%D8%A7%D8%B1%D8%A6"
local text = "%D8%AA%D8%B9%D9%84%D9%8A%D9%82%20%D8%AA%D8%AC%D8%B1%D9%8A%D8%A8%D9%8A%20%D9%85%D9%86%20%D8%A7%D8%AE%D8%AA%D8%A8%D8%A7%D8%B1%20%D8%A7%D9%84%D8%AD%D9%85%D9%84"
local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8",
  ["Sec-Fetch-Site"] = "same-origin",
}

request = function()
  counter = counter + 1
  local body = "Name=" .. name .. "&Text=" .. text .. "%20" .. tid .. "-" .. counter .. "&Subject=&Email=&Website="
  return wrk.format("POST", path, headers, body)
end

response = function(status, hdrs, body)
  if status == 429 then c429 = c429 + 1
  elseif status >= 200 and status < 300 then c2 = c2 + 1
  elseif status >= 300 and status < 400 then c3 = c3 + 1
  elseif status >= 400 and status < 500 then c4 = c4 + 1
  elseif status >= 500 then c5 = c5 + 1
  else other = other + 1 end
end

done = function(summary, latency, requests)
  local t2, t3, t429, t4, t5 = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    t2 = t2 + t:get("c2"); t3 = t3 + t:get("c3"); t429 = t429 + t:get("c429")
    t4 = t4 + t:get("c4"); t5 = t5 + t:get("c5")
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,"s2xx":%d,"s3xx":%d,"s429":%d,"s4xx":%d,"s5xx":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    t2, t3, t429, t4, t5))
end

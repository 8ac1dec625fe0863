#!/usr/bin/env bash
# Reader pages under load: builds Release, prepares data folders (2,000 articles, the whole corpus, 200,000), starts
# Nashir on loopback for each and measures it with wrk, and nginx serving the same article as a static file (the
# ceiling) in the same run. Prints a table and writes it to the "## Reader pages under load" section of
# docs/PERFORMANCE.md. See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run.sh [--quick] [--corpus FILE] [--duration S] [--threads N] [--connections N] [--no-write] [--no-build]

  --quick          2,000 articles and the whole corpus only, 5 s runs (about 10 minutes with the folders made)
  --corpus FILE    JSON Lines corpus, plain or gzipped (default ../shared/corpus/arabic-news.jsonl.gz from the repo root)
  --duration S     seconds per wrk run (default 15; 5 with --quick)
  --threads N      wrk threads for the throughput runs (default 2)
  --connections N  wrk connections for the throughput runs (default 64)
  --no-write       print the table only; leave docs/PERFORMANCE.md alone
  --no-build       use the last build in bench/results/publish
Environment: NASHIR_BENCH_CACHE (data folders, default bench/results/cache), NASHIR_BENCH_PORT (first port, default 18480).
EOF
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
here="$root/bench"
corpus="$root/../shared/corpus/arabic-news.jsonl.gz"
quick=false
duration=""
threads=2
connections=64
write=true
build=true
args_given="$*"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=true ;;
    --corpus) corpus=$2; shift ;;
    --duration) duration=$2; shift ;;
    --threads) threads=$2; shift ;;
    --connections) connections=$2; shift ;;
    --no-write) write=false ;;
    --no-build) build=false ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ -n "$duration" ]] || duration=$([[ $quick == true ]] && echo 5 || echo 15)
warmup=$([[ $quick == true ]] && echo 2 || echo 3)
timeout=5
case "$corpus" in /*) ;; *) corpus="$root/$corpus" ;; esac

die() { echo "bench/run.sh: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is missing: $2"; }
need wrk "install the Debian package: apt-get install wrk"
need nginx "install the Debian package: apt-get install nginx-light (or nginx); it runs as the current user on a loopback port"
need curl "apt-get install curl"
need jq "apt-get install jq"
need sqlite3 "apt-get install sqlite3 (the runner reads slugs and counts from the data folders)"
need python3 "apt-get install python3"
need dotnet "install the .NET SDK named in global.json"
[[ -f "$corpus" ]] || die "corpus not found: $corpus (see ../shared/corpus/README.md, or pass --corpus FILE)"

results_dir="$here/results"
cache="${NASHIR_BENCH_CACHE:-$results_dir/cache}"
publish="$results_dir/publish"
run_dir="$results_dir/run-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$cache" "$run_dir"
results="$run_dir/results.jsonl"
: > "$results"
port=${NASHIR_BENCH_PORT:-18480}
cache_off_setting="--Nashir:OutputCache:Enabled=false"
# Bump when what goes into a data folder changes (the generator, the tagging), so old folders are rebuilt.
prep_version=1
tag_name="مصر"
# The listing cap, read from the code that enforces it (one place for the rule).
max_listed=$(grep -oP 'const int MaxListed = \K[0-9_]+' "$root/src/Nashir/Articles/ArticleQueries.cs" | tr -d _)
[[ -n "$max_listed" ]] || die "ArticleQueries.MaxListed not found in src/Nashir/Articles/ArticleQueries.cs"

# Everything started here is stopped on exit, by its own id.
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
encode() { jq -rn --arg s "$1" '$s|@uri'; }
q() { sqlite3 -batch -noheader "$1/nashir.db" "$2"; }

# ---------------------------------------------------------------- build
if [[ $build == true ]]; then
  log "Building Release (dotnet publish, with the front-end bundle; npm ci on the first build)"
  dotnet publish "$root/src/Nashir" -c Release -o "$publish" -nologo -v quiet >"$run_dir/publish.log" 2>&1 \
    || { tail -30 "$run_dir/publish.log" >&2; die "the build failed (log: $run_dir/publish.log)"; }
fi
[[ -f "$publish/nashir.dll" ]] || die "no build in $publish (run without --no-build)"
[[ -f "$publish/wwwroot/css/fonts.css" ]] || log "warning: no wwwroot/css/fonts.css in the build (npm missing?): pages link no web fonts"

# ---------------------------------------------------------------- servers
# start_nashir DATA LOGNAME [settings...]: starts the site, sets $server_pid, $server_url, $healthz_ms, $first_page_ms.
start_nashir() {
  local data=$1 name=$2; shift 2
  port=$((port + 1))
  server_url="http://127.0.0.1:$port"
  local started; started=$(now_ms)
  # From the build's folder: the content root (and so wwwroot, the CSS and fonts) is the working directory.
  (cd "$publish" && ASPNETCORE_ENVIRONMENT=Production DOTNET_NOLOGO=1 \
    exec dotnet nashir.dll --urls "$server_url" "--Nashir:DataPath=$data" \
    --Logging:LogLevel:Microsoft.AspNetCore=Warning "$@") >"$run_dir/$name.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  local deadline=$(( $(now_ms) + 300000 )) code
  healthz_ms=""
  while :; do
    kill -0 "$server_pid" 2>/dev/null || { tail -20 "$run_dir/$name.log" >&2; die "Nashir exited during start-up (log: $run_dir/$name.log)"; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$server_url/healthz" || true)
    [[ $code == 200 ]] && break
    (( $(now_ms) < deadline )) || die "Nashir did not answer /healthz within 300 s (log: $run_dir/$name.log)"
    sleep 0.02
  done
  healthz_ms=$(( $(now_ms) - started ))
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 120 "$server_url/" || true)
  first_page_ms=$(( $(now_ms) - started ))
  [[ $code == 200 ]] || log "warning: the first home page answered $code"
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$server_url/css/site.css" || true)
  [[ $code == 200 ]] || die "the site serves no /css/site.css ($code): wrong content root? (log: $run_dir/$name.log)"
}

stop_server() {
  local pid=$1 p kept=()
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${pids[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
  pids=("${kept[@]}")
}

peak_rss_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

# ---------------------------------------------------------------- data folders
corpus_md5=$(md5sum "$corpus" | cut -d' ' -f1)
corpus_articles=$(python3 -c 'import sys, gzip
p = sys.argv[1]
o = gzip.open if open(p, "rb").read(2) == b"\x1f\x8b" else open
print(sum(1 for l in o(p, "rt", encoding="utf-8") if l.strip()))' "$corpus")
schema=$(ls "$root/src/Nashir/Data/Migrations/Sqlite" | grep -v Designer | sort | md5sum | cut -c1-12)

# folder SIZE: sets $folder_dir to a ready data folder with SIZE imported articles (plus the demo's), making it if needed.
# (Not a $(…) call: a subshell would lose the started process ids and the port counter.)
folder() {
  local size=$1
  local key; key=$(printf '%s %s %s %s' "$corpus_md5" "$size" "$schema" "$prep_version" | md5sum | cut -c1-12)
  local dir="$cache/data-$size-$key"
  if [[ -f "$dir/ready" ]]; then
    log "Reusing $dir"
    folder_dir=$dir; return
  fi
  local tmp="$dir.partial"
  rm -rf "$tmp"; mkdir -p "$tmp"
  log "Making a data folder with $size articles in $tmp (minutes for large sizes)"
  # The demo first (it seeds only an empty database): tagged articles, pictures, the seed article.
  start_nashir "$tmp" "seed-$size" --Nashir:DemoContent=true
  stop_server "$server_pid"
  local input="$tmp/import.jsonl"
  if [[ $size == "$corpus_articles" ]]; then
    input=$corpus
  else
    python3 "$here/load/corpus.py" "$corpus" "$size" >"$input"
  fi
  local started; started=$(now_ms)
  ASPNETCORE_ENVIRONMENT=Production Nashir__DataPath=$tmp dotnet "$publish/nashir.dll" import jsonl "$input" \
    >"$run_dir/import-$size.log" 2>&1 || { tail -20 "$run_dir/import-$size.log" >&2; die "import failed (log: $run_dir/import-$size.log)"; }
  log "Imported $size articles in $(( ($(now_ms) - started) / 1000 )) s"
  [[ $input == "$corpus" ]] || rm -f "$input"
  # A big tag, as a newsroom has ("اليمن" on a tenth of everything): on every 10th imported article.
  q "$tmp" "INSERT OR IGNORE INTO ArticleTags (ArticlesId, TagsId)
            SELECT a.Id, t.Id FROM Articles a, Tags t WHERE t.Name = '$tag_name' AND a.ExternalId IS NOT NULL AND a.Id % 10 = 0;"
  # A content API key for the API runs (the secret is printed once).
  Nashir__DataPath=$tmp dotnet "$publish/nashir.dll" apikey create "bench" 2>/dev/null \
    | sed -n 's/^Secret (shown once): //p' >"$tmp/bench-api-key"
  [[ -s "$tmp/bench-api-key" ]] || die "could not create an API key in $tmp"
  touch "$tmp/ready"
  rm -rf "$dir"; mv "$tmp" "$dir"
  folder_dir=$dir
}

# ---------------------------------------------------------------- measuring
wrk_version=$({ wrk -v 2>&1 || true; } | head -1 | awk '{print $2}' | sed 's|^debian/||')
# measure FOLDER PAGE CONN URL [wrk options...]: one wrk run, appended to the results.
measure() {
  local label=$1 page=$2 conn=$3 url=$4; shift 4
  local t=$threads; [[ $conn == 1 ]] && t=1
  local out
  out=$(wrk -t"$t" -c"$conn" -d"${duration}s" --timeout "${timeout}s" "$@" "$url" 2>&1) || { echo "$out" >&2; die "wrk failed on $url"; }
  local json; json=$(sed -n 's/^WRKJSON //p' <<<"$out")
  [[ -n "$json" ]] || { echo "$out" >&2; die "no summary from wrk on $url"; }
  jq -c --arg f "$label" --arg p "$page" --argjson c "$conn" '{kind: "wrk", folder: $f, page: $p, conn: $c, wrk: .}' <<<"$json" >>"$results"
  printf '  %-16s c%-3s %10.0f req/s  p50 %8.2f ms  p99 %8.2f ms  errors %s\n' "$page" "$conn" \
    "$(jq -r '.requests / (.duration_us / 1e6)' <<<"$json")" "$(jq -r '.p50_us / 1000' <<<"$json")" \
    "$(jq -r '.p99_us / 1000' <<<"$json")" "$(jq -r '[.connect, .read, .write, .timeout, .status] | add' <<<"$json")" >&2
}

# The server catches up with what a timed-out run left queued before the next run starts (bounded).
settle() {
  local deadline=$(( $(now_ms) + 30000 )) took
  while (( $(now_ms) < deadline )); do
    took=$(curl -s -o /dev/null -w '%{time_total}' --max-time 10 "$server_url/healthz" || echo 9)
    awk -v t="$took" 'BEGIN { exit !(t < 0.05) }' && return 0
    sleep 0.2
  done
}

# page FOLDER PAGE URL CONNS [HEADER]: checks the answer is 200, warms up, then a run per connection count.
page() {
  local label=$1 name=$2 url=$3 conns=$4
  local headers=()
  [[ $# -ge 5 ]] && headers=(-H "$5")
  local code; code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 "${headers[@]}" "$url" || true)
  if [[ $code != 200 ]]; then
    log "skipping $name: $url answered $code"
    jq -nc --arg f "$label" --arg p "$name" --arg r "answered $code" '{kind: "skipped", folder: $f, page: $p, reason: $r}' >>"$results"
    return 0
  fi
  wrk -t1 -c4 -d"${warmup}s" --timeout "${timeout}s" "${headers[@]}" "$url" >/dev/null 2>&1 || true
  settle
  local c
  for c in $conns; do
    measure "$label" "$name" "$c" "$url" -s "$here/load/summary.lua" "${headers[@]}"
    settle
  done
}

# urls DIR: sets the paths measured on that folder.
urls() {
  local dir=$1
  api_key=$(cat "$dir/bench-api-key")
  article_slug=$(q "$dir" "SELECT a.Slug FROM Articles a JOIN ArticleTags x ON x.ArticlesId = a.Id WHERE a.ExternalId IS NULL
                           GROUP BY a.Id ORDER BY COUNT(*) DESC, a.Id LIMIT 1;")
  comment_slug=$(q "$dir" "SELECT Slug FROM Articles WHERE ExternalId IS NULL AND Slug <> '$article_slug' ORDER BY Id LIMIT 1;")
  local cat_row; cat_row=$(q "$dir" "SELECT c.Slug || '|' || COUNT(*) FROM Articles a JOIN Categories c ON c.Id = a.CategoryId
                                     GROUP BY c.Id ORDER BY COUNT(*) DESC LIMIT 1;")
  category_slug=${cat_row%|*}
  local cat_count=${cat_row#*|}
  category_page=$(( (cat_count + 19) / 20 / 2 )); (( category_page >= 2 )) || category_page=2
  # A listing ends at ArticleQueries.MaxListed articles (past it a page answers 404 by design): stay inside it.
  local last_page=$(( max_listed / 20 - 1 ))
  (( category_page <= last_page )) || category_page=$last_page
  tag_slug=$(q "$dir" "SELECT Slug FROM Tags WHERE Name = '$tag_name';")
  tag_count=$(q "$dir" "SELECT COUNT(*) FROM ArticleTags x JOIN Tags t ON t.Id = x.TagsId WHERE t.Name = '$tag_name';")
  articles=$(q "$dir" "SELECT COUNT(*) FROM Articles WHERE Status = (SELECT Status FROM Articles WHERE ExternalId IS NOT NULL LIMIT 1);")
  article_path="/article/$(encode "$article_slug")"
  declare -gA paths=(
    [home]="/"
    [article]="$article_path"
    [category]="/category/$(encode "$category_slug")?page=$category_page"
    [tag]="/tag/$(encode "$tag_slug")"
    [search]="/search?q=$(encode "الحكومة")"
    [feed]="/feed"
    [api]="/api/v1/articles"
  )
  category_detail="page $category_page of $(( (cat_count + 19) / 20 )), $cat_count articles in the category"
  tag_detail="$tag_count articles"
}

# measure_folder LABEL DIR CONNS: the reader pages on one data folder, then the same site with the output cache off.
measure_folder() {
  local label=$1 dir=$2 conns=$3 full=$4
  urls "$dir"
  log "Measuring $label ($articles articles) on $dir"
  start_nashir "$dir" "site-$label" --Nashir:DemoContent=false
  log "  cold start: /healthz after $healthz_ms ms, first home page after $first_page_ms ms"
  local pid=$server_pid hz=$healthz_ms fp=$first_page_ms
  local name
  for name in home article category tag search feed api; do
    if [[ $name == api ]]; then
      page "$label" "$name" "$server_url${paths[$name]}" "$conns" "X-Api-Key: $api_key"
    else
      page "$label" "$name" "$server_url${paths[$name]}" "$conns"
    fi
  done
  if [[ $full == true ]]; then
    # The article exactly as a reader gets it, for nginx.
    curl -s --max-time 60 "$server_url$article_path" -o "$run_dir/article.html"
    log "  comment POST burst on /article/$comment_slug"
    local c
    for c in $conns; do
      NASHIR_COMMENT_PATH="/article/$(encode "$comment_slug")?handler=Comment"
      export NASHIR_COMMENT_PATH
      measure "$label" comment "$c" "$server_url/" -s "$here/load/comment.lua"
    done
  fi
  jq -nc --arg f "$label" --argjson r "$(peak_rss_kb "$pid")" --argjson h "$hz" --argjson p "$fp" \
    '{kind: "server", folder: $f, cache: "on", peak_rss_kb: $r, healthz_ms: $h, first_page_ms: $p}' >>"$results"
  stop_server "$pid"
  if [[ $full == true ]]; then
    log "  the same site with $cache_off_setting"
    start_nashir "$dir" "site-$label-nocache" --Nashir:DemoContent=false "$cache_off_setting"
    pid=$server_pid hz=$healthz_ms fp=$first_page_ms
    page "$label" home-nocache "$server_url/" "$conns"
    page "$label" article-nocache "$server_url$article_path" "$conns"
    jq -nc --arg f "$label" --argjson r "$(peak_rss_kb "$pid")" --argjson h "$hz" --argjson p "$fp" \
      '{kind: "server", folder: $f, cache: "off", peak_rss_kb: $r, healthz_ms: $h, first_page_ms: $p}' >>"$results"
    stop_server "$pid"
  fi
  folders_json=$(jq -c --arg l "$label" --argjson n "$articles" --arg c "$category_detail" --arg t "$tag_detail" \
    '. + [{label: $l, articles: $n, urls: {category: $c, tag: $t}}]' <<<"$folders_json")
}

# nginx serving the saved article as a static file: the ceiling for the same bytes.
measure_ceiling() {
  local conns=$1
  [[ -s "$run_dir/article.html" ]] || die "no saved article HTML for nginx"
  local ng="$run_dir/nginx"
  mkdir -p "$ng/html"
  cp "$run_dir/article.html" "$ng/html/article.html"
  port=$((port + 1))
  cat >"$ng/nginx.conf" <<EOF
# Ignored with a warning when not started by root; as root it keeps the workers able to read the run's folder.
user $(id -un) $(id -gn);
worker_processes $nginx_workers;
pid $ng/nginx.pid;
error_log $ng/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $ng/client_body;
  proxy_temp_path $ng/proxy;
  fastcgi_temp_path $ng/fastcgi;
  uwsgi_temp_path $ng/uwsgi;
  scgi_temp_path $ng/scgi;
  types { text/html html; }
  server {
    listen 127.0.0.1:$port;
    root $ng/html;
    location = /article { default_type "text/html; charset=utf-8"; try_files /article.html =404; }
  }
}
EOF
  nginx -p "$ng" -e "$ng/error.log" -c "$ng/nginx.conf" -g 'daemon off;' 2>"$ng/stderr.log" &
  local pid=$!
  pids+=("$pid")
  local deadline=$(( $(now_ms) + 10000 ))
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/article" || true) == 200 ]]; do
    kill -0 "$pid" 2>/dev/null || { cat "$ng/stderr.log" "$ng/error.log" >&2 2>/dev/null; die "nginx did not start"; }
    (( $(now_ms) < deadline )) || die "nginx did not answer within 10 s"
    sleep 0.05
  done
  log "Ceiling: nginx serving the article ($(stat -c %s "$ng/html/article.html") bytes) as a static file"
  local c
  wrk -t1 -c4 -d"${warmup}s" "http://127.0.0.1:$port/article" >/dev/null 2>&1 || true
  for c in $conns; do
    measure nginx article "$c" "http://127.0.0.1:$port/article" -s "$here/load/summary.lua"
  done
  stop_server "$pid"
}

# ---------------------------------------------------------------- the run
load_before=$(loadavg)
nginx_workers=$(nproc)
folders_json='[]'
sizes=(2000 "$corpus_articles")
[[ $quick == true ]] || sizes+=(200000)
dirs=()
for size in "${sizes[@]}"; do folder "$size"; dirs+=("$folder_dir"); done

label_of() { case "$1" in 2000) echo "2k" ;; "$corpus_articles") echo "corpus" ;; 200000) echo "200k" ;; *) echo "$1" ;; esac; }
# The smallest folder is the growth baseline: c1 only.
measure_folder "$(label_of "${sizes[0]}")" "${dirs[0]}" 1 false
for i in $(seq 1 $(( ${#sizes[@]} - 1 ))); do
  measure_folder "$(label_of "${sizes[$i]}")" "${dirs[$i]}" "$connections 1" true
done
measure_ceiling "$connections 1"
load_after=$(loadavg)

cache_setting_exists=false
grep -rqs "OutputCache" "$root/src/Nashir/NashirOptions.cs" "$root/src/Nashir/Hosting.cs" && cache_setting_exists=true
command="bench/run.sh${args_given:+ $args_given}"
jq -n \
  --arg date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  --arg cores "$(nproc)" \
  --arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
  --arg os "$(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)" \
  --arg dotnet "$(dotnet --list-runtimes | sed -n 's/^Microsoft.AspNetCore.App \([^ ]*\).*/\1/p' | tail -1)" \
  --arg lb "$load_before" --arg la "$load_after" --arg command "$command" \
  --arg wrkv "$wrk_version" --arg ngv "$(nginx -v 2>&1 | sed 's/.*nginx\///')" --arg ngw "$nginx_workers" \
  --argjson threads "$threads" --argjson connections "$connections" --argjson duration "$duration" \
  --argjson timeout "$timeout" --argjson warmup "$warmup" --argjson folders "$folders_json" \
  --arg corpus_name "$(basename "$corpus")" --arg tag "$tag_name" --arg off "$cache_off_setting" \
  --argjson exists "$cache_setting_exists" --argjson full "$([[ $quick == true ]] && echo false || echo true)" \
  '{date: $date, cores: $cores, cpu: $cpu, os: $os, dotnet: $dotnet, load_before: $lb, load_after: $la, command: $command,
    wrk_version: $wrkv, nginx_version: $ngv, nginx_workers: $ngw, threads: $threads, connections: $connections,
    duration: $duration, timeout: $timeout, warmup: $warmup, folders: $folders, corpus_name: $corpus_name, tag: $tag,
    cache_off_setting: $off, cache_setting_exists: $exists, full: $full}' >"$run_dir/meta.json"

if [[ $write == true ]]; then
  python3 "$here/load/report.py" "$results" "$run_dir/meta.json" --write "$root/docs/PERFORMANCE.md"
else
  python3 "$here/load/report.py" "$results" "$run_dir/meta.json"
fi
log "Results and logs: $run_dir"

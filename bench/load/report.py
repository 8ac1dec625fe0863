#!/usr/bin/env python3
"""Turns the runner's results (JSON Lines) into the "## Reader pages under load" section of docs/PERFORMANCE.md.

usage: report.py RESULTS.jsonl META.json [--write docs/PERFORMANCE.md]
Prints the section; with --write replaces that section of the file (up to the next "## " heading), or appends it.
"""
import json
import sys

HEADING = "## Reader pages under load"
CITATION = ("A. Chouigui, O. Ben Khiroun, B. Elayeb. *ANT Corpus: An Arabic News Text Collection for Textual "
            "Classification.* AICCSA 2017, pp. 135–142 ([antcorpus.github.io](https://antcorpus.github.io))")

# Page types in table order, with what the row is called.
PAGES = [
    ("home", "home `/`"),
    ("home-nocache", "home `/`, output cache off"),
    ("article", "article with tags"),
    ("article-nocache", "article with tags, output cache off"),
    ("category", "category page deep in pagination"),
    ("tag", "tag page"),
    ("search", "search `/search?q=…`"),
    ("feed", "RSS `/feed`"),
    ("api", "API list `/api/v1/articles`"),
    ("comment", "comment POST burst"),
]


def ms(us):
    return "—" if not us else (f"{us / 1000:.2f} ms" if us < 100_000 else f"{us / 1000:,.0f} ms")


def rate(w):
    return w["requests"] / (w["duration_us"] / 1e6) if w["duration_us"] else 0.0


def errors(w):
    if w["requests"] == 0:
        return "**no request completed** within the run"
    socket = w["connect"] + w["read"] + w["write"] + w["timeout"]
    parts = []
    if w["timeout"]:
        parts.append(f"{w['timeout']:,} timeouts")
    other = socket - w["timeout"]
    if other:
        parts.append(f"{other:,} socket")
    if "s2xx" in w:
        parts.append(f"2xx {w['s2xx']:,} · 3xx {w['s3xx']:,} · 429 {w['s429']:,} · other 4xx {w['s4xx']:,} · 5xx {w['s5xx']:,}")
    elif w["status"]:
        parts.append(f"{w['status']:,} non-2xx/3xx")
    return ", ".join(parts) if parts else "0"


def main():
    args = sys.argv[1:]
    write = None
    if "--write" in args:
        i = args.index("--write")
        write = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    results = [json.loads(l) for l in open(args[0], encoding="utf-8") if l.strip()]
    meta = json.load(open(args[1], encoding="utf-8"))
    text = render(results, meta)
    print(text)
    if write:
        write_section(write, text)
        print(f"Wrote the {HEADING} section of {write}", file=sys.stderr)


def render(results, meta):
    runs = [r for r in results if r["kind"] == "wrk"]
    servers = [r for r in results if r["kind"] == "server"]
    skipped = [r for r in results if r["kind"] == "skipped"]
    ceiling = {r["conn"]: r["wrk"] for r in runs if r["folder"] == "nginx"}
    folders = [f for f in meta["folders"]]
    small = folders[0]
    out = []
    L = out.append
    L(HEADING)
    L("")
    L(f"Measured {meta['date']} on {meta['cores']} cores ({meta['cpu']}), {meta['os']}, .NET {meta['dotnet']}, Release build "
      f"(`dotnet publish -c Release`, with the front-end bundle), `ASPNETCORE_ENVIRONMENT=Production`, loopback.")
    L(f"Load average (1/5/15 min) before: {meta['load_before']}; after: {meta['load_after']}. The machine is shared with other "
      "work (builds and tests of other branches), so these are noisy samples, not a controlled measurement: read the ratios "
      "and growth factors more than the absolute numbers.")
    busy = max(float(meta["load_before"].split()[0]), float(meta["load_after"].split()[0]))
    if busy > 2 * int(meta["cores"]):
        L(f"**This run was on an overloaded machine** (1-minute load up to {busy:.0f} on {meta['cores']} cores: other builds and "
          "tests): every process got a small share of a core, so absolute rates and latencies are far below what the code "
          "does on a quiet machine, and the nginx ceiling suffers less than Nashir (it needs much less CPU per request). Rerun on "
          "a quiet machine before judging a target.")
    L("")
    L("```sh")
    L(meta["command"])
    L("```")
    L("")
    L(f"wrk {meta['wrk_version']}, `-t{meta['threads']} -c{meta['connections']} -d{meta['duration']}s --timeout {meta['timeout']}s` for "
      f"throughput, and `-t1 -c1 -d{meta['duration']}s` for latency (c1), each after a {meta['warmup']} s warm-up; nginx "
      f"{meta['nginx_version']} ({meta['nginx_workers']} workers, access log off) serves a copy of the article's HTML "
      "saved from Nashir in the same run, as the ceiling. Data folders (built once by `nashir import jsonl`, reused while "
      "corpus, size and schema are the same): "
      + "; ".join(f"**{f['label']}**: {f['articles']:,} published articles" for f in folders)
      + f". Corpus `{meta['corpus_name']}`, the ANT Corpus: {CITATION}; test data only, never committed. Larger folders "
      "repeat it with new ids (and so new slugs) and dates shifted back by 8 years per copy; the 20 demo articles (with tags, "
      f"seeded first) and a tag `{meta['tag']}` on every 10th imported article make the tag page and the tagged article "
      "real at every size. Request logging is set to Warning (`--Logging:LogLevel:Microsoft.AspNetCore=Warning`): "
      "with no settings ASP.NET Core writes two console lines per request.")
    L("")
    L(f"Output cache: the runs marked \"output cache off\" pass `{meta['cache_off_setting']}`; "
      + ("the setting exists in this build." if meta.get("cache_setting_exists") else
         "this build has no output cache yet, so the setting has no effect and both rows measure the same uncached site."))
    L("")
    for folder in folders[1:]:
        label = folder["label"]
        L(f"### {label}: {folder['articles']:,} articles")
        L("")
        L(f"| page | req/s (c{meta['connections']}) | p50 | p99 | errors / non-2xx | c1 p50 | c1 p99 | vs ceiling |")
        L("|---|---|---|---|---|---|---|---|")
        for key, name in PAGES:
            hi = find(runs, label, key, meta["connections"])
            lo = find(runs, label, key, 1)
            if hi is None and lo is None:
                continue
            detail = folder.get("urls", {}).get(key)
            title = name + (f" ({detail})" if detail else "")
            ratio = f"{rate(hi) / rate(ceiling[meta['connections']]):.3f}×" if hi and meta["connections"] in ceiling and key != "comment" else ""
            L(f"| {title} | {fmt_rate(hi)} | {ms(hi['p50_us']) if hi else '—'} | {ms(hi['p99_us']) if hi else '—'} | "
              f"{errors(hi) if hi else '—'} | {ms(lo['p50_us']) if lo else '—'} | {ms(lo['p99_us']) if lo else '—'} | {ratio} |")
        if ceiling and folder is folders[-1]:
            hi, lo = ceiling.get(meta["connections"]), ceiling.get(1)
            L(f"| **ceiling**: the article's HTML as a static file in nginx | {fmt_rate(hi)} | {ms(hi['p50_us']) if hi else '—'} | "
              f"{ms(hi['p99_us']) if hi else '—'} | {errors(hi) if hi else '—'} | {ms(lo['p50_us']) if lo else '—'} | "
              f"{ms(lo['p99_us']) if lo else '—'} | 1× |")
        L("")
        for s in [s for s in servers if s["folder"] == label]:
            L(f"- Nashir ({'output cache off' if s['cache'] == 'off' else 'default settings'}): peak RSS "
              f"{s['peak_rss_kb'] / 1024:,.0f} MiB (VmHWM from /proc, whole run); cold start {s['healthz_ms']:,} ms to the first "
              f"`/healthz` answer and {s['first_page_ms']:,} ms to the first home page.")
        L("")
        if folder is folders[-1] and ceiling:
            L(f"The ceiling is measured once per run, after the last folder; each row's ratio divides by it.")
            L("")
    big = folders[-1]
    L(f"### Growth of c1 latency, {small['articles']:,} → {big['articles']:,} articles")
    L("")
    L("p50 of one connection, same page type (the category page: its middle page at each size; the tag: the same tag, "
      "which grows with the archive). Target ≤ 1.5×.")
    L("")
    L(f"| page | c1 p50, {small['label']} | " + " | ".join(f"c1 p50, {f['label']}" for f in folders[1:]) + " | growth | verdict |")
    L("|---|---|" + "---|" * len(folders[1:]) + "---|---|")
    for key, name in PAGES:
        if key.endswith("-nocache") or key == "comment":
            continue
        base = find(runs, small["label"], key, 1)
        others = [find(runs, f["label"], key, 1) for f in folders[1:]]
        if base is None or others[-1] is None:
            continue
        cells = f"| {name} | {ms(base['p50_us'])} | " + " | ".join(ms(o["p50_us"]) if o else "—" for o in others)
        if not base["p50_us"] or not others[-1]["p50_us"]:
            L(cells + " | no request completed at one size | **fail** |")
            continue
        growth = others[-1]["p50_us"] / base["p50_us"]
        L(cells + f" | {growth:.1f}× | {'**pass**' if growth <= 1.5 else '**fail**'} |")
    s_small = [s for s in servers if s["folder"] == small["label"]]
    if s_small:
        L("")
        L(f"Cold start with {small['articles']:,} articles: {s_small[0]['healthz_ms']:,} ms to `/healthz`, "
          f"{s_small[0]['first_page_ms']:,} ms to the first home page; peak RSS {s_small[0]['peak_rss_kb'] / 1024:,.0f} MiB.")
    if skipped:
        L("")
        L("Not measured: " + "; ".join(f"{r['folder']} {r['page']} ({r['reason']})" for r in skipped) + ".")
    L("")
    L(targets(runs, servers, ceiling, meta, folders))
    return "\n".join(out).rstrip("\n") + "\n"


def targets(runs, servers, ceiling, meta, folders):
    big, small = folders[-1], folders[0]
    c = meta["connections"]
    out = ["### Against the targets (issue 13)", "", "| target | measured | verdict |", "|---|---|---|"]

    def row(target, measured, ok):
        out.append(f"| {target} | {measured} | {'—' if ok is None else ('**pass**' if ok else '**fail**')} |")

    ceil = ceiling.get(c)
    for key, name in [("article", "cached article"), ("home", "cached home")]:
        w = find(runs, big["label"], key, c)
        if w and ceil:
            r = rate(w) / rate(ceil)
            row(f"{name} ≥ 0.5 × ceiling (aim 0.8), zero errors", f"{r:.3f}× ({rate(w):,.0f} / {rate(ceil):,.0f} req/s), errors {errors(w)}",
                r >= 0.5 and errors(w) == "0")
    for key, name, goal in [("article-nocache", "uncached article", 2000), ("home-nocache", "uncached home", 1000)]:
        w = find(runs, big["label"], key, c)
        if w:
            row(f"{name} ≥ {goal:,} req/s at {big['label']}", f"{rate(w):,.0f} req/s, errors {errors(w)}", rate(w) >= goal and errors(w) == "0")
    worst = None
    for key, _ in PAGES:
        if key.endswith("-nocache") or key == "comment":
            continue
        a, b = find(runs, small["label"], key, 1), find(runs, big["label"], key, 1)
        if a and b and a["p50_us"]:
            g = b["p50_us"] / a["p50_us"] if b["p50_us"] else float("inf")
            if worst is None or g > worst[1]:
                worst = (key, g)
    if worst:
        row(f"c1 latency growth {small['label']} → {big['label']} ≤ 1.5× for every page type", f"worst: {worst[0]} " + ("no request completed" if worst[1] == float("inf") else f"{worst[1]:.1f}×"), worst[1] <= 1.5)
    s = [s for s in servers if s["folder"] == big["label"]]
    if s:
        peak = max(x["peak_rss_kb"] for x in s) / 1024
        row(f"peak RSS ≤ 400 MB with {big['label']}", f"{peak:,.0f} MiB", peak * 1.048576 <= 400)
        first = s[0]["first_page_ms"]
        row("cold start to first page ≤ 1.5 s", f"{first:,} ms ({big['label']})", first <= 1500)
    row("a publish is visible on home, its category and the feed within 1 s, cached", "not measured here (cache tests)", None)
    if not meta.get("full"):
        out.append("")
        out.append("Quick mode: the largest folder is the whole corpus, not 200,000 articles; run without `--quick` for the targets' size.")
    return "\n".join(out)


def fmt_rate(w):
    return "—" if w is None else f"{rate(w):,.0f}"


def find(runs, folder, page, conn):
    for r in runs:
        if r["folder"] == folder and r["page"] == page and r["conn"] == conn:
            return r["wrk"]
    return None


def write_section(path, section):
    try:
        text = open(path, encoding="utf-8").read().replace("\r\n", "\n")
    except FileNotFoundError:
        text = "# Performance\n\nMeasured numbers, newest run per section. Targets come from the issues; each section says how it was measured.\n"
    lines = text.split("\n")
    start = next((i for i, l in enumerate(lines) if l.rstrip() == HEADING), None)
    if start is None:
        new = text.rstrip("\n") + "\n\n" + section
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), None)
        before = "\n".join(lines[:start]).rstrip("\n")
        after = "" if end is None else "\n".join(lines[end:])
        new = (before + "\n\n" if before else "") + section + ("\n" + after if after else "")
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)


if __name__ == "__main__":
    main()

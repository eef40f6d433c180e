"""Turns the raw output of bench/webhook/run's phases into JSON lines, and the lines into the table it prints.

  results.py wrk SERVER BODY CPU_TICKS CLK_TCK < wrk-output        one closed-loop phase
  results.py open SERVER BODY LOADGEN_JSON [RSS_MIB METRICS_BEFORE METRICS_AFTER]   one open-loop phase
  results.py table RESULTS_JSONL
"""
import json
import re
import sys

DURATION_METRIC = "palisade_admission_duration_seconds_bucket"


def millis(text):
    """wrk's latency figures: 812.00us, 1.25ms, 2.01s, 1.00m."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(server, body, cpu_ticks, clk_tck):
    out = sys.stdin.read()
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "phase": "closed", "server": server, "body": body,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": millis(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99": millis(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "errors": errors + (int(non2xx.group(1)) if non2xx else 0),
        "cpu_us": cpu_ticks / clk_tck * 1e6 / max(requests, 1),
    }


def buckets(path):
    """Cumulative counts of the duration histogram, by upper bound in seconds."""
    counts = {}
    with open(path) as lines:
        for line in lines:
            if line.startswith(DURATION_METRIC):
                bound = re.search(r'le="([^"]+)"', line).group(1)
                counts[float("inf") if bound == "+Inf" else float(bound)] = float(line.rsplit(" ", 1)[1])
    return counts


def handler_p99(before_path, after_path):
    """Upper bound (ms) of the bucket holding the 99th percentile of the requests answered between the two scrapes."""
    before, after = buckets(before_path), buckets(after_path)
    bounds = sorted(after)
    total = after[float("inf")] - before.get(float("inf"), 0)
    for bound in bounds:
        if after[bound] - before.get(bound, 0) >= 0.99 * total:
            return bound * 1000
    return float("inf")


def open_loop(server, body, loadgen_json, rss="", before="", after=""):
    with open(loadgen_json) as f:
        r = json.load(f)
    return {
        "phase": "open", "server": server, "body": body, "offered": r["offeredRps"], "rps": r["achievedRps"],
        "p50": r["p50ms"], "p99": r["p99ms"], "p999": r["p999ms"], "errors": r["errors"] + r["dropped"],
        "rss": int(rss) if rss else None, "handler_p99": handler_p99(before, after) if before else None,
    }


def table(path):
    with open(path) as f:
        rows = [json.loads(line) for line in f]
    closed = {(r["server"], r["body"]): r for r in rows if r["phase"] == "closed"}
    opened = {(r["server"], r["body"]): r for r in rows if r["phase"] == "open"}
    bodies = sorted({r["body"] for r in rows})
    print()
    print("closed loop (wrk, fixed connections)")
    print(f"{'body':<10} {'server':<9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'CPU us/req':>11} {'errors':>7}"
          f"   {'palisade/nginx req/s':>20} {'CPU ratio':>9}")
    for body in bodies:
        p, n = closed.get(("palisade", body)), closed.get(("nginx", body))
        for r in (p, n):
            if r is None:
                continue
            ratio = ""
            if r is p and n:
                ratio = f"{p['rps'] / n['rps']:>20.3f} {p['cpu_us'] / n['cpu_us']:>9.1f}"
            print(f"{body:<10} {r['server']:<9} {r['rps']:>8.0f} {r['p50']:>8.2f} {r['p99']:>8.2f} {r['cpu_us']:>11.0f}"
                  f" {r['errors']:>7}   {ratio}")
    print()
    print("open loop (bench/webhook/loadgen, 16 connections)")
    print(f"{'body':<10} {'server':<9} {'offered':>8} {'achieved':>9} {'p50 ms':>8} {'p99 ms':>8} {'p99.9 ms':>9}"
          f" {'errors':>7} {'handler p99 ms':>15} {'RSS MiB':>8}")
    for body in bodies:
        for server in ("palisade", "nginx"):
            r = opened.get((server, body))
            if r is None:
                continue
            handler = f"<= {r['handler_p99']:.2f}" if r["handler_p99"] is not None else "-"
            rss = str(r["rss"]) if r["rss"] is not None else "-"
            print(f"{body:<10} {server:<9} {r['offered']:>8} {r['rps']:>9.0f} {r['p50']:>8.2f} {r['p99']:>8.2f}"
                  f" {r['p999']:>9.2f} {r['errors']:>7} {handler:>15} {rss:>8}")


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "wrk":
        print(json.dumps(wrk(args[0], args[1], int(args[2]), int(args[3]))))
    elif mode == "open":
        print(json.dumps(open_loop(*args)))
    elif mode == "table":
        table(args[0])
    else:
        sys.exit(f"results.py: unknown mode {mode}")

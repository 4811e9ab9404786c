#!/usr/bin/env python3
"""Summarize JMH JSON result files of this module as the Markdown tables of RESULTS.md.

Usage:
  python3 benchmarks/summarize.py benchmarks/results.json
      one table of ns/op and B/op (with JMH's 99.9% confidence half-widths) and the target
      ratios of the issue, each with a conservative error bar (relative errors added)
  python3 benchmarks/summarize.py --rounds benchmarks/pool-rounds/round-*.json
      the pool round trip measured in paired rounds (each file one run of barePool,
      untracedPool, tracedPool and agentPool, one fork each): within each round the ratio
      of one variant's median iteration to another's (a burst of load from elsewhere lifts
      a few iterations, not the median), then the median and the mean with a 99%
      confidence interval of these ratios over rounds: each variant to barePool, and
      untracedPool to agentPool (the OpenTelemetry Java agent's context propagation)
"""
import json
import statistics
import sys


def load(path):
    rows = {}
    for result in json.load(open(path)):
        name = result["benchmark"].rsplit(".", 2)
        key = (name[-2], name[-1], ",".join(f"{k}={v}" for k, v in sorted(result.get("params", {}).items())))
        primary = result["primaryMetric"]
        alloc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {})
        rows[key] = {
            "ns": number(primary["score"]),
            "ns_err": number(primary["scoreError"]),
            "b": number(alloc.get("score")),
            "b_err": number(alloc.get("scoreError")),
            "median": statistics.median(value for fork in primary["rawData"] for value in fork),
        }
    return rows


def number(value):
    return float(value) if isinstance(value, (int, float)) or value not in ("NaN", None) else float("nan")


def err(value):
    return "n/a" if value != value else f"{value:,.1f}"


def table(rows):
    print("| benchmark | method | params | ns/op | ± (99.9%) | B/op | ± (99.9%) |")
    print("|---|---|---|---:|---:|---:|---:|")
    for (bench, method, params), r in sorted(rows.items()):
        print(f"| {bench} | `{method}` | {params or '-'} | {r['ns']:,.1f} | {err(r['ns_err'])} "
              f"| {r['b']:,.0f} | {err(r['b_err'])} |")


def ratio(rows, num, den, limit, what):
    if num not in rows or den not in rows:
        print(f"| {what} | `{num[1]}` / `{den[1]}` {num[2]} | not measured | ≤ {limit} | - |")
        return
    a, b = rows[num], rows[den]
    value = a["ns"] / b["ns"]
    spread = value * (a["ns_err"] / a["ns"] + b["ns_err"] / b["ns"])
    verdict = "met" if value + spread <= limit else ("missed" if value - spread > limit else "within noise")
    print(f"| {what} | `{num[1]}` / `{den[1]}` {num[2]} | {value:.3f} ± {spread:.3f} | ≤ {limit} | {verdict} |")


def extra_alloc(rows, num, den, limit, what):
    if num not in rows or den not in rows:
        print(f"| {what} | `{num[1]}` − `{den[1]}` {num[2]} | not measured | ≤ {limit} B/op | - |")
        return
    a, b = rows[num], rows[den]
    value = a["b"] - b["b"]
    spread = a["b_err"] + b["b_err"]
    verdict = "met" if value + spread <= limit else ("missed" if value - spread > limit else "within noise")
    print(f"| {what} | `{num[1]}` − `{den[1]}` {num[2]} | {value:,.0f} ± {spread:,.0f} B/op | ≤ {limit} B/op "
          f"| {verdict} |")


def targets(rows):
    am = lambda m: ("AsyncMethodBenchmark", m, "")
    print("| target | measured | value | limit | verdict |")
    print("|---|---|---:|---|---|")
    ratio(rows, am("untracedSync"), am("timedAspectSync"), 0.8, "untraced @Async vs @Timed + context decorator")
    ratio(rows, am("untracedPool"), am("barePool"), 1.03, "untraced @Async on the pool round trip")
    ratio(rows, am("untracedPool"), am("agentPool"), 1.0, "untraced @Async vs the OpenTelemetry Java agent (pool)")
    ratio(rows, am("tracedSync"), am("observedAspectSync"), 1.0, "traced @Async vs @Observed + context decorator")
    extra_alloc(rows, am("untracedSync"), am("bareSync"), 200, "untraced allocation over bare (@Async, sync)")
    extra_alloc(rows, am("untracedPool"), am("barePool"), 200, "untraced allocation over bare (@Async, pool)")
    for naming in ("naming=taskClass", "naming=submitter"):
        extra_alloc(rows, ("TaskBenchmark", "untraced", naming), ("TaskBenchmark", "bare", naming), 200,
                    "untraced allocation over bare (task)")
    for mode in ("mode=complete", "mode=later"):
        extra_alloc(rows, ("FutureBenchmark", "untraced", mode), ("FutureBenchmark", "bare", mode), 200,
                    "untraced allocation over bare (future)")
    for question in ("question=method", "question=task"):
        ratio(rows, ("NameMatchBenchmark", "configured1000", question),
              ("NameMatchBenchmark", "configured1", question), 1.10, "1,000 names vs 1 name")


POOL = ("barePool", "untracedPool", "tracedPool", "agentPool")

# (numerator, denominator, limit) of the ratios over rounds; None: no target
POOL_RATIOS = (("untracedPool", "barePool", 1.03), ("tracedPool", "barePool", None),
               ("agentPool", "barePool", None), ("untracedPool", "agentPool", 1.0))

# two-sided 99% quantiles of Student's t for 1..30 degrees of freedom
T99 = [63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.250, 3.169, 3.106, 3.055, 3.012, 2.977,
       2.947, 2.921, 2.898, 2.878, 2.861, 2.845, 2.831, 2.819, 2.807, 2.797, 2.787, 2.779, 2.771, 2.763,
       2.756, 2.750]


def rounds(paths):
    ratios = {(num, den): [] for num, den, _ in POOL_RATIOS}
    print("| round | " + " | ".join(f"{name} ns/op (median)" for name in POOL) + " | "
          + " | ".join(f"{num} / {den}" for num, den, _ in POOL_RATIOS) + " |")
    print("|---:|" + "---:|" * (len(POOL) + len(POOL_RATIOS)))
    for i, path in enumerate(paths, 1):
        rows = load(path)
        median = {name: rows[("AsyncMethodBenchmark", name, "")]["median"]
                  for name in POOL if ("AsyncMethodBenchmark", name, "") in rows}
        cells = [f"{median[name]:,.0f}" if name in median else "-" for name in POOL]
        for num, den, _ in POOL_RATIOS:
            if num in median and den in median:
                ratios[(num, den)].append(median[num] / median[den])
                cells.append(f"{ratios[(num, den)][-1]:.3f}")
            else:
                cells.append("-")
        print(f"| {i} | " + " | ".join(cells) + " |")
    print()
    print("| ratio | rounds | median | mean ± 99% CI | limit | verdict |")
    print("|---|---:|---:|---:|---|---|")
    for num, den, limit in POOL_RATIOS:
        values = ratios[(num, den)]
        if not values:
            print(f"| {num} / {den} | 0 | - | - | - | not measured |")
            continue
        mean = statistics.mean(values)
        half = (T99[min(len(values) - 1, 30) - 1] * statistics.stdev(values) / len(values) ** 0.5
                if len(values) > 1 else float("nan"))
        if limit is None:
            verdict, shown = "(no target)", "-"
        else:
            shown = f"≤ {limit}"
            verdict = ("met" if mean + half <= limit else ("missed" if mean - half > limit else "within noise")
                       if half == half else "one round: no interval")
        print(f"| {num} / {den} | {len(values)} | {statistics.median(values):.3f} | {mean:.3f} ± {half:.3f} "
              f"| {shown} | {verdict} |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--rounds":
        rounds(sys.argv[2:])
    else:
        results = load(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results.json")
        table(results)
        print()
        targets(results)

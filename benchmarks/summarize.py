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


def judge(value, spread, limit):
    """met: the whole error bar within the limit; missed: wholly outside; else within noise."""
    return "met" if value + spread <= limit else ("missed" if value - spread > limit else "within noise")


def ratio(rows, num, den, limit, what):
    if num not in rows or den not in rows:
        print(f"| {what} | `{num[1]}` / `{den[1]}` {num[2]} | not measured | ≤ {limit} | - |")
        return
    a, b = rows[num], rows[den]
    value = a["ns"] / b["ns"]
    spread = value * (a["ns_err"] / a["ns"] + b["ns_err"] / b["ns"])
    verdict = judge(value, spread, limit)
    print(f"| {what} | `{num[1]}` / `{den[1]}` {num[2]} | {value:.3f} ± {spread:.3f} | ≤ {limit} | {verdict} |")


def missing(rows, *keys):
    return any(key not in rows for key in keys)


def added_ratio(rows, num, num_base, den, den_base, limit, what):
    """The time num adds over num_base divided by the time den adds over den_base."""
    if missing(rows, num, num_base, den, den_base):
        print(f"| {what} | `{num[1]}` against `{den[1]}` {den[2]} | not measured | ≤ {limit} | - |")
        return
    added = rows[num]["ns"] - rows[num_base]["ns"]
    floor = rows[den]["ns"] - rows[den_base]["ns"]
    value = added / floor
    added_err = rows[num]["ns_err"] + rows[num_base]["ns_err"]
    floor_err = rows[den]["ns_err"] + rows[den_base]["ns_err"]
    spread = abs(value) * (added_err / abs(added) + floor_err / abs(floor))
    verdict = judge(value, spread, limit)
    print(f"| {what} | (`{num[1]}` − `{num_base[1]}`) / (`{den[1]}` − `{den_base[1]}`) {den[2]} "
          f"| {added:,.0f} / {floor:,.0f} ns = {value:.2f} ± {spread:.2f} | ≤ {limit} | {verdict} |")


def alloc_over_floor(rows, num, num_base, den, den_base, margin, what):
    """The bytes num adds over num_base against the bytes den adds over den_base plus a margin."""
    if missing(rows, num, num_base, den, den_base):
        print(f"| {what} | `{num[1]}` against `{den[1]}` {den[2]} | not measured | - | - |")
        return
    added = rows[num]["b"] - rows[num_base]["b"]
    floor = rows[den]["b"] - rows[den_base]["b"]
    spread = rows[num]["b_err"] + rows[num_base]["b_err"] + rows[den]["b_err"] + rows[den_base]["b_err"]
    limit = floor + margin
    verdict = judge(added, spread, limit)
    print(f"| {what} | `{num[1]}` − `{num_base[1]}` against `{den[1]}` − `{den_base[1]}` {den[2]} + {margin} B "
          f"| {added:,.0f} ± {spread:,.0f} B/op | ≤ {limit:,.0f} B/op | {verdict} |")


def over_bare(rows, num, den, limit_ns, limit_b, what):
    if missing(rows, num, den):
        print(f"| {what} | `{num[1]}` − `{den[1]}` {num[2]} | not measured | - | - |")
        return
    a, b = rows[num], rows[den]
    ns, ns_err = a["ns"] - b["ns"], a["ns_err"] + b["ns_err"]
    by, by_err = a["b"] - b["b"], a["b_err"] + b["b_err"]
    for value, spread, limit, unit in ((ns, ns_err, limit_ns, "ns"), (by, by_err, limit_b, "B/op")):
        verdict = judge(value, spread, limit)
        print(f"| {what} ({unit}) | `{num[1]}` − `{den[1]}` {num[2]} | {value:,.0f} ± {spread:,.0f} {unit} "
              f"| ≤ {limit} {unit} | {verdict} |")


def targets(rows):
    am = lambda m: ("AsyncMethodBenchmark", m, "")
    task = lambda m, naming: ("TaskBenchmark", m, "naming=" + naming)
    print("| target | measured | value | limit | verdict |")
    print("|---|---|---:|---|---|")
    added_ratio(rows, am("untracedSync"), am("bareSync"), task("contextPropagatingDecorator", "taskClass"),
                task("bare", "taskClass"), 1.5, "untraced @Async adds at most 1.5× what Spring's context decorator adds")
    alloc_over_floor(rows, am("untracedSync"), am("bareSync"), task("contextPropagatingDecorator", "taskClass"),
                     task("bare", "taskClass"), 64, "untraced @Async allocates at most the decorator's bytes + 64 B")
    ratio(rows, am("untracedPool"), am("barePool"), 1.03, "untraced @Async on the pool round trip (single run)")
    ratio(rows, am("untracedPool"), am("agentPool"), 1.0, "untraced @Async vs the OpenTelemetry Java agent (pool, single run)")
    for mode in ("mode=complete", "mode=later"):
        over_bare(rows, ("FutureBenchmark", "untraced", mode), ("FutureBenchmark", "bare", mode), 500, 150,
                  "untraced returned future over bare")
    ratio(rows, am("tracedSync"), am("observedAspectSync"), 0.5, "traced @Async vs @Observed + context decorator")
    for naming, limit in (("taskClass", 1.5), ("submitter", 2.0)):
        added_ratio(rows, task("untraced", naming), task("bare", naming),
                    task("contextPropagatingDecorator", naming), task("bare", naming), limit,
                    "untraced task adds at most this multiple of the decorator (issue 11)")
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
            verdict = judge(mean, half, limit) if half == half else "one round: no interval"
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

#!/usr/bin/env python3
"""Prints the criterion results of tradeproof's benches as Markdown tables.

Run the benches first (`cargo bench --bench batch_prove`, `--bench batch_verify`, `--bench prove`,
`--bench primitives`), then `python3 benches/report.py`. Reads target/criterion/<group>/<function>/
<parameter>/new/estimates.json (the mean, in nanoseconds per iteration)."""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "criterion")


def mean_ns(*path):
    f = os.path.join(ROOT, *path, "new", "estimates.json")
    if not os.path.exists(f):
        return None
    with open(f) as fh:
        return json.load(fh)["mean"]["point_estimate"]


def params(group, function):
    d = os.path.join(ROOT, group, function)
    if not os.path.isdir(d):
        return []
    return [p for p in os.listdir(d) if os.path.isdir(os.path.join(d, p, "new"))]


def n_of(param):
    return int(param.rsplit("-", 1)[1])


def fmt_time(ns):
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.1f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"


def constraint_counts(group):
    """Constraint count per circuit name, if the bench recorded them (batch_prove does)."""
    f = os.path.join(ROOT, group, "constraints.json")
    if not os.path.exists(f):
        return {}
    with open(f) as fh:
        return json.load(fh)


def ratio_table(group, ours, theirs, unit, sort_key):
    rows = sorted(set(params(group, ours)) & set(params(group, theirs)), key=sort_key)
    if not rows:
        return
    counts = constraint_counts(group)
    print(f"\n### `{group}`\n")
    extra = f" | {ours} constraints/s | {theirs} constraints/s" if counts else ""
    print(f"| parameter | {ours} | {theirs} | {ours} {unit}/s | {theirs} {unit}/s{extra} | ratio |")
    print("|---|---:|---:|---:|---:|" + ("---:|---:|" if counts else "") + "---:|")
    for p in rows:
        a, b = mean_ns(group, ours, p), mean_ns(group, theirs, p)
        n = n_of(p) if "-" in p and p.rsplit("-", 1)[1].isdigit() else 1
        cells = ""
        if counts:
            k = counts.get(p.rsplit("-", 1)[0])
            cells = f" | {k * n / a * 1e9:,.0f} | {k * n / b * 1e9:,.0f}" if k else " | ? | ?"
        print(f"| `{p}` | {fmt_time(a)} | {fmt_time(b)} | {n / a * 1e9:,.1f} | {n / b * 1e9:,.1f}{cells} | **{b / a:.2f}×** |")


def main():
    if not os.path.isdir(ROOT):
        sys.exit("no criterion results: run the benches first")
    ratio_table("batch_prove", "tradeproof", "ark_loop", "proofs", lambda p: (p.rsplit("-", 1)[0], n_of(p)))
    ratio_table("batch_verify", "tradeproof", "ark_loop", "claims", lambda p: (p.split("-")[0], n_of(p)))
    ratio_table("batch_verify", "tradeproof_scalar", "ark_loop", "claims", lambda p: (p.split("-")[0], n_of(p)))
    ratio_table("prove", "tradeproof", "ark", "proofs", lambda p: p)
    par = params("batch_prove_parallelism", "across")
    if par:
        ratio_table("batch_prove_parallelism", "across", "inside", "proofs", lambda p: (p.rsplit("-", 1)[0], n_of(p)))
    for group in ["poseidon", "record"]:
        d = os.path.join(ROOT, group)
        if not os.path.isdir(d):
            continue
        print(f"\n### `{group}`\n")
        print("| function | time |")
        print("|---|---:|")
        for func in sorted(os.listdir(d)):
            if func == "report":
                continue
            ps = params(group, func)
            if ps:
                for p in sorted(ps):
                    print(f"| `{func}/{p}` | {fmt_time(mean_ns(group, func, p))} |")
            elif mean_ns(group, func) is not None:
                print(f"| `{func}` | {fmt_time(mean_ns(group, func))} |")


if __name__ == "__main__":
    main()

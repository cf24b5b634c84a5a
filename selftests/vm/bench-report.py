#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""make bench's table: guest instructions per packet (per KB for TCP).

usage: bench-report.py LABELS PLUGIN_LOG [-j]

LABELS has one line per measurement, "CASE ROUTER REPEAT UNITS UNIT", in
the order 6bed4_bench.sh made them; PLUGIN_LOG has the insncount plugin's
"insncount mark ... total=N" lines, two per measurement, in the same order.
"""

import json
import re
import sys

CASES = [
    ("udp-peer-to-native", "UDP 64 B, peer -> native host"),
    ("udp-native-to-peer", "UDP 64 B, native host -> peer"),
    ("udp-peer-to-peer", "UDP 64 B, peer -> peer (relay)"),
    ("tcp-peer-to-native", "TCP bulk, peer -> native host"),
    ("tcp-native-to-peer", "TCP bulk, native host -> peer"),
    ("udp-native-to-1", "UDP 64 B, native -> 1 destination"),
    ("udp-native-to-many", "UDP 64 B, native -> many destinations"),
    ("udp-native-to-many-onlink", "  the same, prefix routed without gateway"),
    ("router-peer-to-native", "router alone, UDP 64 B, peer -> native"),
    ("router-native-to-peer", "router alone, UDP 64 B, native -> peer"),
]
ROUTERS = ["plain", "sit+fou", "6bed4"]


def measurements(labels_path, log_path):
    with open(log_path) as f:
        marks = [int(m.group(1)) for m in
                 re.finditer(r"insncount mark vcpu=\d+ total=(\d+)", f.read())]
    with open(labels_path) as f:
        labels = [line.split() for line in f if line.strip()]
    if len(marks) != 2 * len(labels):
        sys.exit(f"bench-report: {len(marks)} marks for {len(labels)} measurements")
    table = {}
    for i, (case, router, _, units, unit) in enumerate(labels):
        cost = (marks[2 * i + 1] - marks[2 * i]) / int(units)
        entry = table.setdefault(case, {}).setdefault(
            router, {"unit": unit, "units": int(units), "runs": []})
        entry["runs"].append(round(cost))
    router_alone(table)
    for routers in table.values():
        for entry in routers.values():
            runs = entry["runs"]
            entry["mean"] = round(sum(runs) / len(runs))
            entry["spread_pct"] = round(100 * (max(runs) - min(runs)) /
                                        entry["mean"], 2)
    return table


def router_alone(table):
    """router-DIR: run by run, the cost where the datagrams left the
    router (its egress hook) less the cost where they entered it."""
    for case in [c for c in table if c.endswith("-egress")]:
        base = case[:-len("-egress")]
        for router, out in table[case].items():
            into = table.get(base + "-ingress", {}).get(router)
            if not into or len(into["runs"]) != len(out["runs"]):
                sys.exit(f"bench-report: {case} {router} without its ingress runs")
            table.setdefault(base, {})[router] = {
                "unit": out["unit"], "units": out["units"],
                "runs": [o - i for o, i in zip(out["runs"], into["runs"])]}
        del table[case], table[base + "-ingress"]


def ratio(a, b):
    return round(a / b, 3) if a and b else None


def derived(table):
    """6bed4 against sit+fou and plain forwarding, many against one."""
    out = {}
    for case, routers in table.items():
        mean = {r: e["mean"] for r, e in routers.items()}
        row = {}
        if "6bed4" in mean and "sit+fou" in mean:
            row["6bed4_vs_sitfou"] = ratio(mean["6bed4"], mean["sit+fou"])
        if "6bed4" in mean and "plain" in mean:
            row["6bed4_added"] = mean["6bed4"] - mean["plain"]
        if "sit+fou" in mean and "plain" in mean:
            row["sitfou_added"] = mean["sit+fou"] - mean["plain"]
        out[case] = row
    one, many = table.get("udp-native-to-1", {}), table.get("udp-native-to-many", {})
    for router in ROUTERS:
        if router in one and router in many:
            out.setdefault("many_vs_1", {})[router] = ratio(
                many[router]["mean"], one[router]["mean"])
    return out


def cell(entry):
    if not entry:
        return "-"
    return f"{entry['mean']} ±{entry['spread_pct']:.1f}%"


def main():
    args = [a for a in sys.argv[1:] if a != "-j"]
    if len(args) != 2:
        sys.exit(__doc__)
    table = measurements(*args)
    extra = derived(table)
    if "-j" in sys.argv:
        print(json.dumps({"cases": table, "derived": extra}, indent=1))
        return
    print(f"{'guest instructions per packet (TCP: per KB)':44} "
          f"{'plain':>15} {'sit+fou':>15} {'6bed4':>15} {'6bed4/sit+fou':>14}"
          f" {'6bed4-plain':>12} {'sit+fou-plain':>14}")
    for case, title in CASES:
        if case not in table:
            continue
        routers = table[case]
        units = next(iter(routers.values()))
        title = f"{title} ({units['units']} {units['unit']})"
        row = extra.get(case, {})
        print(f"{title:44} " + " ".join(f"{cell(routers.get(r)):>15}" for r in ROUTERS) +
              f" {row.get('6bed4_vs_sitfou') or '-':>14}"
              f" {row.get('6bed4_added', '-'):>12} {row.get('sitfou_added', '-'):>14}")
    for router, r in extra.get("many_vs_1", {}).items():
        print(f"{router}: many destinations / one destination = {r}")
    print("(mean of the runs, ± their spread; each run is its own measurement "
          "in the same VM)")


if __name__ == "__main__":
    main()

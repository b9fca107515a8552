#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""sim-sweep.py SCENARIO -o DIR [--set SECTION.KEY=VALUES]... [--seeds LIST]
          [--config LIST] [--jobs N] [--sim PATH] [--emit]
sim-sweep.py --merge DIR
sim-sweep.py --help

Sweeps gcma-sim over any scenario (docs/simulator.md, "Sweeps"): every
combination of the --set values and the seeds is one point, a copy of
SCENARIO with those keys set, run as one gcma-sim process (--format json,
--jobs 1). The points run in parallel on this machine (--jobs N points at
once; default: the online CPUs), then the results are merged into
DIR/sweep.json and DIR/sweep.csv.

VALUES: comma-separated values (machine.pages=204800,409600), integer
ranges FIRST-LAST or FIRST-LAST:STEP (requests.repeat=8-32:8), or both.
For a list-valued key (requests.sizes, run.configs) the alternatives are
separated by ';' and each keeps its commas: 'requests.sizes=1,512;1024'.
--seeds: seeds as a list or range (1-4, 1,5,9); each point gets --seed S;
default: the scenario's seed. --config: passed to every point.

DIR holds points/point-NNNN.ini, jobs.txt (one shell command per point, in
point order), sweep.sbatch (a Slurm array job over jobs.txt), results/
(NNNN.json, NNNN.err, NNNN.rc per point) and the merged files.

--emit writes DIR without running anything, for more than one machine
(DIR on a file system every host sees at the same path):
  parallel --sshloginfile HOSTS --joblog DIR/joblog < DIR/jobs.txt
  sbatch DIR/sweep.sbatch
then `sim-sweep.py --merge DIR`. A point is rerun by running its line again.

sweep.json: {"sweep": 1, "scenario", "keys", "points": [...]}; each point
is the JSON gcma-sim wrote for it, plus "point" (each swept key and
"run.seed" with its value, as given), "index" and "status" (gcma-sim's
exit status: 1 means a check failed). sweep.csv: one row per point and
result row: the swept keys, status, then the result row's fields.

Exit status: 0 every point ran with status 0; 1 a point failed or has no
result (named on stderr; the merge still writes what it has); 2 bad usage
or a scenario gcma-sim refuses (nothing runs).
"""
import argparse
import concurrent.futures
import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

PROG = "sim-sweep.py"
LIST_KEYS = {"requests.sizes", "run.configs"}
SCHEMA = 1


def die(msg, status=2):
    sys.stderr.write(f"{PROG}: {msg}\n")
    sys.exit(status)


def expand_values(key, text):
    """The values of one --set, in the order given."""
    if key in LIST_KEYS:
        parts = text.split(";")
    else:
        parts = text.replace(";", ",").split(",")
    out = []
    for part in parts:
        part = part.strip()
        m = re.fullmatch(r"(\d+)-(\d+)(?::(\d+))?", part)
        if key not in LIST_KEYS and m:
            first, last = int(m.group(1)), int(m.group(2))
            step = int(m.group(3) or 1)
            if step <= 0 or last < first:
                die(f"--set {key}: '{part}' is not FIRST-LAST[:STEP] "
                    "with FIRST <= LAST and STEP > 0")
            out += [str(v) for v in range(first, last + 1, step)]
        elif part:
            out.append(part)
        else:
            die(f"--set {key}: an empty value in '{text}'")
    if len(set(out)) != len(out):
        die(f"--set {key}: a value given twice in '{text}'")
    return out


def parse_set(arg):
    m = re.fullmatch(r"([a-z_]+)\.([a-z_]+)=(.+)", arg, re.S)
    if not m:
        die(f"--set '{arg}' is not SECTION.KEY=VALUES")
    key = f"{m.group(1)}.{m.group(2)}"
    return key, expand_values(key, m.group(3))


def parse_seeds(text):
    seeds = expand_values("run.seed", text)
    for s in seeds:
        if not re.fullmatch(r"\d+", s):
            die(f"--seeds: '{s}' is not a seed")
    return seeds


def set_keys(lines, assign):
    """@lines of an INI with each (section, key) -> value of @assign set."""
    lines = list(lines)
    for (sec, key), value in assign:
        cur, at, end = None, None, None
        for i, line in enumerate(lines):
            s = line.strip()
            if s.startswith("["):
                cur = s.strip("[] \t")
                if cur == sec:
                    end = i + 1
                continue
            if cur != sec:
                continue
            if s and s[0] not in ";#":
                end = i + 1
                if s.split("=", 1)[0].strip() == key:
                    at = i
        new = f"{key} = {value}"
        if at is not None:
            lines[at] = new
        elif end is not None:
            lines.insert(end, new)
        else:
            lines += [f"[{sec}]", new]
    return lines


def find_sim(path):
    if path:
        cand = path
    elif os.environ.get("GCMA_SIM"):
        cand = os.environ["GCMA_SIM"]
    else:
        top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        cand = os.path.join(top, "build", "tools", "gcma-sim", "gcma-sim")
        if not os.access(cand, os.X_OK):
            cand = shutil.which("gcma-sim") or cand
    if not os.access(cand, os.X_OK):
        die(f"no gcma-sim at '{cand}' (--sim PATH or GCMA_SIM)")
    return os.path.abspath(cand)


def point_path(out, idx):
    """Point @idx's scenario: its name is gcma-sim's "scenario"."""
    return os.path.join(out, "points", f"point-{idx:04d}.ini")


def job_line(sim, out, idx, seed, config):
    """The shell command of point @idx: its result files in results/."""
    q = shlex.quote
    name = f"{idx:04d}"
    res = os.path.join(out, "results", name)
    cmd = [sim, "--scenario", point_path(out, idx),
           "--format", "json", "--quiet", "--jobs", "1"]
    if seed is not None:
        cmd += ["--seed", seed]
    if config:
        cmd += ["--config", config]
    return (" ".join(q(c) for c in cmd) +
            f" > {q(res + '.json')} 2> {q(res + '.err')}; "
            f"echo $? > {q(res + '.rc')}")


SBATCH = """#!/bin/bash
# Slurm array job: one task per line of jobs.txt (written by sim-sweep.py;
# docs/simulator.md, "Sweeps"). Submit with `sbatch {sbatch}`, then merge
# with `sim-sweep.py --merge {out}`.
#SBATCH --job-name=gcma-sweep
#SBATCH --array=0-{last}
#SBATCH --cpus-per-task=1
#SBATCH --mem-per-cpu={mem_mb}M
#SBATCH --output={out}/results/slurm-%A_%a.log
set -eu
line=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" {jobs})
[ -n "$line" ] || {{ echo "no job $SLURM_ARRAY_TASK_ID in {jobs}" >&2; exit 1; }}
exec bash -c "$line"
"""


def write_sweep(args):
    try:
        with open(args.scenario, encoding="utf-8") as f:
            base = f.read().splitlines()
    except OSError as e:
        die(f"{args.scenario}: {e.strerror}")
    axes = [parse_set(a) for a in args.set]
    names = [k for k, _ in axes]
    if len(set(names)) != len(names):
        die("a key given to --set twice")
    if "run.seed" in names:
        die("sweep seeds with --seeds, not --set run.seed")
    seeds = parse_seeds(args.seeds) if args.seeds else [None]
    combos = [[]]
    for key, values in axes:
        combos = [c + [(key, v)] for c in combos for v in values]
    out = os.path.abspath(args.out)
    sim = find_sim(args.sim)
    os.makedirs(os.path.join(out, "points"), exist_ok=True)
    os.makedirs(os.path.join(out, "results"), exist_ok=True)
    points, jobs = [], []
    for combo in combos:
        lines = set_keys(base, [(tuple(k.split(".", 1)), v)
                                for k, v in combo])
        for seed in seeds:
            idx = len(points)
            path = point_path(out, idx)
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            point = dict(combo)
            if seed is not None:
                point["run.seed"] = seed
            points.append(point)
            jobs.append(job_line(sim, out, idx, seed, args.config))
            # Refused now (exit 2), not after hours of the other points.
            check = subprocess.run([sim, "--scenario", path,
                                    "--dump-scenario"] +
                                   (["--config", args.config]
                                    if args.config else []),
                                   capture_output=True, text=True)
            if check.returncode:
                die(f"point {idx:04d} {point}: {check.stderr.strip()}")
    meta = {"sweep": SCHEMA, "scenario": os.path.abspath(args.scenario),
            "keys": names + (["run.seed"] if args.seeds else []),
            "points": points}
    with open(os.path.join(out, "points.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    with open(os.path.join(out, "jobs.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(jobs) + "\n")
    with open(os.path.join(out, "sweep.sbatch"), "w", encoding="utf-8") as f:
        f.write(SBATCH.format(sbatch=shlex.quote(os.path.join(
                                  out, "sweep.sbatch")),
                              out=out, last=len(jobs) - 1,
                              jobs=shlex.quote(os.path.join(out,
                                                            "jobs.txt")),
                              mem_mb=args.mem_mb))
    return out, jobs


def run_local(jobs, nr):
    def one(line):
        return subprocess.run(["bash", "-c", line]).returncode

    with concurrent.futures.ThreadPoolExecutor(max_workers=nr) as ex:
        list(ex.map(one, jobs))


def merge(out):
    try:
        with open(os.path.join(out, "points.json"), encoding="utf-8") as f:
            meta = json.load(f)
    except (OSError, ValueError) as e:
        die(f"{out}: not a sweep directory ({e})")
    merged, bad = [], []
    for idx, point in enumerate(meta["points"]):
        res = os.path.join(out, "results", f"{idx:04d}")
        try:
            with open(res + ".rc", encoding="utf-8") as f:
                status = int(f.read().strip())
            with open(res + ".json", encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            bad.append(f"point {idx:04d} {point}: no result ({e})")
            continue
        if status:
            with open(res + ".err", encoding="utf-8") as f:
                why = f.read().strip().splitlines()
            bad.append(f"point {idx:04d} {point}: gcma-sim exit {status}"
                       + (f": {why[-1]}" if why else ""))
        doc = {"index": idx, "point": point, "status": status, **doc}
        merged.append(doc)
    with open(os.path.join(out, "sweep.json"), "w", encoding="utf-8") as f:
        json.dump({"sweep": meta["sweep"], "scenario": meta["scenario"],
                   "keys": meta["keys"], "points": merged}, f, indent=1)
        f.write("\n")
    write_csv(os.path.join(out, "sweep.csv"), meta["keys"], merged)
    for msg in bad:
        sys.stderr.write(f"{PROG}: {msg}\n")
    return 1 if bad else 0


def result_rows(doc):
    """A point's latency rows: every run's (gcma-sim JSON schema 2)."""
    return [row for run in doc.get("runs", []) for row in run["results"]]


def write_csv(path, keys, merged):
    fields = []
    for doc in merged:
        for row in result_rows(doc):
            fields += [k for k in row if k not in fields]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(keys + ["status"] + fields)
        for doc in merged:
            head = [doc["point"].get(k, "") for k in keys] + [doc["status"]]
            for row in result_rows(doc):
                w.writerow(head + [row.get(k, "") for k in fields])


def main():
    p = argparse.ArgumentParser(prog=PROG, add_help=False)
    p.add_argument("scenario", nargs="?")
    p.add_argument("-o", "--out")
    p.add_argument("--set", action="append", default=[])
    p.add_argument("--seeds")
    p.add_argument("--config")
    p.add_argument("--jobs", type=int)
    p.add_argument("--sim")
    p.add_argument("--emit", action="store_true")
    p.add_argument("--merge")
    p.add_argument("--mem-mb", type=int, default=1024)
    p.add_argument("-h", "--help", action="store_true")
    class Refuse(argparse.ArgumentParser):
        def error(self, message):
            die(f"{message} ({sys.argv[0]} --help for usage)")

    p.__class__ = Refuse
    args, rest = p.parse_known_args()
    for arg in rest:
        what = "unknown option" if arg.startswith("-") else \
            "unexpected argument"
        die(f"{what} '{arg}' ({sys.argv[0]} --help for usage)")
    if args.help:
        print(__doc__.strip())
        return 0
    if args.merge:
        if args.scenario or args.set or args.seeds or args.emit:
            die("--merge DIR takes nothing else")
        return merge(os.path.abspath(args.merge))
    if not args.scenario or not args.out:
        die(f"SCENARIO and -o DIR expected ({sys.argv[0]} --help for usage)")
    if args.jobs is not None and args.jobs < 1:
        die("--jobs: at least 1")
    out, jobs = write_sweep(args)
    if args.emit:
        print(f"{len(jobs)} points in {out}/jobs.txt; run them with\n"
              f"  parallel --sshloginfile HOSTS --joblog {out}/joblog "
              f"< {out}/jobs.txt\n  or sbatch {out}/sweep.sbatch\n"
              f"then: {sys.argv[0]} --merge {out}")
        return 0
    run_local(jobs, args.jobs or os.cpu_count() or 1)
    return merge(out)


if __name__ == "__main__":
    sys.exit(main())

# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""Mutation report: score overall, per file and per operator, the
survivors with their diffs; as text and as JSON.

score = (killed by the compiler + killed by the fast suites)
        / (run - stillborn - equivalent)
A mutant whose build failed only on a warning lib/mm's -Werror makes an
error (tier "build": a kernel with CONFIG_WERROR would refuse it too) is
killed by the compiler, counted apart from the tests' kills. A mutant
that does not build for another reason (stillborn) or is listed in the
equivalents file is left out of the denominator. A mutant the fast
suites miss but the stress suite or the fuzz campaign kills counts in
"all tiers" only. Result files written before compiler kills existed
read the same as before (their build failures are all stillborn)."""
import json


def load_equivalents(path):
	"""{id: reason} from the equivalents list: one mutant a line,
	"ID FILE:LINE OP -- reason"; # starts a comment."""
	eq = {}
	try:
		with open(path) as f:
			for line in f:
				line = line.strip()
				if not line or line.startswith("#"):
					continue
				mid, _, reason = line.partition(" -- ")
				eq[mid.split()[0]] = reason.strip()
	except FileNotFoundError:
		pass
	return eq


def _tally(rows):
	t = dict(run=len(rows), stillborn=0, equivalent=0, killed_build=0,
		 killed_fast=0, killed_slow=0, survived=0)
	tiers = dict(build="killed_build", fast="killed_fast")
	for r in rows:
		if r["status"] == "stillborn":
			t["stillborn"] += 1
		elif r.get("equivalent"):
			t["equivalent"] += 1
		elif r["status"] in ("killed", "timeout"):
			t[tiers.get(r.get("tier"), "killed_slow")] += 1
		else:
			t["survived"] += 1
	live = t["run"] - t["stillborn"] - t["equivalent"]
	fast = t["killed_build"] + t["killed_fast"]
	t["scored"] = live
	t["score_fast"] = round(100.0 * fast / live, 1) if live else 100.0
	t["score_all"] = round(100.0 * (fast + t["killed_slow"]) / live, 1) \
		if live else 100.0
	return t


def is_compiler_kill(r):
	return r["status"] == "killed" and r.get("tier") == "build"


def build(results, mutants, equivalents):
	"""The report as a dict, for the mutants in @mutants that have a
	result in @results ({id: result})."""
	rows = []
	for m in mutants:
		r = results.get(m["id"])
		if r is None:
			continue
		r = dict(r)
		if m["id"] in equivalents:
			r["equivalent"] = equivalents[m["id"]]
		r["func"] = m["func"]
		rows.append(r)
	by_file, by_op, by_test = {}, {}, {}
	for r in rows:
		by_file.setdefault(r["file"], []).append(r)
		by_op.setdefault(r["op"], []).append(r)
		if r["status"] in ("killed", "timeout"):
			by_test[r["by"]] = by_test.get(r["by"], 0) + 1
	survivors = [r for r in rows if r["status"] == "survived" and not r.get("equivalent")
		     or r["status"] != "survived" and r.get("tier") == "slow"
		     and not r.get("equivalent")]
	return dict(total=_tally(rows),
		    files={k: _tally(v) for k, v in sorted(by_file.items())},
		    operators={k: _tally(v) for k, v in sorted(by_op.items())},
		    killers=dict(sorted(by_test.items(), key=lambda kv: -kv[1])),
		    compiler_kills=[dict(id=r["id"], file=r["file"], line=r["line"],
					 op=r["op"], func=r["func"], by=r["by"],
					 warning=r.get("warning", ""),
					 equivalent=r.get("equivalent", ""))
				    for r in rows if is_compiler_kill(r)],
		    survivors=[dict(r) for r in survivors],
		    equivalents=[dict(id=r["id"], reason=r["equivalent"]) for r in rows
				 if r.get("equivalent")])


def _line(name, t):
	return (f"{name:34} {t['run']:5} {t['stillborn']:5} {t['equivalent']:5} "
		f"{t.get('killed_build', 0):5} {t['killed_fast']:6} {t['killed_slow']:5} "
		f"{t['survived']:5} {t['score_fast']:6.1f}% {t['score_all']:6.1f}%")


def text(rep, diffs):
	head = (f"{'':34} {'run':>5} {'dead':>5} {'equiv':>5} {'cc':>5} {'killed':>6} "
		f"{'slow':>5} {'surv':>5} {'fast':>7} {'all':>7}")
	out = ["Mutation score (cc = killed by the compiler: a warning lib/mm's "
	       "-Werror makes an error;",
	       "killed = by the fast suites: unit, fuzz, regressions, oom; "
	       "fast = (cc + killed) / scored; all = + stress + fuzz campaign)",
	       head, _line("TOTAL", rep["total"]), ""]
	out += ["Per file:", head] + [_line(k, v) for k, v in rep["files"].items()] + [""]
	out += ["Per operator:", head] + [_line(k, v) for k, v in rep["operators"].items()] + [""]
	out += ["Kills per test (compiler: the warning that failed the build):"]
	out += [f"  {n:5} {k}" for k, n in rep["killers"].items()] + [""]
	cks = rep.get("compiler_kills", [])
	out.append(f"Killed by the compiler ({len(cks)}): the build failed only on "
		   "a warning lib/mm's -Werror makes an error:")
	for c in cks:
		out.append(f"  {c['id']} {c['file']}:{c['line']} {c['op']} in {c['func']}: "
			   f"{c['warning'] or c['by']}")
	out.append("")
	out.append(f"Survivors of the fast suites ({len(rep['survivors'])}); "
		   "kill each with a test or list it in tests/mutation/equivalents.txt:")
	for s in rep["survivors"]:
		if s["status"] != "survived":
			how = f"killed only by {s['by']}"
		elif s.get("slow_run"):
			how = "survived the fast suites, stress and the fuzz campaign"
		else:
			how = "survived the fast suites (stress and fuzz not run)"
		out.append(f"--- {s['id']} {s['file']}:{s['line']} {s['op']} in {s['func']}: {how}")
		out.append(diffs.get(s["id"], "").rstrip())
	return "\n".join(out) + "\n"


def write(rep, diffs, prefix):
	for s in rep["survivors"]:
		s["diff"] = diffs.get(s["id"], "")
	with open(prefix + ".json", "w") as f:
		json.dump(rep, f, indent=1)
	with open(prefix + ".txt", "w") as f:
		f.write(text(rep, diffs))

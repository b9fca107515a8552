# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""Mutant runner: one source copy and build folder per worker, reused
from mutant to mutant (only the mutated object and the test programs
that link it rebuild). Each mutant: write the mutated file, build the
next test program it needs, run the fast suites' tests one at a time in
a fixed order, stop at the first failure (killed, by that test) or when
a test runs past its time limit twice, the second time with
SLOW_FACTOR times the limit (killed by timeout: a hang). Fast
survivors get the stress suite and a bounded random-fuzz campaign
(gcma-replay --random). A mutant whose build fails only on warnings
that lib/mm's -Werror makes errors (the unmutated file builds clean) is
killed by the compiler (tier "build"), as a kernel built with
CONFIG_WERROR would refuse it; any other build failure is stillborn.
Results go to RESULTS (one JSON line a mutant) as they finish, so an
interrupted run resumes where it stopped."""
import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time

import mutgen

FAST_SUITES = ("unit", "fuzz", "regressions", "oom")
NICE = ["nice", "-n", "10"]
# A test past its time limit runs once more with this many times the
# limit before the mutant counts as a hang (killed by timeout).
SLOW_FACTOR = 4


# A warning made an error: gcc "[-Werror=NAME]", clang "[-Werror,-WNAME]".
WERROR_TAG = re.compile(r"\[-Werror(?:=|,-W)([^\],]+?)=?[\],]")
ERROR_LINE = re.compile(r"(?:^|\s)(?:fatal )?error: ")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def werror_only(output):
	"""Read a failed build's @output (compiler and ninja messages).
	Return (flags, first) when every error in it is a warning that
	-Werror turned into one: the warning options ("-Wname", sorted) and
	the first such diagnostic ("file:line:col: message [-Werror=...]",
	the file without its folders). Return None for any other failure (a
	plain or fatal error, a link error, no diagnostic at all)."""
	errors = [ln for ln in ANSI.sub("", output).splitlines() if ERROR_LINE.search(ln)]
	tags = [WERROR_TAG.search(ln) for ln in errors]
	if not errors or not all(tags):
		return None
	first = errors[0].strip()
	where, sep, msg = first.partition(": error: ")
	if sep:
		first = os.path.basename(where) + ": " + msg
	return sorted({"-W" + t.group(1) for t in tags}), first


def failed_targets(output):
	"""The outputs ninja reports as FAILED in @output."""
	return [ln.split()[1] for ln in ANSI.sub("", output).splitlines()
		if ln.startswith("FAILED: ") and len(ln.split()) > 1]


def _suites(t):
	return {s.split(":")[-1] for s in t["suite"]}


def tracked_files(top):
	out = subprocess.run(["git", "-C", top, "ls-files", "-z", "--cached",
			      "--others", "--exclude-standard"],
			     check=True, capture_output=True).stdout
	return [f for f in out.decode().split("\0") if f]


def sync_tree(top, dest):
	"""Copy the files that differ from @top to @dest (unchanged files keep
	their times, so ninja rebuilds only what changed)."""
	for rel in tracked_files(top):
		s, d = os.path.join(top, rel), os.path.join(dest, rel)
		if not os.path.isfile(s):
			continue
		with open(s, "rb") as f:
			data = f.read()
		try:
			with open(d, "rb") as f:
				if f.read() == data:
					continue
		except FileNotFoundError:
			os.makedirs(os.path.dirname(d), exist_ok=True)
		with open(d, "wb") as f:
			f.write(data)
		shutil.copymode(s, d)


def run_limited(cmd, env, cwd, seconds, log):
	"""Run @cmd in its own process group; kill the group after @seconds.
	Return the exit status, or None on timeout."""
	p = subprocess.Popen(NICE + cmd, env=env, cwd=cwd, stdout=log, stderr=log,
			     stdin=subprocess.DEVNULL, start_new_session=True)
	try:
		return p.wait(timeout=max(1, seconds))
	except subprocess.TimeoutExpired:
		os.killpg(p.pid, signal.SIGKILL)
		p.wait()
		return None


class Worker:
	def __init__(self, runner, n):
		self.r = runner
		self.dir = os.path.join(runner.out, f"w{n}")
		self.src = os.path.join(self.dir, "src")
		self.build = os.path.join(self.dir, "build")

	def prepare(self):
		os.makedirs(self.src, exist_ok=True)
		sync_tree(self.r.top, self.src)
		if not os.path.exists(os.path.join(self.build, "build.ninja")):
			subprocess.run(NICE + ["meson", "setup", self.build, self.src,
					       "-Dbench=false", f"-Dstress_duration={self.r.stress_seconds}"],
				       check=True, stdout=subprocess.DEVNULL)
		subprocess.run(NICE + ["ninja", "-C", self.build], check=True,
			       stdout=subprocess.DEVNULL)
		tests = json.loads(subprocess.run(
			["meson", "introspect", self.build, "--tests"], check=True,
			capture_output=True).stdout)
		# Programs only: the source checks (python scripts over the
		# tree, not behaviour) cannot see a mutant's effect.
		progs = [t for t in tests if self.target(t)]
		self.fast = [t for t in progs if _suites(t) & set(FAST_SUITES)]
		self.stress = [t for t in progs if "stress" in _suites(t)]
		self.replay = os.path.join(self.build, "tools", "gcma-replay", "gcma-replay")

	def target(self, t):
		exe = t["cmd"][0]
		if exe.startswith(self.build + os.sep):
			return os.path.relpath(exe, self.build)
		return None

	def order(self, m):
		"""The fast tests: those named after the mutated file first, then
		those that killed most so far, then the quickest."""
		stem = os.path.basename(m["file"])[:-2]
		words = [w for w in stem.split("_") if w not in ("check", "pfns", "debug")]
		def rank(t):
			hits = sum(w in t["name"] for w in words)
			return (-hits, -self.r.kills.get(t["name"], 0),
				self.r.seconds.get(t["name"], 0), t["name"])
		return sorted(self.fast, key=rank)

	def ninja(self, targets, log, built):
		"""Build @targets not in @built; on failure keep ninja's output
		in self.build_output (for compiler_verdict())."""
		todo = [t for t in targets if t not in built]
		if not todo:
			return True
		b = subprocess.run(NICE + ["ninja", "-C", self.build] + todo,
				   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
		out = b.stdout.decode(errors="replace")
		log.write(out)
		log.flush()
		if b.returncode:
			self.build_output = out
			return False
		built.update(todo)
		return True

	def compiler_verdict(self, res, log):
		"""@res is stillborn and the original file is back in place. When
		the mutant's build failed only on -Werror'd warnings and the
		objects that failed build from the original file, the compiler
		killed the mutant: record it so."""
		found = werror_only(self.build_output)
		objs = failed_targets(self.build_output)
		if not found or not objs:
			return
		if subprocess.run(NICE + ["ninja", "-C", self.build] + objs,
				  stdout=log, stderr=log).returncode:
			return	# the original does not build either: stillborn
		flags, first = found
		res.update(status="killed", by="compiler: " + " ".join(flags),
			   tier="build", warning=first)

	def run_tests(self, tests, log, built, batch_from=0):
		"""Run @tests in order, each for at most the time limit (a test
		that takes longer hangs: killed by timeout); return (status,
		test) at the first failure, ("survived", None) when all pass.
		The programs before @batch_from are built one by one (the
		first often kills), the rest in one ninja call."""
		for i, t in enumerate(tests):
			tgt = self.target(t)
			want = [self.target(x) for x in tests[i:]] if i >= batch_from else [tgt]
			if tgt not in built and not self.ninja(want, log, built):
				return "stillborn", tgt
			env = dict(os.environ)
			env.update(t["env"])
			limit = min(self.r.time_limit, t["timeout"])
			t0 = time.monotonic()
			st = run_limited(t["cmd"], env, t.get("workdir") or self.build,
					 limit, log)
			if st is None:
				# On a loaded machine a slow test is not a hang:
				# confirm with a limit SLOW_FACTOR times longer.
				st = run_limited(t["cmd"], env,
						 t.get("workdir") or self.build,
						 limit * SLOW_FACTOR, log)
			self.r.seconds[t["name"]] = time.monotonic() - t0
			if st is None:
				return "timeout", t["name"]
			if st not in (0, 77):
				return "killed", t["name"]
		return "survived", None

	def mutant(self, m):
		path = os.path.join(self.src, m["file"])
		original = self.r.originals[m["file"]]
		logpath = os.path.join(self.dir, "last.log")
		t0 = time.monotonic()
		res = dict(id=m["id"], file=m["file"], line=m["line"], op=m["op"])
		self.build_output = ""
		try:
			with open(path, "wb") as f:
				f.write(mutgen.apply(self.r.top, m, original))
			with open(logpath, "w") as log:
				tests = self.order(m)
				status, by = self.run_tests(tests, log, set(), self.r.related)
				res.update(status=status, by=by, tier="fast",
					   slow_run=self.r.slow and status == "survived")
				if status == "survived" and self.r.slow:
					status, by = self.slow(log)
					if status != "survived":
						res.update(status=status, by=by, tier="slow")
		finally:
			with open(path, "wb") as f:
				f.write(original)
		if res.get("status") == "stillborn" and res.get("tier") == "fast":
			with open(logpath, "a") as log:
				self.compiler_verdict(res, log)
		res["seconds"] = round(time.monotonic() - t0, 1)
		return res

	def slow(self, log):
		st, by = self.run_tests(self.stress, log, set())
		if st != "survived":
			return st, by
		b = subprocess.run(NICE + ["ninja", "-C", self.build,
					   os.path.relpath(self.replay, self.build)],
				   stdout=log, stderr=log)
		if b.returncode:
			return "stillborn", "gcma-replay"
		st = run_limited([self.replay, "--quiet", "--random", "100000000",
				  "--seed", "1", "--max-seconds", str(self.r.fuzz_seconds)],
				 dict(os.environ), self.build, self.r.fuzz_seconds + 60, log)
		if st is None:
			return "timeout", "fuzz-campaign"
		if st != 0:
			return "killed", "fuzz-campaign"
		return "survived", None


class Runner:
	def __init__(self, top, out, workers, time_limit, slow, fuzz_seconds,
		     stress_seconds, duration):
		self.top, self.out = top, out
		self.nworkers = workers
		self.time_limit = time_limit
		self.slow = slow
		self.fuzz_seconds = fuzz_seconds
		self.stress_seconds = stress_seconds
		self.duration = duration
		self.kills = {}
		self.seconds = {}
		self.originals = {}
		self.related = 4
		self.lock = threading.Lock()
		self.results = os.path.join(out, "results.jsonl")

	def done(self):
		res = {}
		if os.path.exists(self.results):
			with open(self.results) as f:
				for line in f:
					if line.strip():
						r = json.loads(line)
						res[r["id"]] = r
		return res

	def count_kill(self, r):
		"""Count a kill by a test (the order of later mutants' tests)."""
		if r["status"] == "killed" and r.get("tier") != "build":
			self.kills[r["by"]] = self.kills.get(r["by"], 0) + 1

	def forget_survivors(self):
		"""Drop the results of mutants the fast suites did not kill, so
		that they run again (after a test was added for them)."""
		keep = [r for r in self.done().values()
			if r["status"] == "stillborn" or r["tier"] in ("fast", "build")
			and r["status"] != "survived"]
		with open(self.results, "w") as f:
			for r in keep:
				f.write(json.dumps(r) + "\n")

	def run(self, mutants, progress):
		os.makedirs(self.out, exist_ok=True)
		finished = self.done()
		for r in finished.values():
			self.count_kill(r)
		todo = [m for m in mutants if m["id"] not in finished]
		# read once: editing the tree while the run goes changes nothing
		for m in todo:
			if m["file"] not in self.originals:
				self.originals[m["file"]] = mutgen.original(self.top, m)
		progress(f"{len(finished)} done before, {len(todo)} to run, "
			 f"{self.nworkers} workers")
		stop_at = time.monotonic() + self.duration if self.duration else None
		queue = list(reversed(todo))

		def work(n):
			w = Worker(self, n)
			try:
				w.prepare()
			except subprocess.CalledProcessError as e:
				progress(f"worker {n}: {' '.join(e.cmd)} failed")
				return
			while True:
				with self.lock:
					if not queue or (stop_at and time.monotonic() > stop_at):
						return
					m = queue.pop()
				try:
					r = w.mutant(m)
				except (OSError, RuntimeError) as e:
					progress(f"{m['id']}: {e}")
					continue
				with self.lock:
					self.count_kill(r)
					with open(self.results, "a") as f:
						f.write(json.dumps(r) + "\n")
					progress(f"{m['id']} {m['file']}:{m['line']} {m['op']}: "
						 f"{r['status']} {r.get('by') or ''} ({r['seconds']} s)")

		threads = [threading.Thread(target=work, args=(n,)) for n in range(self.nworkers)]
		for t in threads:
			t.start()
		for t in threads:
			t.join()
		return len(queue)

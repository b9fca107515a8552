#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""kunit_results.py JSON OUT - KUnit's results as a meson test log.
kunit_results.py --help

Reads the JSON that `kunit.py parse --json` makes of a KUnit run's TAP
(JSON may be missing: the kernel did not build or boot) and writes OUT
with one line per case, {"name": "kunit:SUITE.CASE", "result": "OK",
"FAIL" or "SKIP"}, the format tools/count-results.py adds up. A run with
no case at all is one failed line. Prints "KUnit: N/M cases passed" and
exits 1 when a case failed or none ran.
"""
import json
import sys


def cases(group, prefix):
	"""Every leaf case of @group as (name, status)."""
	for case in group.get("test_cases", []):
		yield prefix + case["name"], case["status"]
	for sub in group.get("sub_groups", []):
		yield from cases(sub, sub["name"] + ".")


def main():
	if len(sys.argv) == 2 and sys.argv[1] in ("--help", "-h"):
		print(__doc__.strip())
		return 0
	if len(sys.argv) != 3 or sys.argv[1].startswith("-"):
		sys.stderr.write("usage: kunit_results.py JSON OUT "
				 "(--help for more)\n")
		return 2
	try:
		with open(sys.argv[1], encoding="utf-8") as f:
			found = list(cases(json.load(f), ""))
	except (OSError, ValueError):
		found = []
	result = {"PASS": "OK", "SKIP": "SKIP"}
	lines = [{"name": f"kunit:{n}", "result": result.get(s, "FAIL")}
		 for n, s in found]
	if not lines:
		lines = [{"name": "kunit:run", "result": "FAIL"}]
	with open(sys.argv[2], "w", encoding="utf-8") as f:
		for line in lines:
			f.write(json.dumps(line) + "\n")
	passed = sum(line["result"] == "OK" for line in lines)
	print(f"KUnit: {passed}/{len(found)} cases passed")
	for line in lines:
		if line["result"] == "FAIL":
			print(f"KUnit: failed: {line['name']}")
	failed = sum(line["result"] == "FAIL" for line in lines)
	return 0 if found and not failed else 1


if __name__ == "__main__":
	sys.exit(main())

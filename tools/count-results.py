#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""count-results.py TESTLOG.json... - add up meson test results.
count-results.py --help

Prints one line 'N passed, N failed, N skipped' over every given
testlog*.json (one JSON object per line, as meson writes them) and exits
1 if anything failed or no test ran at all, 2 on a bad argument.
"""
import json
import sys

for arg in sys.argv[1:]:
    if arg in ("--help", "-h"):
        print(__doc__.strip())
        sys.exit(0)
    if arg.startswith("-"):
        sys.stderr.write(f"count-results.py: unknown option '{arg}' "
                         f"({sys.argv[0]} --help for usage)\n")
        sys.exit(2)

PASS = {"OK", "EXPECTEDFAIL"}
SKIP = {"SKIP"}

passed = failed = skipped = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as log:
        for line in log:
            line = line.strip()
            if not line:
                continue
            result = json.loads(line).get("result")
            if result in PASS:
                passed += 1
            elif result in SKIP:
                skipped += 1
            else:
                failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or not passed else 0)

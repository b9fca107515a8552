#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""build_verdict.py LOG: what the mutation runner (tools/mutate/mutrun.py)
makes of a failed build whose compiler and ninja output is in LOG:
"compiler: -Wname... | file:line:col: message" when every error in it
is a warning -Werror turned into one (the compiler killed the mutant),
"stillborn" otherwise. For test_mutate_tool.sh."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
				"..", "..", "tools", "mutate"))
import mutrun  # noqa: E402

with open(sys.argv[1], errors="replace") as f:
	found = mutrun.werror_only(f.read())
if found:
	print(f"compiler: {' '.join(found[0])} | {found[1]}")
else:
	print("stillborn")

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""readme-examples.py README OUTDIR - write the README's tested examples.

A fenced block right after a line '<!-- example: NAME ... -->' is written
to OUTDIR/NAME.c, and one right after '<!-- output: NAME -->' to
OUTDIR/NAME.expected (what the program must print). Prints the names of
the examples, one a line. Exits 1 when a marker has no block after it,
a name repeats, or an example has no output block (or the reverse).
"""
import os
import re
import sys

MARKER = re.compile(r"^<!-- (example|output): ([A-Za-z0-9_-]+)\b.*-->\s*$")


def blocks(lines):
    """Yield (kind, name, text) for each marker and the block after it."""
    i = 0
    while i < len(lines):
        m = MARKER.match(lines[i])
        i += 1
        if not m:
            continue
        kind, name = m.groups()
        if i >= len(lines) or not lines[i].startswith("```"):
            sys.exit(f"README line {i}: no fenced block after the {kind} marker '{name}'")
        end = i + 1
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        if end == len(lines):
            sys.exit(f"README line {i + 1}: the block of '{name}' is not closed")
        yield kind, name, "".join(lines[i + 1:end])
        i = end + 1


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = f.readlines()
    found = {"example": {}, "output": {}}
    for kind, name, text in blocks(lines):
        if name in found[kind]:
            sys.exit(f"README: two {kind} blocks named '{name}'")
        found[kind][name] = text
    if set(found["example"]) != set(found["output"]):
        sys.exit("README: examples and outputs do not pair up: "
                 f"{sorted(found['example'])} against {sorted(found['output'])}")
    os.makedirs(sys.argv[2], exist_ok=True)
    for name, text in found["example"].items():
        with open(os.path.join(sys.argv[2], name + ".c"), "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(sys.argv[2], name + ".expected"), "w",
                  encoding="utf-8") as f:
            f.write(found["output"][name])
        print(name)


if __name__ == "__main__":
    main()

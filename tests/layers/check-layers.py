#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""check-layers.py SRCDIR [ARCHIVE]

The layers of lib/ as a test (docs/architecture.md):

  1. include graph: every #include of lib/{kernel,platform,mm,sim}/ and
     include/libgcma/ is resolved to the folder it names; the graph of
     folders must have no cycle (Tarjan's strongly connected components:
     a component of more than one folder, or a folder's edge into a
     folder of its own component, is a cycle), and every edge must go
     down the stack sim -> mm -> platform -> kernel -> include
     (platform and mm sit side by side: neither includes the other).
  2. lib/mm (the portable core) includes no platform/ or sim/ header.
  3. with ARCHIVE (the gcma-internal static library): no object calls a
     function defined in a folder above it, sim -> mm -> platform (nm over
     the archive's members), except the calls listed in PENDING below.

Prints each violation and exits 1; exits 0 when the layers hold.
"""
import os
import re
import shutil
import subprocess
import sys

# Rank of each folder; an edge may only go to a lower rank (or the same
# folder). mm and platform share a rank: neither may include the other.
RANK = {"include": 0, "kernel": 1, "platform": 2, "mm": 2, "sim": 3}
FOLDERS = {
    "kernel": "lib/kernel",
    "platform": "lib/platform",
    "mm": "lib/mm",
    "sim": "lib/sim",
    "include": "include/libgcma",
}
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)

# Calls go down the stack sim -> mm -> platform (the kernel API's
# implementation): a rank for the link-level check.
LINK_RANK = {"platform": 1, "mm": 2, "sim": 3}

# Link-level calls going up that a change in flight removes: the freeing
# half of __folio_put() (lib/platform/folio.c) moves into lib/mm.
PENDING = {
    ("platform", "free_one_page"),
    ("platform", "free_page_is_bad"),
}


def folder_of_include(src_folder, src_path, kind, name):
    """The folder an include names, or None (a system header)."""
    if kind == "<":
        return "include" if name.startswith("libgcma/") else None
    # "x.h" next to the including file, else "folder/x.h" from lib/.
    local = os.path.normpath(os.path.join(os.path.dirname(src_path), name))
    for folder, rel in FOLDERS.items():
        if os.path.commonpath([local, rel]) == rel and os.path.exists(
                os.path.join(SRC, local)):
            return folder
    first = name.split("/")[0]
    if first in FOLDERS and first != "include":
        return first
    if name == "libgcma-config.h":
        return None
    return "?" + name


def include_graph():
    edges = {}
    for folder, rel in FOLDERS.items():
        for entry in sorted(os.listdir(os.path.join(SRC, rel))):
            if not entry.endswith((".c", ".h")):
                continue
            path = os.path.join(rel, entry)
            with open(os.path.join(SRC, path), encoding="utf-8") as f:
                text = f.read()
            for kind, name in INCLUDE_RE.findall(text):
                to = folder_of_include(folder, path, kind, name)
                if to is not None:
                    edges.setdefault((folder, to), []).append(
                        "%s includes %s" % (path, name))
    return edges


def cycles(edges):
    """Strongly connected components with a cycle (Tarjan)."""
    graph = {f: sorted({t for (s, t) in edges if s == f and t in FOLDERS})
             for f in FOLDERS}
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in FOLDERS:
        if v not in index:
            visit(v)
    return out


def link_edges(archive):
    """(caller folder, callee folder, symbol, object) for calls going up."""
    nm = shutil.which("nm")
    if not nm:
        print("# nm not found: link-level check skipped")
        return []
    out = subprocess.run([nm, "-A", archive], capture_output=True,
                         text=True, check=True).stdout
    defined, used = {}, []
    for line in out.splitlines():
        m = re.match(r"^[^:]*:([^:]+):\s*(\S+)?\s+([A-Za-z])\s+(\S+)$",
                     line)
        if not m:
            continue
        obj, _, kind, sym = m.groups()
        obj = os.path.basename(obj)
        folder = obj.split("_", 1)[0]
        if folder not in LINK_RANK:
            continue
        if kind in "TDBRC":
            defined[sym] = folder
        elif kind == "U":
            used.append((folder, sym, obj))
    bad = []
    for folder, sym, obj in used:
        to = defined.get(sym)
        if to and to != folder and LINK_RANK[to] >= LINK_RANK[folder]:
            bad.append((folder, to, sym, obj))
    return bad


def main():
    global SRC
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    SRC = sys.argv[1]
    errors = 0
    edges = include_graph()
    for (src, to), why in sorted(edges.items()):
        if to == src:
            continue
        if to.startswith("?"):
            print("not ok: unresolved include: " + why[0])
            errors += 1
        elif RANK[to] >= RANK[src]:
            print("not ok: %s -> %s goes up or sideways: %s" %
                  (src, to, "; ".join(why)))
            errors += 1
    for comp in cycles(edges):
        print("not ok: include cycle between folders: " + " <-> ".join(comp))
        errors += 1
    for (src, to), why in edges.items():
        if src == "mm" and to in ("platform", "sim"):
            print("not ok: the core includes a %s header: %s" %
                  (to, "; ".join(why)))
            errors += 1
    if len(sys.argv) > 2:
        for src, to, sym, obj in link_edges(sys.argv[2]):
            if (src, sym) in PENDING:
                print("# pending: %s calls %s() in %s" % (obj, sym, to))
                continue
            print("not ok: %s (%s) calls %s() defined in %s" %
                  (obj, src, sym, to))
            errors += 1
    # Not a failure yet: the port header (lib/kernel/port.h) takes these.
    sim_public = sorted({w for (src, to), why in edges.items()
                         if src in ("mm", "kernel") and to == "include"
                         for w in why if re.search(
                             r"libgcma/(sim_\w+|clock|defects|fault|"
                             r"violation|machine|pin|log|trace)\.h$", w)})
    for w in sim_public:
        print("# core reads a simulation public header: " + w)
    graph = sorted({(s, t) for (s, t) in edges if s != t})
    print("# folder edges: " + ", ".join("%s->%s" % e for e in graph))
    print("ok: layers hold" if not errors else "%d violation(s)" % errors)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

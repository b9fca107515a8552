#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""perf-to-trace.py: a device's `perf script` output as a gcma-sim
page-access trace (docs/simulator.md, "Trace replay").

Usage: perf-to-trace.py [--page-size N] [-o OUT] [INPUT]

INPUT (default: standard input, also "-") is the text `perf script`
prints for a capture of these events:

  exceptions:page_fault_user       (x86) address=ADDR ip=IP error_code=0xN
  page-faults (software, perf record -d; any architecture) with its addr
  filemap:mm_filemap_add_to_page_cache
  filemap:mm_filemap_delete_from_page_cache
                                   dev MAJ:MIN ino HEX pfn=0xN ofs=N order=N

Capture on the device, then convert:

  perf record -a -e exceptions:page_fault_user \\
      -e filemap:mm_filemap_add_to_page_cache \\
      -e filemap:mm_filemap_delete_from_page_cache -- sleep 10
  perf script > capture.txt
  tools/perf-to-trace.py capture.txt -o device.trace

Each user page fault is an anon access of its process (address space id
= the pid; the fault's pages numbered in the order the process first
touches them): a write when error_code has the write bit (0x2), else a
read; an instruction fetch (0x10) is a code page, left to the filemap
events. The software page-faults event has no error code: the first
touch of a page is a write, later ones reads. Each page added to the
page cache is a file read (a miss: the page came from storage); files
are numbered from 1 in the order they appear (a comment maps each to its
dev and inode). Deletions are not accesses (reclaim is the simulated
machine's job): they are counted, and a page added again after its
deletion is a refault on the device, reported on stderr.

--page-size N: the device's page size in bytes (4096, 16384, 65536); the
trace is in 4 KiB pages. Exit status: 0; 1 a line that names a known
event but cannot be read (FILE:LINE: reason on stderr) or an input or
output error; 2 bad usage.
"""
import re
import sys

PROG = "perf-to-trace.py"
HEADER = "gcma-trace 1"
TRACE_PAGE = 4096
INDEX_MAX = 1 << 36

# comm (may hold blanks) pid[/tid] [cpu] secs.frac: event: rest
LINE_RE = re.compile(
    r"^\s*(?P<comm>.*?)\s+(?P<pid>\d+)(?:/(?P<tid>\d+))?\s+"
    r"(?:\[(?P<cpu>\d+)\]\s+)?(?P<time>\d+\.\d+):\s+"
    r"(?:\d+\s+)?(?P<event>[\w.:-]+):\s*(?P<rest>.*)$")
FAULT_RE = re.compile(
    r"address=(?P<addr>\S+)\s+ip=\S+\s+error_code=(?P<err>0x[0-9a-fA-F]+)")
FILEMAP_RE = re.compile(
    r"dev (?P<maj>\d+):(?P<min>\d+) ino (?P<ino>[0-9a-fA-F]+) "
    r"pfn=0x[0-9a-fA-F]+ ofs=(?P<ofs>\d+) order=(?P<order>\d+)")
HEX_RE = re.compile(r"^(?:0x)?([0-9a-fA-F]+)$")

PF_WRITE = 0x2
PF_INSTR = 0x10
SW_FAULTS = ("page-faults", "faults", "minor-faults", "major-faults")


class BadLine(Exception):
    """A line of a known event that cannot be read."""


def usage(out):
    out.write(__doc__.split("\n\n", 1)[1])


def time_ns(text):
    """'12345.678901' as integer ns (no float rounding)."""
    secs, frac = text.split(".")
    return int(secs) * 1000000000 + int((frac + "000000000")[:9])


class Converter:
    """The state of one conversion: ids, first touches, counts."""

    def __init__(self, out, page_size):
        self.out = out
        self.page_size = page_size
        self.t0 = None
        self.last_t = 0
        self.files = {}          # (dev, ino) -> id
        self.anon_pages = {}     # pid -> {page: index}
        self.deleted = set()     # (dev, ino, index) deleted, not re-added
        self.pend = None         # [t, task, kind, id, index, op, pages]
        self.count = {"lines": 0, "reads": 0, "writes": 0, "skipped": 0,
                      "adds": 0, "deletes": 0, "refaults": 0,
                      "reordered": 0}

    def emit(self, t, task, kind, obj, index, op, pages):
        """One access; a run continuing the held line only extends it."""
        p = self.pend
        if (p and p[0] == t and p[1] == task and p[2] == kind and
                p[3] == obj and p[5] == op and p[4] + p[6] == index and
                p[6] + pages <= 65536):
            p[6] += pages
            return
        self.flush()
        self.pend = [t, task, kind, obj, index, op, pages]
        self.count["reads" if op == "r" else "writes"] += pages

    def flush(self):
        p = self.pend
        if not p:
            return
        tail = " %d" % p[6] if p[6] > 1 else ""
        self.out.write("%d %d %s %d %d %s%s\n" % (p[0], p[1], p[2], p[3],
                                                  p[4], p[5], tail))
        self.count["lines"] += 1
        self.pend = None

    def stamp(self, text):
        """The trace's time of a perf timestamp: from the first, never
        going back (perf sorts by time; a late one is held at the last)."""
        t = time_ns(text)
        if self.t0 is None:
            self.t0 = t
        t -= self.t0
        if t < self.last_t:
            self.count["reordered"] += 1
            t = self.last_t
        self.last_t = t
        return t

    def fault(self, t, pid, addr, write):
        pages = self.anon_pages.setdefault(pid, {})
        page = addr // TRACE_PAGE
        first = page not in pages
        if first:
            if len(pages) >= INDEX_MAX:
                raise BadLine("more than %d pages in process %d" %
                              (INDEX_MAX, pid))
            pages[page] = len(pages)
        if write is None:
            write = first
        self.emit(t, pid, "anon", pid, pages[page], "w" if write else "r", 1)

    def filemap(self, t, pid, rest, add):
        m = FILEMAP_RE.search(rest)
        if not m:
            raise BadLine("not 'dev MAJ:MIN ino HEX pfn=0xN ofs=N order=N'")
        dev = (int(m.group("maj")), int(m.group("min")))
        ino = int(m.group("ino"), 16)
        ofs, order = int(m.group("ofs")), int(m.group("order"))
        if order > 20:
            raise BadLine("order %d" % order)
        index = ofs // TRACE_PAGE
        pages = (1 << order) * self.page_size // TRACE_PAGE
        if index + pages > INDEX_MAX:
            raise BadLine("offset %d beyond the trace's index range" % ofs)
        key = (dev, ino)
        if not add:
            self.count["deletes"] += 1
            for k in range(pages):
                self.deleted.add((key, index + k))
            return
        self.count["adds"] += 1
        for k in range(pages):
            if (key, index + k) in self.deleted:
                self.deleted.discard((key, index + k))
                self.count["refaults"] += 1
        if key not in self.files:
            self.files[key] = len(self.files) + 1
            self.flush()
            self.out.write("# file %d = dev %d:%d ino 0x%x\n" %
                           (self.files[key], dev[0], dev[1], ino))
        obj = self.files[key]
        while pages:
            n = min(pages, 65536)
            self.emit(t, pid, "file", obj, index, "r", n)
            index += n
            pages -= n

    def line(self, text):
        if not text.strip() or text.lstrip().startswith("#"):
            return
        m = LINE_RE.match(text)
        if not m:
            self.count["skipped"] += 1
            return
        event, rest = m.group("event"), m.group("rest")
        pid = int(m.group("pid"))
        if pid > 0xffffffff:
            raise BadLine("pid %d" % pid)
        if event == "exceptions:page_fault_user":
            f = FAULT_RE.search(rest)
            if not f:
                raise BadLine("not 'address=ADDR ip=IP error_code=0xN'")
            a = HEX_RE.match(f.group("addr"))
            err = int(f.group("err"), 16)
            if not a or err & PF_INSTR:
                self.count["skipped"] += 1   # a symbol, or a code fetch
                return
            self.fault(self.stamp(m.group("time")), pid, int(a.group(1), 16),
                       bool(err & PF_WRITE))
        elif event in SW_FAULTS:
            # perf script prints addr first, then ip and symbol if asked.
            a = HEX_RE.match(rest.split()[0]) if rest.split() else None
            if not a:
                raise BadLine("no address (perf record -d, perf script -F ...,addr)")
            self.fault(self.stamp(m.group("time")), pid, int(a.group(1), 16),
                       None)
        elif event in ("filemap:mm_filemap_add_to_page_cache",
                       "filemap:mm_filemap_delete_from_page_cache"):
            self.filemap(self.stamp(m.group("time")), pid, rest,
                         event.endswith("add_to_page_cache"))
        else:
            self.count["skipped"] += 1


def parse_args(argv):
    opts = {"page_size": 4096, "out": None, "input": None}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            usage(sys.stdout)
            sys.exit(0)
        if a in ("-o", "--page-size") or a.startswith("--page-size="):
            if "=" in a:
                a, v = a.split("=", 1)
            elif i + 1 < len(argv):
                i += 1
                v = argv[i]
            else:
                sys.stderr.write("%s: %s needs a value\n" % (PROG, a))
                sys.exit(2)
            if a == "-o":
                opts["out"] = v
            elif v not in ("4096", "16384", "65536"):
                sys.stderr.write("%s: --page-size: '%s' is not 4096, 16384 or 65536\n" % (PROG, v))
                sys.exit(2)
            else:
                opts["page_size"] = int(v)
        elif a.startswith("-") and a != "-":
            sys.stderr.write("%s: unknown option '%s'\n" % (PROG, a))
            sys.exit(2)
        elif opts["input"] is not None:
            sys.stderr.write("%s: one input file; got '%s' too\n" % (PROG, a))
            sys.exit(2)
        else:
            opts["input"] = a
        i += 1
    return opts


def main(argv):
    opts = parse_args(argv)
    name = opts["input"] or "-"
    try:
        src = (sys.stdin if name == "-" else
               open(name, encoding="utf-8", errors="replace"))
        out = (sys.stdout if opts["out"] is None else
               open(opts["out"], "w", encoding="utf-8"))
    except OSError as e:
        sys.stderr.write("%s: %s: %s\n" % (PROG, e.filename, e.strerror))
        return 1
    conv = Converter(out, opts["page_size"])
    out.write("%s\n# converted by %s from %s (page size %d)\n" %
              (HEADER, PROG, "standard input" if name == "-" else name,
               opts["page_size"]))
    try:
        for n, text in enumerate(src, 1):
            try:
                conv.line(text.rstrip("\n"))
            except BadLine as e:
                sys.stderr.write("%s: %s:%d: %s\n" % (PROG, name, n, e))
                return 1
        conv.flush()
        out.flush()
        if out is not sys.stdout:
            out.close()
    except OSError as e:
        sys.stderr.write("%s: %s\n" % (PROG, e))
        return 1
    c = conv.count
    sys.stderr.write(
        "%s: %d lines out: %d page reads, %d page writes; %d input lines "
        "skipped (other events, code fetches, kernel addresses); device "
        "page cache: %d folios added, %d deleted, %d pages refaulted; %d events out of "
        "time order\n" % (PROG, c["lines"], c["reads"], c["writes"],
                          c["skipped"], c["adds"], c["deletes"],
                          c["refaults"], c["reordered"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

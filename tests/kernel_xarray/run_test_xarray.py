#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""Run the kernel's own lib/test_xarray.c against libgcma's xarray.

The kernel file is read from the Debian linux-source-6.12 package (the
port kit's unpacked tree, or the package's tarball) at test time and is
never copied into this repository. It is compiled unmodified with the thin
environment of shim/ (printk, module_init, IS_ENABLED, RCU read side) and
include/libgcma/xarray.h, linked with a libgcma library, and run; the
kernel's own "XArray: N of M tests passed" line gives the counts.

When the unmodified file does not build (libgcma lacks some API), the
functions the compiler rejects are replaced, in a derived copy written to
the output directory only, by a stub that reports "not built", and the
compile is retried; each of the calls in xarray_checks() that reaches a
stubbed function (directly or through the functions it calls) is counted
as "cannot build". Everything else runs as the kernel wrote it.

Exit: 0 when every assertion that ran passed; 1 when one failed, the
program crashed, or the environment itself did not build; 77 when the
kernel source is absent (tools/install-deps.sh --kernel installs it).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile

SKIP = 77
REL = 'lib/test_xarray.c'
TARBALL = os.environ.get('LIBGCMA_KERNEL_TARBALL',
                         '/usr/src/linux-source-6.12.tar.xz')


def find_source(explicit, outdir):
    """Path of test_xarray.c, or None."""
    cands = []
    if explicit:
        cands.append(explicit)
    env = os.environ.get('LIBGCMA_KERNEL_SRC')
    if env:
        cands.append(os.path.join(env, REL))
    cache = os.environ.get('XDG_CACHE_HOME',
                           os.path.expanduser('~/.cache'))
    cands.append(os.path.join(cache, 'libgcma/linux-6.12/src', REL))
    for c in cands:
        if os.path.isfile(c):
            return c
    if not os.path.isfile(TARBALL):
        return None
    # read the one file out of the package's tarball
    dest = os.path.join(outdir, 'kernel-src', 'test_xarray.c')
    if os.path.isfile(dest):
        return dest
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with tarfile.open(TARBALL, 'r:xz') as tar:
        for member in tar:
            if member.isfile() and member.name.endswith('/' + REL):
                with tar.extractfile(member) as f, open(dest, 'wb') as o:
                    shutil.copyfileobj(f, o)
                return dest
    return None


def functions(lines):
    """Top-level function definitions in kernel style: a signature at
    column 0, '{' alone on a line, '}' alone on a line. Returns a list of
    dicts: name, sig_start, open, close (0-based line numbers)."""
    out = []
    i = 0
    while i < len(lines):
        if lines[i].rstrip('\n') != '{':
            i += 1
            continue
        start = i - 1
        while start > 0:
            prev = lines[start - 1].rstrip('\n')
            if (not prev.strip() or prev.startswith('#') or
                    prev.startswith('}') or prev.endswith('*/') or
                    prev.endswith(';')):
                break
            start -= 1
        sig = ' '.join(l.strip() for l in lines[start:i])
        m = re.search(r'(\w+)\s*\(', sig)
        end = i + 1
        while end < len(lines) and lines[end].rstrip('\n') != '}':
            end += 1
        if m:
            out.append({'name': m.group(1), 'sig': sig, 'sig_start': start,
                        'open': i, 'close': end})
        i = end + 1
    return out


def returns_void(sig, name):
    head = sig[:sig.index(name)]
    return re.search(r'\bvoid\s*$', head) is not None


def derive(lines, funcs, stubbed):
    """The file with the bodies of @stubbed replaced by a stub."""
    out = list(lines)
    for f in funcs:
        if f['name'] not in stubbed:
            continue
        # one line per line, so that compiler messages keep their lines
        body = '\txkt_unbuilt(__func__);'
        if not returns_void(f['sig'], f['name']):
            body += ' return 0;'
        for k in range(f['open'] + 1, f['close']):
            out[k] = '\n'
        if f['close'] == f['open'] + 1:
            out[f['open']] = '{' + body + '\n'
        else:
            out[f['open'] + 1] = body + '\n'
    return out


def compile_prog(args, src, exe):
    cmd = [args.cc, '-std=gnu11', '-w', '-O1', '-g',
           '-Werror=implicit-function-declaration', '-finstrument-functions',
           '-I', args.shim, '-I', args.include,
           '-DXA_CHUNK_SHIFT=%d' % args.shift,
           '-DXKT_MULTI=%d' % args.multi]
    cmd += args.cflags.split()
    cmd += [src, args.env_c, '-o', exe] + args.lib
    cmd += args.ldflags.split()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    return p.returncode, p.stdout


def error_lines(output, src):
    """0-based lines of @src the compiler or the linker rejected."""
    base = os.path.basename(src)
    found = set()
    pat = r'^([^:\n]+):(\d+)(?::\d+: error:|: undefined reference)'
    for m in re.finditer(pat, output, re.M):
        if os.path.basename(m.group(1)) == base:
            found.add(int(m.group(2)) - 1)
    return found


def checks_calls(lines, funcs):
    """The calls made by xarray_checks(), in order, as (name, text)."""
    for f in funcs:
        if f['name'] == 'xarray_checks':
            calls = []
            for k in range(f['open'] + 1, f['close']):
                m = re.match(r'\s*(\w+)\((.*)\);', lines[k])
                if m and m.group(1) != 'printk':
                    calls.append((m.group(1), m.group(0).strip()))
            return calls
    return []


def symbol_offsets(exe):
    """Offset of each function from xarray_checks() in @exe -> name."""
    p = subprocess.run(['nm', exe], stdout=subprocess.PIPE, text=True)
    addr = {}
    for line in p.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in 'tT':
            addr.setdefault(parts[2].split('.')[0], int(parts[0], 16))
    base = addr.get('xarray_checks')
    if base is None:
        return {}
    return {a - base: n for n, a in addr.items()}


def attribute(output, calls, offsets):
    """Per call of xarray_checks(): did it run, hit a stub, fail."""
    per = [{'ran': False, 'unbuilt': False, 'bugs': 0} for _ in calls]
    cur = None
    for line in output.splitlines():
        m = re.match(r'# call \+(-?\d+)$', line)
        if m:
            name = offsets.get(int(m.group(1)))
            nxt = None
            for i in range((cur + 1) if cur is not None else 0, len(calls)):
                if calls[i][0] == name:
                    nxt = i
                    break
            if nxt is not None:
                cur = nxt
                per[cur]['ran'] = True
            continue
        if cur is None:
            continue
        if line.startswith('# not built:'):
            per[cur]['unbuilt'] = True
        elif line.startswith('BUG at '):
            per[cur]['bugs'] += 1
    return per


def closure(name, graph):
    seen, todo = set(), [name]
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        todo.extend(graph.get(n, ()))
    return seen


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--source', help='test_xarray.c (default: look for it)')
    ap.add_argument('--cc', default='cc')
    ap.add_argument('--shim', required=True)
    ap.add_argument('--env-c', required=True)
    ap.add_argument('--include', required=True)
    ap.add_argument('--lib', action='append', required=True)
    ap.add_argument('--shift', type=int, required=True)
    ap.add_argument('--multi', type=int, default=0)
    ap.add_argument('--cflags', default='')
    ap.add_argument('--ldflags', default='')
    ap.add_argument('--label', default='')
    ap.add_argument('--outdir', required=True)
    ap.add_argument('--timeout', type=int, default=300)
    ap.add_argument('--wrapper', default='',
                    help='command line to run the program under (e.g. '
                    'valgrind ... --error-exitcode=99); skips when its '
                    'program is not installed')
    args = ap.parse_args()
    wrapper = args.wrapper.split()
    if wrapper and not shutil.which(wrapper[0]):
        print('SKIP: %s is not installed' % wrapper[0])
        return SKIP

    os.makedirs(args.outdir, exist_ok=True)
    src = find_source(args.source, args.outdir)
    label = args.label or '%d-slot nodes' % (1 << args.shift)
    if not src:
        print('SKIP: the kernel source is absent (tools/install-deps.sh '
              '--kernel, then tools/kernel-port/unpack.sh)')
        return SKIP
    with open(src) as f:
        lines = f.readlines()
    funcs = functions(lines)
    names = {f['name'] for f in funcs}
    graph = {}
    for f in funcs:
        body = ''.join(lines[f['open']:f['close']])
        graph[f['name']] = {w for w in re.findall(r'\b\w+\b', body)
                            if w in names and w != f['name']}

    exe = os.path.join(args.outdir, 'test_xarray')
    rc, out = compile_prog(args, src, exe)
    unmodified = rc == 0
    stubbed = set()
    cur = src
    while rc:
        bad = set()
        for ln in error_lines(out, cur):
            for f in funcs:
                if f['sig_start'] <= ln <= f['close']:
                    bad.add(f['name'])
        bad -= {'xarray_checks'}
        if not bad or bad <= stubbed:
            print(out[-4000:])
            print('FAIL: errors outside the check functions: the '
                  'environment or a file-scope declaration does not build')
            return 1
        stubbed |= bad
        cur = os.path.join(args.outdir, 'test_xarray_derived.c')
        with open(cur, 'w') as f:
            f.writelines(derive(lines, funcs, stubbed))
        rc, out = compile_prog(args, cur, exe)

    try:
        p = subprocess.run(wrapper + [exe], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True,
                           timeout=args.timeout)
        output, code = p.stdout, p.returncode
    except subprocess.TimeoutExpired as e:
        output, code = (e.stdout or b'').decode(errors='replace'), 'timeout'
    with open(os.path.join(args.outdir, 'output.txt'), 'w') as f:
        f.write(output)

    m = re.search(r'XArray: (\d+) of (\d+) tests passed', output)
    calls = checks_calls(lines, funcs)
    per_call = attribute(output, calls, symbol_offsets(exe))
    unbuilt = [c for i, c in enumerate(calls)
               if per_call[i]['unbuilt'] or
               (not per_call[i]['ran'] and closure(c[0], graph) & stubbed)]
    failing = [c for i, c in enumerate(calls)
               if c not in unbuilt and per_call[i]['bugs']]
    bugs = re.findall(r'BUG at (\w+):(\d+)', output)
    # the test's own BUG_ON()s, recorded as violations by the shim
    bug_ons = re.findall(r'# violation \d+: BUG at .*', output)
    print('# kernel file: %s (%s)' % (src, 'unmodified' if unmodified else
                                      'derived copy: %d functions stubbed'
                                      % len(stubbed)))
    for c in unbuilt:
        print('# cannot build: %s' % c[1])
    for c in failing:
        print('# fails: %s' % c[1])
    for b in bugs[:40]:
        print('# BUG at %s:%s' % b)
    if not m:
        print(output[-3000:])
        print('FAIL: [%s] no result line (exit %s)' % (label, code))
        return 1
    passed, run = int(m.group(1)), int(m.group(2))
    print('test_xarray.c [%s]: %d passed, %d failed; xarray_checks() calls: '
          '%d pass, %d fail, %d cannot build (of %d)' %
          (label, passed, run - passed, len(calls) - len(unbuilt) -
           len(failing), len(failing), len(unbuilt), len(calls)))
    # the assertions of calls that could not be built (their stubs
    # stored nothing) may fail; those of every built call must pass
    for b in bug_ons:
        print(b)
    if code not in (0, 1) or failing or bug_ons:
        print('FAIL: [%s] exit %s' % (label, code))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

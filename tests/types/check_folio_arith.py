#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""check_folio_arith.py BUILD_DIR DIR... : no pointer arithmetic on struct folio *.

In the kernel a struct folio overlays several struct page slots, so
`folio + 1` or `folio[i]` does not reach the next pfn's folio. The core
(lib/mm) must walk pfns (pfn_folio()) or pages (folio_page(), nth_page()).

Every C file under each DIR is parsed by clang with the flags the build
uses (BUILD_DIR/compile_commands.json), and its AST (clang -ast-dump=json)
is searched for +, -, +=, -=, ++, -- and [] with a `struct folio *`
operand, in code that lives under one of the DIRs (headers of other
folders are not judged). Prints TAP; a plan of 0 with a SKIP directive when clang is missing.
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

FOLIO_PTR = re.compile(r'^(?:(?:const|volatile) )*struct folio \*(?: ?const)?$')


def is_folio_ptr(node):
	t = node.get('type', {})
	return bool(FOLIO_PTR.match(t.get('desugaredQualType', t.get('qualType', ''))))


class Walker:
	"""Walks a clang JSON AST in print order, tracking file and line.

	clang leaves out a location's file and line when they repeat the
	previous printed location, so they are carried along here."""

	def __init__(self, roots, cwd):
		self.roots = roots
		self.cwd = cwd
		self.file = ''
		self.line = 0
		self.hits = []

	def see(self, loc):
		if not loc:
			return
		if 'spellingLoc' in loc:
			self.see(loc['spellingLoc'])
			self.see(loc.get('expansionLoc'))
			return
		self.file = loc.get('file', self.file)
		self.line = loc.get('line', self.line)

	def ours(self):
		path = os.path.realpath(os.path.join(self.cwd, self.file)) \
			if self.file else ''
		return any(path.startswith(r + os.sep) for r in self.roots)

	def operands(self, node):
		kind = node.get('kind')
		inner = node.get('inner', [])
		if kind == 'BinaryOperator' and node.get('opcode') in ('+', '-'):
			return inner[:2]
		if kind == 'CompoundAssignOperator' and node.get('opcode') in ('+=', '-='):
			return inner[:1]
		if kind == 'UnaryOperator' and node.get('opcode') in ('++', '--'):
			return inner[:1]
		if kind == 'ArraySubscriptExpr':
			return inner[:1]
		return []

	def walk(self, node, judged):
		self.see(node.get('loc'))
		rng = node.get('range', {})
		self.see(rng.get('begin'))
		where = (self.file, self.line)
		self.see(rng.get('end'))
		if judged and any(is_folio_ptr(o) for o in self.operands(node)):
			op = node.get('opcode', '[]')
			path = os.path.relpath(os.path.realpath(
				os.path.join(self.cwd, where[0])))
			self.hits.append('%s:%d: `%s` on struct folio *' %
					 (path, where[1], op))
		for child in node.get('inner', []):
			self.walk(child, judged)

	def walk_tu(self, tu):
		for decl in tu.get('inner', []):
			self.see(decl.get('loc'))
			rng = decl.get('range', {})
			self.see(rng.get('begin'))
			judged = self.ours()
			self.see(rng.get('end'))
			for child in decl.get('inner', []):
				self.walk(child, judged)


def main():
	if len(sys.argv) < 3:
		print(__doc__.strip(), file=sys.stderr)
		return 2
	clang = shutil.which(os.environ.get('CLANG', 'clang'))
	if not clang:
		# A TAP plan of 0 with a SKIP directive: meson counts the test
		# as skipped (exit code 77 is an error under protocol 'tap').
		print('1..0 # SKIP clang not installed')
		return 0
	build = sys.argv[1]
	roots = [os.path.realpath(d) for d in sys.argv[2:]]
	with open(os.path.join(build, 'compile_commands.json')) as f:
		commands = json.load(f)
	seen = {}
	for c in commands:
		src = os.path.realpath(os.path.join(c['directory'], c['file']))
		if src.endswith('.c') and any(src.startswith(r + os.sep) for r in roots):
			seen.setdefault(src, c)
	if not seen:
		print('1..0 # SKIP no C file of %s in %s' % (' '.join(roots), build))
		return 0
	print('1..%d' % len(seen))
	failed = 0
	for n, (src, c) in enumerate(sorted(seen.items()), 1):
		args = c['arguments'] if 'arguments' in c else shlex.split(c['command'])
		keep = []
		skip = False
		for a in args[1:]:
			if skip:
				skip = False
				continue
			if a in ('-o', '-MF', '-MQ', '-MT'):
				skip = True
				continue
			if a in ('-c', '-MD', '-MMD') or a.startswith('-W') or \
			   a.startswith('-fsanitize') or a == src or a == c['file']:
				continue
			keep.append(a)
		cmd = [clang, '-fsyntax-only', '-w', '-Xclang', '-ast-dump=json',
		       *keep, src]
		res = subprocess.run(cmd, cwd=c['directory'], capture_output=True,
				     text=True)
		if res.returncode:
			failed += 1
			print('not ok %d - %s (clang failed)' % (n, src))
			for line in res.stderr.splitlines()[:20]:
				print('# ' + line)
			continue
		w = Walker(roots, c['directory'])
		w.walk_tu(json.loads(res.stdout))
		if w.hits:
			failed += 1
			print('not ok %d - %s' % (n, src))
			for h in w.hits:
				print('# ' + h)
		else:
			print('ok %d - %s' % (n, src))
	return 1 if failed else 0


if __name__ == '__main__':
	sys.exit(main())

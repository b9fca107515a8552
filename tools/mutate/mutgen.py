# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""Mutant generation for lib/mm/*.c with libclang (python3-clang-14).

Every mutant replaces one source range [start, end) of one file with new
text. The ranges come from the parsed AST and its tokens (never from
regular expressions over the C text), so each mutant stays a valid C
expression or statement. Operators (docs/testing.md, "Mutation testing"):

  rel     <  <-> <=,  >  <-> >=,  == <-> !=
  bound   comparison right-hand side +1 and -1; `x + N` / `x - N` -> x
  negate  if/while/?: condition c -> !(c)
  delcall delete a call statement: unlock, put, invalidate, WRITE_ONCE,
          stat/counter increments and decrements
  ret     return value: 0 <-> -errno, true <-> false, expr -> 0/NULL
  flag    a constant in a flag mask (x & F, x | F, x &= ~F) -> 0
"""
import hashlib
import json
import os
import shlex

import clang.cindex as ci

OPERATORS = ("rel", "bound", "negate", "delcall", "ret", "flag")

REL_SWAP = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}
CMP_OPS = ("<", "<=", ">", ">=")
MASK_OPS = ("&", "|", "&=", "|=")
# Substrings of a called name that make a call statement a deletion target.
DELETE_CALL_WORDS = ("unlock", "put", "invalidate", "write_once", "stat",
		     "inc", "dec", "count", "atomic")
ERRNO_SWAP = {"-ENOMEM": "-EBUSY", "-EBUSY": "-ENOMEM", "-EINVAL": "-ENOMEM",
	      "-ENOENT": "-EINVAL", "-EEXIST": "-EINVAL", "-EAGAIN": "-ENOMEM"}


def compile_args(compdb, path):
	"""The compiler arguments of @path from compile_commands.json, for
	libclang: the flags that change parsing (-I, -D, -std, -f...), with
	include paths made absolute."""
	for entry in compdb:
		full = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
		if full != os.path.abspath(path):
			continue
		argv = iter(shlex.split(entry["command"])[1:])
		out = []
		for a in argv:
			if a in ("-o", "-MQ", "-MF", "-MT"):
				next(argv, None)	# and its value
				continue
			if a in ("-c", "-MD", "-MMD") or a.startswith("-fdiagnostics-color") \
					or a.startswith("-Werror") or a == entry["file"]:
				continue
			if a.startswith("-I") and not os.path.isabs(a[2:]):
				a = "-I" + os.path.normpath(os.path.join(entry["directory"], a[2:]))
			out.append(a)
		return out
	raise LookupError(f"{path}: not in compile_commands.json")


class Source:
	"""One file's bytes and its line table."""

	def __init__(self, path, rel):
		self.path = path
		self.rel = rel
		with open(path, "rb") as f:
			self.data = f.read()
		self.digest = hashlib.sha1(self.data).hexdigest()

	def text(self, start, end):
		return self.data[start:end].decode()

	def line_of(self, offset):
		return self.data.count(b"\n", 0, offset) + 1

	def line_text(self, offset):
		b = self.data.rfind(b"\n", 0, offset) + 1
		e = self.data.find(b"\n", offset)
		return self.data[b:e if e >= 0 else len(self.data)].decode()


def _in_file(cursor, src):
	loc = cursor.extent.start
	return loc.file is not None and os.path.abspath(loc.file.name) == src.path


def _extent(cursor):
	return cursor.extent.start.offset, cursor.extent.end.offset


def _tokens(cursor):
	return list(cursor.get_tokens())


def _op_token(cursor, src):
	"""The operator token of a binary operator cursor: the one token
	between its two operands, or None (macro expansions, odd shapes)."""
	kids = list(cursor.get_children())
	if len(kids) != 2 or not all(_in_file(k, src) for k in kids):
		return None, kids
	lend = kids[0].extent.end.offset
	rstart = kids[1].extent.start.offset
	if not lend < rstart:
		return None, kids
	between = [t for t in _tokens(cursor)
		   if lend <= t.extent.start.offset < rstart]
	if len(between) != 1:
		return None, kids
	return between[0], kids


def _is_constant_tokens(toks):
	"""A flag constant: NAME, ~NAME, an integer literal, or ~literal."""
	if toks and toks[0].spelling == "~":
		toks = toks[1:]
	if len(toks) != 1:
		return None
	t = toks[0]
	if t.kind == ci.TokenKind.LITERAL and t.spelling[0].isdigit():
		return t
	if t.kind == ci.TokenKind.IDENTIFIER and t.spelling.isupper() \
			and not t.spelling.startswith("__"):
		return t
	return None


def _delete_target(toks):
	if len(toks) < 3 or toks[0].kind != ci.TokenKind.IDENTIFIER \
			or toks[1].spelling != "(":
		return None
	name = toks[0].spelling.lower()
	if any(w in name for w in DELETE_CALL_WORDS):
		return toks[0].spelling
	return None


class Generator:
	def __init__(self, src, args):
		self.src = src
		self.args = args
		self.found = []

	def add(self, op, start, end, new, func):
		old = self.src.text(start, end)
		if old == new or not old.strip():
			return
		self.found.append(dict(op=op, start=start, end=end, old=old, new=new,
				       func=func))

	def run(self):
		tu = ci.Index.create().parse(self.src.path, args=self.args)
		errors = [d for d in tu.diagnostics if d.severity >= ci.Diagnostic.Error]
		if errors:
			raise RuntimeError(f"{self.src.rel}: {errors[0]}")
		for c in tu.cursor.get_children():
			if c.kind == ci.CursorKind.FUNCTION_DECL and c.is_definition() \
					and _in_file(c, self.src):
				self.walk(c, c)
		return self.found

	def walk(self, cur, func):
		for c in cur.get_children():
			if _in_file(c, self.src):
				self.visit(c, func)
			self.walk(c, func)

	def visit(self, c, func):
		k = c.kind
		name = func.spelling
		if k in (ci.CursorKind.BINARY_OPERATOR,
			 ci.CursorKind.COMPOUND_ASSIGNMENT_OPERATOR):
			self.binary(c, name)
		elif k in (ci.CursorKind.IF_STMT, ci.CursorKind.WHILE_STMT,
			   ci.CursorKind.CONDITIONAL_OPERATOR):
			kids = list(c.get_children())
			if kids and _in_file(kids[0], self.src) \
					and self.written(c, kids[0]):
				s, e = _extent(kids[0])
				self.add("negate", s, e, "!(" + self.src.text(s, e) + ")", name)
		elif k == ci.CursorKind.COMPOUND_STMT:
			self.compound(c, name)
		elif k == ci.CursorKind.RETURN_STMT:
			self.ret(c, func)

	def written(self, stmt, cond):
		"""Whether @stmt's condition @cond is written in the file: an if
		or while that a macro's expansion brings (check_report() and the
		like) maps its whole extent, condition too, onto the invocation,
		and negating that text would not build."""
		if _extent(stmt) == _extent(cond):
			return False
		if stmt.kind == ci.CursorKind.CONDITIONAL_OPERATOR:
			return True
		word = "if" if stmt.kind == ci.CursorKind.IF_STMT else "while"
		s, e = _extent(stmt)
		return self.src.text(s, e).startswith(word)

	def binary(self, c, name):
		tok, kids = _op_token(c, self.src)
		if tok is None:
			return
		op = tok.spelling
		ts, te = _extent(tok)
		if op in REL_SWAP:
			self.add("rel", ts, te, REL_SWAP[op], name)
		if op in CMP_OPS and kids[1].type.get_canonical().kind != ci.TypeKind.POINTER:
			s, e = _extent(kids[1])
			rhs = self.src.text(s, e)
			self.add("bound", s, e, "(" + rhs + " + 1)", name)
			self.add("bound", s, e, "(" + rhs + " - 1)", name)
		if op in ("+", "-") and kids[1].kind == ci.CursorKind.INTEGER_LITERAL \
				and c.type.get_canonical().kind != ci.TypeKind.POINTER:
			s, e = _extent(c)
			ls, le = _extent(kids[0])
			self.add("bound", s, e, "(" + self.src.text(ls, le) + ")", name)
		if op in MASK_OPS:
			for side in kids if op in ("&", "|") else kids[1:]:
				t = _is_constant_tokens(_tokens(side))
				if t is not None and t.spelling not in ("0", "0U", "0UL"):
					s, e = _extent(t)
					self.add("flag", s, e, "0", name)

	def compound(self, c, name):
		toks = _tokens(c)
		for stmt in c.get_children():
			if not _in_file(stmt, self.src):
				continue
			s, e = _extent(stmt)
			callee = _delete_target([t for t in toks
						 if s <= t.extent.start.offset < e])
			if callee is None:
				continue
			semi = next((t for t in toks if t.extent.start.offset >= e), None)
			if semi is None or semi.spelling != ";":
				continue
			self.add("delcall", s, semi.extent.end.offset, ";", name)

	def ret(self, c, func):
		kids = list(c.get_children())
		if not kids or not _in_file(kids[0], self.src):
			return
		s, e = _extent(kids[0])
		text = self.src.text(s, e).strip()
		rtype = func.result_type.get_canonical().kind
		name = func.spelling
		if rtype == ci.TypeKind.BOOL:
			if text in ("true", "false"):
				self.add("ret", s, e, "false" if text == "true" else "true", name)
			else:
				self.add("ret", s, e, "!(" + text + ")", name)
		elif rtype == ci.TypeKind.POINTER:
			if text != "NULL":
				self.add("ret", s, e, "NULL", name)
		elif rtype in (ci.TypeKind.INT, ci.TypeKind.LONG):
			if text == "0":
				self.add("ret", s, e, "-EINVAL", name)
			elif text.startswith("-E"):
				self.add("ret", s, e, "0", name)
				if text in ERRNO_SWAP:
					self.add("ret", s, e, ERRNO_SWAP[text], name)
			else:
				self.add("ret", s, e, "0", name)


def mutant_id(src, m):
	"""A name that survives edits elsewhere in the file: the file, the
	function, the operator, the line's text and the replacement."""
	key = "|".join((src.rel, m["func"], m["op"], src.line_text(m["start"]).strip(),
			m["old"], m["new"]))
	return hashlib.sha1(key.encode()).hexdigest()[:10]


def generate(top, builddir, files):
	"""All mutants of @files (paths relative to @top), sorted by file and
	offset; each a dict with id, file, line, op, func, start, end, old,
	new, digest (of the unmutated file)."""
	with open(os.path.join(builddir, "compile_commands.json")) as f:
		compdb = json.load(f)
	out = []
	for rel in files:
		src = Source(os.path.join(top, rel), rel)
		src.path = os.path.abspath(src.path)
		found = Generator(src, compile_args(compdb, src.path)).run()
		seen = {}
		for m in sorted(found, key=lambda m: (m["start"], m["end"], m["op"], m["new"])):
			mid = mutant_id(src, m)
			seen[mid] = seen.get(mid, 0) + 1
			if seen[mid] > 1:
				mid = f"{mid}.{seen[mid]}"
			m.update(id=mid, file=rel, line=src.line_of(m["start"]),
				 digest=src.digest)
			out.append(m)
	# a range listed twice (a nested cursor with the same extent) is one mutant
	uniq, keys = [], set()
	for m in out:
		k = (m["file"], m["start"], m["end"], m["new"])
		if k not in keys:
			keys.add(k)
			uniq.append(m)
	return uniq


def original(top, m):
	"""The bytes of @m's file, unmutated."""
	with open(os.path.join(top, m["file"]), "rb") as f:
		return f.read()


def apply(top, m, data=None):
	"""The mutated bytes of @m's file (of @data, its unmutated bytes,
	when given)."""
	if data is None:
		data = original(top, m)
	if hashlib.sha1(data).hexdigest() != m["digest"]:
		raise RuntimeError(f"{m['file']} changed since the mutants were listed")
	return data[:m["start"]] + m["new"].encode() + data[m["end"]:]


def patch(top, m):
	"""@m as a unified diff that `patch -p1` or `git apply` takes."""
	import difflib
	with open(os.path.join(top, m["file"]), "rb") as f:
		before = f.read().decode().splitlines(keepends=True)
	after = apply(top, m).decode().splitlines(keepends=True)
	return "".join(difflib.unified_diff(before, after, "a/" + m["file"],
					    "b/" + m["file"], n=3))

# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""A small C tokenizer for the source checks of tests/lint.

tokens(text) yields Token(kind, text, line) for every identifier,
number, string or character literal, punctuator and preprocessor
directive of a C file. Comments are dropped, line splices (backslash
newline) are joined, and the body of a string or character literal is
never seen as identifiers. A directive (`#include <stdio.h>`) comes out
as one token of kind 'directive' followed by the tokens of its line, so
a check can tell `#include <x.h>` from code and still see the names in a
`#define`.
"""
import collections
import re

Token = collections.namedtuple('Token', 'kind text line')

_IDENT = re.compile(r'[A-Za-z_][A-Za-z0-9_]*')
_NUMBER = re.compile(r'\.?[0-9](?:[eEpP][+-]|[A-Za-z0-9_.])*')
_PUNCT = re.compile(r'\.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||'
		    r'[-+*/%&|^!=<>]=|##|[][(){}.,;:?~#+\-*/%&|^!=<>]')
_HEADER = re.compile(r'<[^>\n]*>|"[^"\n]*"')


def _literal_end(text, i, quote, line):
	"""Index after the literal opened by @quote at @i."""
	j = i + 1
	while j < len(text):
		c = text[j]
		if c == '\\':
			j += 2
			continue
		if c == quote:
			return j + 1
		if c == '\n':
			raise SyntaxError(f'line {line}: unterminated {quote} literal')
		j += 1
	raise SyntaxError(f'line {line}: unterminated {quote} literal')


def tokens(text):
	"""Yield the tokens of C source @text (see the module comment)."""
	text = text.replace('\\\r\n', '').replace('\\\n', '\x00')
	i, line, n = 0, 1, len(text)
	at_line_start = True
	in_directive = False
	after_include = False
	while i < n:
		c = text[i]
		if c == '\x00':		# a joined line splice: count the line
			line += 1
			i += 1
			continue
		if c == '\n':
			line += 1
			i += 1
			at_line_start = True
			in_directive = False
			continue
		if c in ' \t\r\f\v':
			i += 1
			continue
		if text.startswith('//', i):
			while i < n and text[i] != '\n':
				if text[i] == '\x00':
					line += 1
				i += 1
			continue
		if text.startswith('/*', i):
			end = text.find('*/', i + 2)
			if end < 0:
				raise SyntaxError(f'line {line}: unterminated comment')
			line += text.count('\n', i, end) + text.count('\x00', i, end)
			i = end + 2
			continue
		if c == '#' and at_line_start:
			m = _IDENT.match(text, i + 1 + len(text[i + 1:]) -
					 len(text[i + 1:].lstrip(' \t')))
			name = m.group(0) if m else ''
			yield Token('directive', name, line)
			in_directive = True
			after_include = name == 'include'
			i = m.end() if m else i + 1
			at_line_start = False
			continue
		at_line_start = False
		if after_include:
			after_include = False
			m = _HEADER.match(text, i)
			if m:
				yield Token('header', m.group(0), line)
				i = m.end()
				continue
		m = _IDENT.match(text, i)
		if m:
			word = m.group(0)
			# An encoding prefix belongs to its literal: L"x", u8'x'.
			if word in ('L', 'u', 'U', 'u8') and m.end() < n and \
			   text[m.end()] in '"\'':
				i = m.end()
				continue
			yield Token('ident', word, line)
			i = m.end()
			continue
		if c in '"\'':
			end = _literal_end(text, i, c, line)
			yield Token('string' if c == '"' else 'char',
				    text[i:end], line)
			i = end
			continue
		m = _NUMBER.match(text, i)
		if m:
			yield Token('number', m.group(0), line)
			i = m.end()
			continue
		m = _PUNCT.match(text, i)
		if m:
			yield Token('punct', m.group(0), line)
			i = m.end()
			continue
		raise SyntaxError(f'line {line}: stray character {c!r}')

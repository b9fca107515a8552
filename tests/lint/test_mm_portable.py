#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""test_mm_portable: lib/mm uses no libc and no simulation names.

Usage: test_mm_portable.py [--expect-fail] [--pending LIST] FILE_OR_DIR...

Every C token of lib/mm/*.[ch] (tests/lint/c_tokens.py: comments and
string literals are skipped, so "fprintf" in a comment is no finding) is
checked against three rules:

  include  a file includes only "kernel/...", "mm/...", <libgcma/...>
           and "libgcma-config.h": no C library header (the kernel has
           none; lib/kernel/ maps what the core may use)
  libc     no C library name the kernel lacks (stdio, malloc/free,
           pthread_*, errno, assert, abort, time, rand, C11 atomics...),
           used as a function (a name followed by '(') or as a type or
           object (FILE, stderr, errno, pthread_*); a struct member
           (.free, ->free) or a local variable of that name is fine. What
           the kernel has (memcpy, memset, strcmp, strlen, snprintf,
           sscanf...) is allowed.
  sim      no identifier starting with sim_/SIM_, except the port macros
           of lib/kernel/port.h (sim_cost, sim_cost_wait, sim_defect,
           sim_fault_class) and the SIM_* constants in their arguments,
           and in those of contig_blame_wait() (also of port.h).

With --pending, findings on LIST (tests/lint/mm_portable_pending.txt:
names other work of issue 12 moves out of lib/mm) are ignored; an entry
that matches nothing is noted, so that it gets dropped.

Exit 0 when clean; 1 with one line per finding ("file:line: rule: what").
With --expect-fail the sense is reversed (exit 0 only if something was
found): the planted fixtures of tests/lint/planted/ use it to show the
check can fail.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import c_tokens  # noqa: E402

# Port macros of lib/kernel/port.h whose names start with sim_, and the
# one whose arguments name a SIM_COST_* event.
PORT_MACROS = {'sim_cost', 'sim_cost_wait', 'sim_defect', 'sim_fault_class',
               'contig_blame_wait'}

ALLOWED_INCLUDE_PREFIXES = ('"kernel/', '"mm/', '<libgcma/')
ALLOWED_INCLUDES = {'"libgcma-config.h"'}

# Names a C library has and the kernel does not.
LIBC_FUNCTIONS = set('''
	printf fprintf vprintf vfprintf dprintf fputs fputc putc putchar puts
	fwrite fread fflush fopen fclose fdopen freopen open_memstream fmemopen
	perror getline getc getchar fgets fgetc scanf fscanf vscanf setvbuf
	setbuf tmpfile remove rename fileno fseek ftell rewind
	malloc calloc realloc free reallocarray aligned_alloc posix_memalign
	valloc memalign abort exit _exit atexit at_quick_exit quick_exit getenv
	setenv unsetenv putenv system atoi atol atoll strtol strtoll strtoul
	strtoull strtod strtof rand srand random srandom rand_r drand48
	lrand48 qsort strdup strndup strtok strtok_r strerror strerror_r
	time clock clock_gettime gettimeofday nanosleep sleep usleep localtime
	gmtime strftime mktime difftime sched_yield getpid gettid syscall
	sysconf mmap munmap mprotect madvise signal raise sigaction setjmp
	longjmp sem_init sem_destroy sem_wait sem_trywait sem_post
	atomic_load atomic_store atomic_exchange atomic_compare_exchange_strong
	atomic_compare_exchange_weak atomic_fetch_add atomic_fetch_sub
	atomic_fetch_or atomic_fetch_and atomic_fetch_xor atomic_thread_fence
	atomic_load_explicit atomic_store_explicit
'''.split())
# Types, objects and keywords of a C library, wherever they appear.
LIBC_NAMES = set('''
	FILE stdin stdout stderr errno assert _Atomic _Thread_local __thread
	thread_local jmp_buf sig_atomic_t memory_order_relaxed
	memory_order_acquire memory_order_release memory_order_acq_rel
	memory_order_seq_cst
'''.split())
LIBC_PREFIXES = ('pthread_', 'PTHREAD_', 'thrd_', 'mtx_', 'cnd_')


def is_sim_name(word):
	return word.lower().startswith('sim_')


def check_file(path):
	"""Findings of one file, as strings."""
	with open(path, encoding='utf-8') as f:
		toks = list(c_tokens.tokens(f.read()))
	found = []
	port_depth = []		# paren depths at which a port macro's args end
	depth = 0
	for i, t in enumerate(toks):
		prev = toks[i - 1].text if i else ''
		nxt = toks[i + 1].text if i + 1 < len(toks) else ''
		if t.kind == 'header':
			if not (t.text.startswith(ALLOWED_INCLUDE_PREFIXES) or
				t.text in ALLOWED_INCLUDES):
				found.append(f'{path}:{t.line}: include: {t.text}')
			continue
		if t.kind == 'punct':
			if t.text == '(':
				depth += 1
			elif t.text == ')':
				depth -= 1
				while port_depth and depth < port_depth[-1]:
					port_depth.pop()
			continue
		if t.kind != 'ident':
			continue
		w = t.text
		member = prev in ('.', '->')
		if w in PORT_MACROS and nxt == '(':
			port_depth.append(depth + 1)
			continue
		if is_sim_name(w) and not (port_depth and w.startswith('SIM_')):
			found.append(f'{path}:{t.line}: sim: {w}')
			continue
		if member or prev in ('struct', 'union', 'enum'):
			continue
		if (w in LIBC_NAMES or w.startswith(LIBC_PREFIXES) or
		    (w in LIBC_FUNCTIONS and nxt == '(')):
			found.append(f'{path}:{t.line}: libc: {w}')
	return found


def load_pending(path):
	"""The (basename, name) pairs of the pending list; name may be '*'."""
	pending = set()
	with open(path, encoding='utf-8') as f:
		for line in f:
			words = line.split('#', 1)[0].split()
			if len(words) == 2:
				pending.add((words[0], words[1]))
	return pending


def pending_match(pending, finding, used):
	"""Is @finding ("path:line: rule: name") on the pending list?"""
	path, _, rest = finding.partition(':')
	name = rest.rsplit(': ', 1)[-1]
	for key in ((os.path.basename(path), name),
		    (os.path.basename(path), '*')):
		if key in pending:
			used.add(key)
			return True
	return False


def sources(args):
	for a in args:
		if os.path.isdir(a):
			for name in sorted(os.listdir(a)):
				if name.endswith(('.c', '.h')):
					yield os.path.join(a, name)
		else:
			yield a


def main(argv):
	expect_fail = '--expect-fail' in argv
	args = [a for a in argv if a != '--expect-fail']
	pending = set()
	if '--pending' in args:
		k = args.index('--pending')
		if k + 1 >= len(args):
			print('--pending needs a file', file=sys.stderr)
			return 2
		pending = load_pending(args[k + 1])
		del args[k:k + 2]
	used = set()
	if not args:
		print(__doc__.split('\n\n')[1], file=sys.stderr)
		return 2
	found = []
	for path in sources(args):
		try:
			found += check_file(path)
		except SyntaxError as e:
			found.append(f'{path}: cannot tokenize: {e}')
	found = [x for x in found if not pending_match(pending, x, used)]
	for key in sorted(pending - used):
		print(f'note: pending entry "{key[0]} {key[1]}" matches nothing;'
		      ' drop it from mm_portable_pending.txt')
	for line in found:
		print(line)
	if expect_fail:
		if not found:
			print('expected findings, found none')
		return 0 if found else 1
	if not found:
		print(f'clean: {", ".join(args)}')
	return 1 if found else 0


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))

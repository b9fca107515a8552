// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Machines' memmaps copied at a fork, not shared copy-on-write.
 *
 * After fork() the parent and the child share every private page
 * write-protected, and each goes on writing its own machine: every
 * memmap page either writes first costs a copy-on-write fault (a copy,
 * a TLB flush, on a virtual machine an expensive exit), and the other's
 * first write a second fault. A warmed-up 800 MiB machine's 12.5 MiB
 * memmap took about 3,500 such faults on each side; a 16 GiB machine's
 * 256 MiB, 65,536. The memmap is resident and written all over, so
 * copying it at once is cheaper: the child copies each registered
 * memmap into fresh memory, 2 MiB at a time (transparent huge pages stay
 * huge, and at most 2 MiB more is resident at any time), and moves the
 * copy over the original with mremap(); the parent, whose pages nobody
 * else maps then, waits for that and makes them writable again in one
 * madvise(MADV_POPULATE_WRITE) call, which reuses them without copying.
 * The contents are identical on both sides, so nothing a machine sees
 * changes; where a step fails, the rest stays shared copy-on-write, as
 * without this file.
 *
 * Only memmaps are registered: page data (data mode) is touched sparsely
 * and a copy would make all of it resident.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "platform/internal.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23
#endif

static pthread_mutex_t fork_copy_lock = PTHREAD_MUTEX_INITIALIZER;
static LIST_HEAD(fork_copy_list);

/**
 * sim_fork_copy_add() - copy a mapping at each sim_fork() from now on.
 * @fc: the registration, in the mapping's owner; @fc->addr and
 *	@fc->bytes set to a private anonymous mapping (whole pages).
 *
 * Context: Process context; not during sim_fork().
 * Return: nothing.
 */
void sim_fork_copy_add(struct sim_fork_copy *fc)
{
	pthread_mutex_lock(&fork_copy_lock);
	list_add_tail(&fc->node, &fork_copy_list);
	pthread_mutex_unlock(&fork_copy_lock);
}

/**
 * sim_fork_copy_del() - stop copying a mapping (before it is unmapped).
 * @fc: a registration sim_fork_copy_add() took.
 *
 * Context: Process context; not during sim_fork().
 * Return: nothing.
 */
void sim_fork_copy_del(struct sim_fork_copy *fc)
{
	pthread_mutex_lock(&fork_copy_lock);
	list_del_init(&fc->node);
	pthread_mutex_unlock(&fork_copy_lock);
}

/**
 * sim_fork_copy_prepare() - hold the registry across fork().
 * @pipefd: where to make the pipe the child reports on; both -1 if none
 *	could be made (nothing is copied then).
 *
 * Context: Process context, the thread about to fork.
 * Return: nothing.
 */
void sim_fork_copy_prepare(int pipefd[2])
{
	pthread_mutex_lock(&fork_copy_lock);
	if (list_empty(&fork_copy_list) || pipe(pipefd)) {
		pipefd[0] = -1;
		pipefd[1] = -1;
	}
}

/*
 * Replace [@addr, @addr + @bytes) by a private copy: a staging mapping
 * with the same offset in a 2 MiB page, filled and moved over the
 * original a chunk at a time. Return: 0, or -errno where it stopped (the
 * part not yet moved stays the shared original).
 */
static int fork_copy_one(char *addr, size_t bytes)
{
	uintptr_t skew = (uintptr_t)addr & (SIM_HUGE_BYTES - 1);
	size_t len = bytes + SIM_HUGE_BYTES;
	char *raw, *stage;
	size_t off = 0;
	int ret = 0;

	raw = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return -errno;
	stage = (char *)(ALIGN((uintptr_t)raw, SIM_HUGE_BYTES) + skew);
	if (stage >= raw + SIM_HUGE_BYTES)
		stage -= SIM_HUGE_BYTES;
	madvise(stage, bytes, MADV_HUGEPAGE);
	while (off < bytes) {
		uintptr_t next = ALIGN((uintptr_t)addr + off + 1,
				       SIM_HUGE_BYTES);
		size_t n = min((size_t)(next - (uintptr_t)addr), bytes) - off;

		memcpy(stage + off, addr + off, n);
		if (mremap(stage + off, n, n, MREMAP_MAYMOVE | MREMAP_FIXED,
			   addr + off) == MAP_FAILED) {
			ret = -errno;
			break;
		}
		off += n;
	}
	/* What is left of the staging mapping: its slack, or an unmoved rest. */
	munmap(raw, stage + off - raw);
	if (stage + bytes < raw + len)
		munmap(stage + bytes, raw + len - (stage + bytes));
	if (off < bytes)
		munmap(stage + off, bytes - off);
	return ret;
}

/**
 * sim_fork_copy_child() - in a new child: copy every registered mapping.
 * @pipefd: what sim_fork_copy_prepare() made.
 *
 * Context: Process context, the only thread of a child of fork(), before
 * anything else runs in it.
 * Return: nothing; the parent is told when it is done (or the child
 * stopped trying).
 */
void sim_fork_copy_child(int pipefd[2])
{
	struct sim_fork_copy *fc;

	if (pipefd[0] >= 0) {
		close(pipefd[0]);
		list_for_each_entry(fc, &fork_copy_list, node)
			if (fork_copy_one(fc->addr, fc->bytes))
				break;
		(void)!write(pipefd[1], "", 1);
		close(pipefd[1]);
	}
	pthread_mutex_unlock(&fork_copy_lock);
}

/**
 * sim_fork_copy_parent() - in the parent: wait for the child's copies,
 *	then take the registered mappings back writable.
 * @pipefd: what sim_fork_copy_prepare() made.
 * @forked: fork() made a child.
 *
 * Context: Process context, the thread that forked.
 * Return: nothing.
 */
void sim_fork_copy_parent(int pipefd[2], bool forked)
{
	struct sim_fork_copy *fc;
	char c;

	if (pipefd[0] >= 0) {
		close(pipefd[1]);
		/* One byte when done; 0 (end of file) if the child died. */
		while (forked && read(pipefd[0], &c, 1) < 0 && errno == EINTR)
			;
		close(pipefd[0]);
		if (forked)
			list_for_each_entry(fc, &fork_copy_list, node)
				madvise(fc->addr, fc->bytes,
					MADV_POPULATE_WRITE);
	}
	pthread_mutex_unlock(&fork_copy_lock);
}

/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Walking a list that bad input may have corrupted (kernel shim, in the
 * spirit of CONFIG_DEBUG_LIST's link checks).
 *
 * A page descriptor's lru links whichever list its owner keeps it on: a
 * buddy free list, a cleancache pool, the cleancache LRU, a page-cache
 * LRU. A caller that links a page it does not own (donating a free page,
 * say) splices two lists together, and a plain list_for_each() of either
 * may then never come back to its head. Every walker of such a list (the
 * checkers, the digest, the dumps, the calls that walk a caller's list)
 * uses list_for_each_checked() instead: it stops at the first node whose
 * ->prev does not point at the node it was reached from, and after @max
 * nodes; list_walk_broken() then says so, and the walker reports a
 * violation and returns. A well-formed list costs one extra load per
 * node.
 *
 * A walk that follows consistent links cannot loop without passing its
 * head again (the first node seen twice would have two ->prev), so the
 * link test alone ends every cycle; @max (the machine's pages, say)
 * bounds what the test cannot see.
 */
#ifndef _KSHIM_LIST_WALK_H
#define _KSHIM_LIST_WALK_H

#include <libgcma/list.h>

/**
 * list_for_each_checked - list_for_each() that stops at a broken link.
 * @pos: the node (struct list_head *).
 * @prev: the node @pos was reached from (struct list_head *).
 * @head: the list.
 * @n: an unsigned long counting the nodes visited.
 * @max: stop after this many nodes.
 */
#define list_for_each_checked(pos, prev, head, n, max)			\
	for ((prev) = (head), (pos) = (head)->next, (n) = 0;		\
	     (pos) != (head) && (pos)->prev == (prev) && (n) < (max);	\
	     (prev) = (pos), (pos) = (pos)->next, (n)++)

/**
 * list_walk_broken - did a list_for_each_checked() walk stop early?
 * @pos: its node after the loop.
 * @prev: its previous node after the loop.
 * @head: the list.
 *
 * Return: true if the walk did not end at @head with the head's ->prev
 * pointing back at the last node (a broken link, or @max reached).
 */
#define list_walk_broken(pos, prev, head)				\
	((pos) != (head) || (head)->prev != (prev))

/**
 * list_for_each_prev_checked - list_for_each_prev() that stops at a
 *	broken link: the same walk from the tail, by ->prev.
 * @pos: the node (struct list_head *).
 * @next: the node @pos was reached from (struct list_head *).
 * @head: the list.
 * @n: an unsigned long counting the nodes visited.
 * @max: stop after this many nodes.
 */
#define list_for_each_prev_checked(pos, next, head, n, max)		\
	for ((next) = (head), (pos) = (head)->prev, (n) = 0;		\
	     (pos) != (head) && (pos)->next == (next) && (n) < (max);	\
	     (next) = (pos), (pos) = (pos)->prev, (n)++)

/**
 * list_walk_prev_broken - did a list_for_each_prev_checked() walk stop
 *	early?
 * @pos: its node after the loop.
 * @next: its next node after the loop.
 * @head: the list.
 *
 * Return: true if the walk did not end at @head with the head's ->next
 * pointing back at the last node (a broken link, or @max reached).
 */
#define list_walk_prev_broken(pos, next, head)				\
	((pos) != (head) || (head)->next != (next))

#endif /* _KSHIM_LIST_WALK_H */

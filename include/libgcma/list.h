/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Doubly linked circular lists with the kernel's names and semantics.
 *
 * Public because the kernel API libgcma models passes lists across it
 * (cleancache_backend_put_folios() takes a list of folios linked by
 * folio->lru). No locking: the caller serialises updates.
 *
 * Every store of a ->next pointer is a relaxed atomic store and
 * list_empty() a relaxed atomic load, as the kernel's WRITE_ONCE() and
 * READ_ONCE() there: a list head may be peeked at without its lock (an
 * empty-list check before taking it), and a folio's lru.next is also its
 * compound_head word, which page_folio() reads from any thread. Plain
 * stores would be data races (ThreadSanitizer reports them, KCSAN would).
 */
#ifndef _LIBGCMA_LIST_H
#define _LIBGCMA_LIST_H

#include <libgcma/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct list_head {
	struct list_head *next, *prev;
};

/* Values left in a deleted entry: dereferencing them faults. */
#define LIST_POISON1	((struct list_head *)0x100)
#define LIST_POISON2	((struct list_head *)0x122)

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

/* __list_set_next - @list->next = @next, for lockless readers. */
static inline void __list_set_next(struct list_head *list,
				   struct list_head *next)
{
	__atomic_store_n(&list->next, next, __ATOMIC_RELAXED);
}

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	__list_set_next(list, list);
	list->prev = list;
}

static inline void __list_link(struct list_head *entry,
			       struct list_head *prev, struct list_head *next)
{
	next->prev = entry;
	__list_set_next(entry, next);
	entry->prev = prev;
	__list_set_next(prev, entry);
}

/* list_add - insert @entry right after @head (stack order). */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	__list_link(entry, head, head->next);
}

/* list_add_tail - insert @entry right before @head (queue order). */
static inline void list_add_tail(struct list_head *entry, struct list_head *head)
{
	__list_link(entry, head->prev, head);
}

static inline void __list_unlink(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	__list_set_next(entry->prev, entry->next);
}

/* list_del - unlink @entry and poison it. */
static inline void list_del(struct list_head *entry)
{
	__list_unlink(entry);
	__list_set_next(entry, LIST_POISON1);
	entry->prev = LIST_POISON2;
}

/* list_del_init - unlink @entry and leave it an empty list. */
static inline void list_del_init(struct list_head *entry)
{
	__list_unlink(entry);
	INIT_LIST_HEAD(entry);
}

/* list_move - unlink @entry and add it after @head. */
static inline void list_move(struct list_head *entry, struct list_head *head)
{
	__list_unlink(entry);
	list_add(entry, head);
}

/* list_move_tail - unlink @entry and add it before @head. */
static inline void list_move_tail(struct list_head *entry,
				  struct list_head *head)
{
	__list_unlink(entry);
	list_add_tail(entry, head);
}

static inline bool list_empty(const struct list_head *head)
{
	return __atomic_load_n(&head->next, __ATOMIC_RELAXED) == head;
}

static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

static inline void __list_splice_between(struct list_head *list,
					 struct list_head *prev,
					 struct list_head *next)
{
	struct list_head *first = list->next, *last = list->prev;

	first->prev = prev;
	__list_set_next(prev, first);
	__list_set_next(last, next);
	next->prev = last;
}

/* list_splice_init - move every entry of @list to the front of @head. */
static inline void list_splice_init(struct list_head *list,
				    struct list_head *head)
{
	if (list_empty(list))
		return;
	__list_splice_between(list, head, head->next);
	INIT_LIST_HEAD(list);
}

/* list_splice_tail_init - move every entry of @list to the back of @head. */
static inline void list_splice_tail_init(struct list_head *list,
					 struct list_head *head)
{
	if (list_empty(list))
		return;
	__list_splice_between(list, head->prev, head);
	INIT_LIST_HEAD(list);
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) \
	list_entry((head)->next, type, member)
#define list_last_entry(head, type, member) \
	list_entry((head)->prev, type, member)
#define list_first_entry_or_null(head, type, member) \
	(list_empty(head) ? NULL : list_first_entry(head, type, member))
#define list_next_entry(pos, member) \
	list_entry((pos)->member.next, __typeof__(*(pos)), member)

#define list_for_each(pos, head) \
	for (pos = (head)->next; pos != (head); pos = pos->next)

#define list_for_each_entry(pos, head, member)				\
	for (pos = list_first_entry(head, __typeof__(*pos), member);	\
	     &pos->member != (head);					\
	     pos = list_next_entry(pos, member))

#define list_for_each_entry_safe(pos, n, head, member)			\
	for (pos = list_first_entry(head, __typeof__(*pos), member),	\
	     n = list_next_entry(pos, member);				\
	     &pos->member != (head);					\
	     pos = n, n = list_next_entry(n, member))

/* list_count_nodes - number of entries on @head; O(n). */
static inline size_t list_count_nodes(const struct list_head *head)
{
	const struct list_head *pos;
	size_t n = 0;

	for (pos = head->next; pos != head; pos = pos->next)
		n++;
	return n;
}

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_LIST_H */

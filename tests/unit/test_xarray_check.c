// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * xa_check() finds what it promises to find: each test builds a small
 * tree, corrupts one field of one node on purpose, asserts the checker
 * returns -EUCLEAN with the expected description, then puts the field
 * back and asserts the checker is clean again.
 *
 * The three-level tree most tests use (CHUNK slots a node):
 *
 *   root (shift 2 * XA_CHUNK_SHIFT)
 *     slot 0: mid (shift XA_CHUNK_SHIFT)
 *               slot 0: leaf  -> indexes 0, 1
 *               slot 1: leaf1 -> index CHUNK
 *     slot 1: (a node)        -> index CHUNK * CHUNK
 */
#include "xa_test.h"

static int setup(void **state)
{
	return xa_test_setup(state, 1);
}

static long objs[4];

struct tree {
	struct xarray xa;
	struct xa_node *root, *mid, *leaf;
};

static void build(struct tree *t, unsigned int flags)
{
	xa_init_flags(&t->xa, flags);
	assert_null(xa_store(&t->xa, 0, &objs[0], GFP_KERNEL));
	assert_null(xa_store(&t->xa, 1, &objs[1], GFP_KERNEL));
	assert_null(xa_store(&t->xa, CHUNK, &objs[2], GFP_KERNEL));
	assert_null(xa_store(&t->xa, CHUNK * CHUNK, &objs[3], GFP_KERNEL));
	t->root = xa_to_node(t->xa.xa_head);
	assert_int_equal(t->root->shift, 2 * XA_CHUNK_SHIFT);
	t->mid = xa_to_node(t->root->slots[0]);
	t->leaf = xa_to_node(t->mid->slots[0]);
	assert_int_equal(t->leaf->shift, 0);
}

static void destroy(struct tree *t)
{
	xa_destroy(&t->xa);
	test_rcu_drain();
	assert_int_equal(xa_node_nr_live() - nodes_base, 0);
}

/* XA_FINDS(t, msg) - xa_check() fails and describes @msg. */
#define XA_FINDS(t, msg)	__xa_finds((t), (msg), __FILE__, __LINE__)

static void __xa_finds(struct tree *t, const char *msg, const char *file,
		       int line)
{
	struct xa_check_stats st;
	char buf[192];
	int ret = xa_check(&t->xa, &st, NULL, NULL, buf, sizeof(buf));

	if (ret != -EUCLEAN || !strstr(buf, msg)) {
		print_error("%s:%d: xa_check() = %d \"%s\", want \"%s\"\n",
			    file, line, ret, buf, msg);
		_fail(file, line);
	}
}

static void xa_clean(struct tree *t)
{
	struct xa_check_stats st;
	char buf[192];

	if (xa_check(&t->xa, &st, NULL, NULL, buf, sizeof(buf)))
		fail_msg("xa_check(): %s", buf);
	assert_int_equal(st.nr_present, 4);
	assert_int_equal(st.height, 3);
}

static void test_head(void **state)
{
	struct tree t = { .root = NULL };
	struct xa_check_stats st;

	xa_init(&t.xa);
	t.xa.xa_head = XA_RETRY_ENTRY;
	XA_FINDS(&t, "internal entry in the head");
	/* No message buffer: the verdict alone. */
	assert_errno(xa_check(&t.xa, &st, NULL, NULL, NULL, 0), -EUCLEAN);
	t.xa.xa_head = NULL;
	assert_errno(xa_check(&t.xa, &st, NULL, NULL, NULL, 0), 0);
}

static void test_links(void **state)
{
	struct tree t;
	struct xarray other;

	build(&t, 0);
	t.mid->array = &other;
	XA_FINDS(&t, "node of another array");
	t.mid->array = &t.xa;

	t.mid->parent = NULL;
	XA_FINDS(&t, "wrong parent pointer");
	t.mid->parent = t.root;

	t.leaf->offset = 3;
	XA_FINDS(&t, "wrong offset in parent");
	t.leaf->offset = 0;

	t.root->offset = 1;
	XA_FINDS(&t, "root offset not 0");
	t.root->offset = 0;
	xa_clean(&t);
	destroy(&t);
}

static void test_shifts(void **state)
{
	struct tree t;

	build(&t, 0);
	t.leaf->shift = 1;
	XA_FINDS(&t, "bad shift");
	t.leaf->shift = 0;

	t.mid->shift = 0;
	XA_FINDS(&t, "shift not one level below parent");
	t.mid->shift = XA_CHUNK_SHIFT;
	xa_clean(&t);
	destroy(&t);
}

static void test_slots(void **state)
{
	struct tree t;
	void *a, *b;

	build(&t, 0);
	t.leaf->slots[1] = XA_RETRY_ENTRY;
	XA_FINDS(&t, "internal entry in a leaf");
	t.leaf->slots[1] = &objs[1];

	/* sibling slots follow their multi-index entry, unmarked */
	t.leaf->slots[2] = xa_mk_sibling(0);
	t.leaf->count++;
	XA_FINDS(&t, "stray sibling entry");
	t.leaf->slots[2] = xa_mk_sibling(1);
	t.leaf->marks[XA_MARK_1] |= 1UL << 2;
	XA_FINDS(&t, "mark on a sibling slot");
	t.leaf->marks[XA_MARK_1] &= ~(1UL << 2);
	t.leaf->slots[2] = NULL;
	t.leaf->count--;

	t.leaf->count++;
	XA_FINDS(&t, "count does not match slots");
	t.leaf->count--;

	a = t.leaf->slots[0];
	b = t.leaf->slots[1];
	t.leaf->slots[0] = t.leaf->slots[1] = NULL;
	t.leaf->count = 0;
	XA_FINDS(&t, "empty node left in the tree");
	t.leaf->slots[0] = a;
	t.leaf->slots[1] = b;
	t.leaf->count = 2;

	/* A root whose only child is in slot 0 should have been shrunk. */
	a = t.root->slots[1];
	t.root->slots[1] = NULL;
	t.root->count = 1;
	XA_FINDS(&t, "root should have been shrunk");
	t.root->slots[1] = a;
	t.root->count = 2;
	xa_clean(&t);
	destroy(&t);
}

static void test_free_bitmaps(void **state)
{
	struct tree t;

	build(&t, 0);
	t.leaf->free = 1;
	XA_FINDS(&t, "free bitmap on a non-tracking array");
	t.leaf->free = 0;
	xa_clean(&t);
	destroy(&t);

	build(&t, XA_FLAGS_ALLOC);
	xa_clean(&t);
	t.leaf->free ^= 1UL << 1;
	XA_FINDS(&t, "free bitmap wrong");
	t.leaf->free ^= 1UL << 1;
	xa_clean(&t);
	destroy(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, test_teardown_machine)
		T(test_head),
		T(test_links),
		T(test_shifts),
		T(test_slots),
		T(test_free_bitmaps),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

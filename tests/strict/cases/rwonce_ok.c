/* expect: ok */
/* READ_ONCE()/WRITE_ONCE() on the native word sizes and long long. */
#include "kernel/compiler.h"

struct two_words {
	long a, b;
};

long f(void);
long f(void)
{
	static char c;
	static unsigned short s;
	static int i;
	static unsigned long l;
	static long long ll;
	static bool b;
	static void *p;

	WRITE_ONCE(c, 1);
	WRITE_ONCE(s, 2);
	WRITE_ONCE(i, 3);
	WRITE_ONCE(l, 4UL);
	WRITE_ONCE(ll, 5);
	WRITE_ONCE(b, true);
	WRITE_ONCE(p, &i);
	return READ_ONCE(c) + READ_ONCE(s) + READ_ONCE(i) + (long)READ_ONCE(l) +
	       (long)READ_ONCE(ll) + READ_ONCE(b) + (READ_ONCE(p) != NULL);
}

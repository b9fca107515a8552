/* expect: error Unsupported access size */
/* READ_ONCE() on a two-word struct. */
#include "kernel/compiler.h"

struct two_words {
	long a, b;
};

long f(void);
long f(void)
{
	static struct two_words v;

	return READ_ONCE(v).a;
}

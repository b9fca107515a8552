/* expect: error Unsupported access size */
/* READ_ONCE() on a 16-byte scalar: compiletime_assert_rwonce_type(). */
#include "kernel/compiler.h"

struct two_words {
	long a, b;
};

long f(void);
long f(void)
{
	static __int128 v;

	return (long)READ_ONCE(v);
}

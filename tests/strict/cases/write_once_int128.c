/* expect: error Unsupported access size */
#include "kernel/compiler.h"

struct two_words {
	long a, b;
};

long f(void);
long f(void)
{
	static unsigned __int128 v;

	WRITE_ONCE(v, 1);
	return 0;
}

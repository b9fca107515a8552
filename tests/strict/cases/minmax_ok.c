/* expect: ok */
/* What the kernel accepts: same signedness of any size, a non-negative
 * signed constant against an unsigned value, unsigned char and short
 * against anything, nested calls, and the typed forms for the rest. */
#include "kernel/kernel.h"
#include "kernel/compiler.h"

long f(int i, unsigned int u, long l, unsigned long ul, unsigned char uc,
       unsigned short us, long long ll);
long f(int i, unsigned int u, long l, unsigned long ul, unsigned char uc,
       unsigned short us, long long ll)
{
	unsigned long r = min(ul, 5) + max(u, ul) + min(uc, i) + max(us, ul);
	long s = min(i, l) + max(ll, (long long)i) + min(i, -3) + max(uc, us);
	unsigned int order = min_t(unsigned int, ilog2(ul), 10);

	r += umin(i, ul) + umax(l, u) + min(min(ul, 7UL), max(u, 3U));
	r += max_t(unsigned long, i, ul) + clamp(ul, 1, 100);
	r += min(sizeof(long), ul) + clamp_t(unsigned long, i, 0, ul);
	s += clamp(i, -4, 4) + min3(i, l, ll) + max3(u, ul, 3);
	_Static_assert(__builtin_types_compatible_p(__typeof__(ilog2(ul)), int),
		       "ilog2() is an int");
	_Static_assert(__builtin_types_compatible_p(__typeof__(min(u, ul)),
						    unsigned long),
		       "min() has the type of the comparison");
	return (long)r + s + order;
}

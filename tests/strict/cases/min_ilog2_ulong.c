/* expect: error signedness error */
/* ilog2() is an int in the kernel, so min() with an unsigned long is
 * refused: use min_t() (or umin()). */
#include "kernel/kernel.h"
#include "kernel/compiler.h"

long f(int i, unsigned int u, long l, unsigned long ul, unsigned char uc,
       unsigned short us, long long ll);
long f(int i, unsigned int u, long l, unsigned long ul, unsigned char uc,
       unsigned short us, long long ll)
{
	return (long)min(ilog2(ul), 10UL);
}

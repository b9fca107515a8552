/* expect: error signedness error */
/* A signed argument against an unsigned constant fails even if the
 * constant would fit an int. */
#include "kernel/kernel.h"
#include "kernel/compiler.h"

long f(int i, unsigned int u, long l, unsigned long ul, unsigned char uc,
       unsigned short us, long long ll);
long f(int i, unsigned int u, long l, unsigned long ul, unsigned char uc,
       unsigned short us, long long ll)
{
	return min(i, 4U);
}

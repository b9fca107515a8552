/* expect: error signedness error */
/* A signed variable against an unsigned one: refused by the kernel. */
#include "kernel/kernel.h"
#include "kernel/compiler.h"

long f(int i, unsigned int u, long l, unsigned long ul, unsigned char uc,
       unsigned short us, long long ll);
long f(int i, unsigned int u, long l, unsigned long ul, unsigned char uc,
       unsigned short us, long long ll)
{
	return (long)min(i, ul);
}

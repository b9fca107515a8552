/* expect: error low limit */
/* clamp()'s constant limits must be in order. */
#include "kernel/kernel.h"
#include "kernel/compiler.h"

long f(int i, unsigned int u, long l, unsigned long ul, unsigned char uc,
       unsigned short us, long long ll);
long f(int i, unsigned int u, long l, unsigned long ul, unsigned char uc,
       unsigned short us, long long ll)
{
	return clamp(l, 9, 3);
}

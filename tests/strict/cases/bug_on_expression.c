/* expect: error expected expression */
/* BUG_ON() is a statement in the kernel: it has no value. */
#include "kernel/bug.h"
#include "kernel/kernel.h"
#include "kernel/compiler.h"
#include <libgcma/folio.h>

int f(int x, struct folio *folio, struct page *page);
int f(int x, struct folio *folio, struct page *page)
{
	if (BUG_ON(x))
		return 1;
	return 0;
}

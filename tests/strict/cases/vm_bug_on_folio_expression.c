/* expect: error expected expression */
/* VM_BUG_ON_FOLIO() is a do { } while (0) statement. */
#include "kernel/bug.h"
#include "kernel/kernel.h"
#include "kernel/compiler.h"
#include <libgcma/folio.h>

int f(int x, struct folio *folio, struct page *page);
int f(int x, struct folio *folio, struct page *page)
{
	if (VM_BUG_ON_FOLIO(x, folio))
		return 1;
	return 0;
}

/* expect: error expected expression */
/* VM_BUG_ON_PAGE() is a do { } while (0) statement. */
#include "kernel/bug.h"
#include "kernel/kernel.h"
#include "kernel/compiler.h"
#include <libgcma/folio.h>

int f(int x, struct folio *folio, struct page *page);
int f(int x, struct folio *folio, struct page *page)
{
	if (VM_BUG_ON_PAGE(x, page))
		return 1;
	return 0;
}

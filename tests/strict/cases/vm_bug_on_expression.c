/* expect: error expected expression */
/* VM_BUG_ON() is a statement (BUG_ON, or nothing without CONFIG_DEBUG_VM). */
#include "kernel/bug.h"
#include "kernel/kernel.h"
#include "kernel/compiler.h"
#include <libgcma/folio.h>

int f(int x, struct folio *folio, struct page *page);
int f(int x, struct folio *folio, struct page *page)
{
	return x && VM_BUG_ON(x > 2);
}

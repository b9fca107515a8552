/* expect: error void value|void' invalid */
/* VM_WARN_ON_FOLIO() has no value without CONFIG_DEBUG_VM. */
#include "kernel/bug.h"
#include "kernel/kernel.h"
#include "kernel/compiler.h"
#include <libgcma/folio.h>

int f(int x, struct folio *folio, struct page *page);
int f(int x, struct folio *folio, struct page *page)
{
	if (VM_WARN_ON_FOLIO(x, folio))
		return 1;
	return 0;
}

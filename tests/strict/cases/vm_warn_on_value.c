/* expect: error void value|void' invalid */
/* VM_WARN_ON() is (void)WARN_ON() with CONFIG_DEBUG_VM, and without it a
 * void BUILD_BUG_ON_INVALID(): its value cannot be used. */
#include "kernel/bug.h"
#include "kernel/kernel.h"
#include "kernel/compiler.h"
#include <libgcma/folio.h>

int f(int x, struct folio *folio, struct page *page);
int f(int x, struct folio *folio, struct page *page)
{
	if (VM_WARN_ON(x))
		return 1;
	return 0;
}

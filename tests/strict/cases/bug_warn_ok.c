/* expect: ok */
/* The kernel's uses: BUG_ON and VM_BUG_ON* as statements (also as the
 * body of an if without braces), WARN_ON* and WARN as int conditions. */
#include "kernel/bug.h"
#include "kernel/kernel.h"
#include "kernel/compiler.h"
#include <libgcma/folio.h>

int f(int x, struct folio *folio, struct page *page);
int f(int x, struct folio *folio, struct page *page)
{
	if (x > 5)
		BUG_ON(x == 7);
	else
		VM_BUG_ON(x < -5);
	if (x)
		VM_BUG_ON_FOLIO(x == 3, folio);
	else
		VM_BUG_ON_PAGE(x == 4, page);
	VM_WARN_ON(x == 9);
	VM_WARN_ON_ONCE(x == 10);
	VM_WARN_ON_FOLIO(x == 11, folio);
	_Static_assert(__builtin_types_compatible_p(__typeof__(WARN_ON(x)), int),
		       "WARN_ON() is an int");
	_Static_assert(__builtin_types_compatible_p(__typeof__(WARN_ON_ONCE(x)), int),
		       "WARN_ON_ONCE() is an int");
	_Static_assert(__builtin_types_compatible_p(__typeof__(WARN(x, "x")), int),
		       "WARN() is an int");
	if (WARN_ON_ONCE(x == 12) || WARN(x == 13, "x is %d", x))
		return -1;
	return WARN_ON(x == 14);
}

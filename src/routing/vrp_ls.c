/*-------------------------------------------------------------------------
 *
 * vrp_ls.c
 *	  Fleet routing: local search on new best solutions.
 *
 *-------------------------------------------------------------------------
 */
#include "vrp_int.h"

void
LocalSearch(Ctx *c, Sol *s)
{
	(void) c;
	(void) s;
}

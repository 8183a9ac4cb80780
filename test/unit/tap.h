/*
 * tap.h: the Test Anything Protocol output shared by the plain-C unit
 * tests (scripts/test.sh counts the "ok N" and "not ok N" lines).
 *
 * ok() prints one result: the test's number, what it checks and, when
 * detail is not NULL, a detail after a colon (the values compared, say).
 * check() is ok() without a detail.  test_no counts the tests and
 * failures the failed ones; a test program ends with
 * printf("1..%d\n", test_no) and returns failures != 0.
 */
#ifndef LOGISTICS_TEST_TAP_H
#define LOGISTICS_TEST_TAP_H

#include <stdio.h>

static int	test_no = 0;
static int	failures = 0;

static inline void
ok(int cond, const char *what, const char *detail)
{
	test_no++;
	if (!cond)
		failures++;
	printf("%sok %d - %s%s%s\n", cond ? "" : "not ", test_no, what,
		   detail ? ": " : "", detail ? detail : "");
}

static inline void
check(int cond, const char *what)
{
	ok(cond, what, NULL);
}

#endif							/* LOGISTICS_TEST_TAP_H */

-- Crafted aggregate states (issue 10, item 5), typed into the text input of
-- the real state types (the internal ones go through the test-only module
-- logistics_statefuzz in statefuzz.sql): each is rejected with 22P02, never
-- a crash, an internal error or a number.  Prints TAP; run by
-- test/fuzz/subset.sh.
\set QUIET on
\pset tuples_only on
\pset format unaligned
\ir ../../scripts/fuzz/statefuzz_functions.sql
-- fulfillment_kpis has a real state type (logistics.fulfillment_kpis_state,
-- issue 17): its text input is what a crafted state goes through.
CREATE FUNCTION pg_temp.kpis_in(state text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	RETURN logistics._ff_kpis_final(state::logistics.fulfillment_kpis_state)::text;
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;
-- The rate aggregates have a real state type (logistics.rate_state, issue
-- 17): its text input is what a crafted state goes through.
CREATE FUNCTION pg_temp.rate_in(state text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	RETURN logistics._ff_rate_final(state::logistics.rate_state)::text;
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;
-- So have the order-level rates with a bigint key (logistics.order_keys_state,
-- "(orders,failing,first key,differences...,first failing,differences...)").
CREATE FUNCTION pg_temp.okeys_in(state text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	RETURN logistics._ff_okeys_final(state::logistics.order_keys_state)::text;
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;
-- And with a text key (logistics.order_text_keys_state,
-- "(orders,failing,"key",shared bytes"rest of the key",...)").
CREATE FUNCTION pg_temp.otkeys_in(state text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	RETURN logistics._ff_otkeys_final(state::logistics.order_text_keys_state)::text;
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;
CREATE FUNCTION pg_temp.acc_in(state text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM state::logistics.accuracy_state;
	RETURN NULL;
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;
SELECT format('%s %s - %s', CASE WHEN result = want THEN 'ok' ELSE 'not ok' END,
			  row_number() OVER (), label || ': ' || result)
FROM (VALUES
  -- control: the untouched states read back
  -- two lines never delivered (no values)
  ('kpis as typed', (pg_temp.kpis_in('(2,0,0,2,0,2,0,0,0,10,10,10,0,0,0,0,0,0,0)') LIKE '(2,0,0,%')::text, 'true'),
  ('keys as typed (orders 1 and 2, 1 failing: 1 of 2 orders complete)', pg_temp.okeys_in('(2,1,1,1,1)'), '0.5'),
  ('text keys as typed (orders SO-1 and SO-2, SO-2 failing: 1 of 2 orders complete)',
   pg_temp.otkeys_in('(2,1,"SO-1",3"2","SO-2")'), '0.5'),
  ('fill rate state as typed (7 of 10)', pg_temp.rate_in('(7,10,1)'), '0.7'),
  -- lines = delivered = on_time = 2^61: the internal state's
  -- (delivered + ncyc) * 8 wrapped to 0 bytes of values and the final read
  -- 2^61 of them (SIGSEGV before); now the text must hold them
  ('kpis with 2^61 delivered lines and no values',
   pg_temp.kpis_in('(2305843009213693952,2305843009213693952,2305843009213693952,2305843009213693952,0,2305843009213693952,0,0,0,10,10,10,0,0,0,0,0,0,0)'), '22P02'),
  -- keys {1, 2}, failing {1} made {1, 1}: a duplicate (XX000 before, with
  -- the internal state)
  ('order keys with a duplicate key', pg_temp.okeys_in('(2,1,1,0,1)'), '22P02'),
  -- a failing order that is not among all orders: failing {3}
  ('order keys with a failing key not among all', pg_temp.okeys_in('(2,1,1,1,3)'), '22P02'),
  -- the same with text keys: a duplicate (SO-2 made SO-1 by its shared
  -- prefix), a failing key not among all, 2^62 orders in a short text, a
  -- shared prefix of 2^32 bytes (past the previous key and a uint32)
  ('text keys with a duplicate key', pg_temp.otkeys_in('(2,1,"SO-1",3"1","SO-1")'), '22P02'),
  ('text keys with a failing key not among all', pg_temp.otkeys_in('(2,1,"SO-1",3"2","SO-3")'), '22P02'),
  ('text keys with 2^62 orders', pg_temp.otkeys_in('(4611686018427387904,0,"a")'), '22P02'),
  ('text keys with a 2^32-byte shared prefix', pg_temp.otkeys_in('(2,0,"a",4294967296"b")'), '22P02'),
  -- fill rate 7 of 10 made 70 of 10 (a rate of 7 before)
  ('fill rate with more successes than trials', pg_temp.rate_in('(70,10,1)'), '22P02'),
  ('rate state with a negative sum', pg_temp.rate_in('(-1,10,1)'), '22P02'),
  ('rate state with an infinite sum', pg_temp.rate_in('(1,Infinity,1)'), '22P02'),
  ('rate state with a bad bound flag', pg_temp.rate_in('(1,10,2)'), '22P02'),
  ('rate state with a field missing', pg_temp.rate_in('(1,10)'), '22P02'),
  ('rate state with a field too many', pg_temp.rate_in('(1,10,1,1)'), '22P02'),
  ('accuracy state with more nonzero actuals than pairs',
   (SELECT CASE WHEN x IS NULL THEN 'accepted' ELSE x END FROM (SELECT pg_temp.acc_in('(1,2,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)') AS x) y), '22P02')
) t(label, result, want);

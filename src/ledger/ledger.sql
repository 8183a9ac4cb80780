
-- ---------------------------------------------------------------------------
-- Tamper-evident ledger (doc/ledger.md): rows chained by SHA-256 over a
-- canonical encoding, append-only triggers, RFC 6962 Merkle tree heads,
-- inclusion and consistency proofs.  See src/ledger/.

CREATE FUNCTION @extschema@._ledger_stamp() RETURNS trigger
	AS 'MODULE_PATHNAME', 'logistics_ledger_stamp'
	LANGUAGE C;
COMMENT ON FUNCTION @extschema@._ledger_stamp() IS
	'trigger of a ledger table: stamps ledger_seq, ledger_at, prev_hash, row_hash and merkle_nodes of each inserted row (argument: chain key column, or empty)';

CREATE FUNCTION @extschema@._ledger_reject() RETURNS trigger
	AS 'MODULE_PATHNAME', 'logistics_ledger_reject'
	LANGUAGE C;
COMMENT ON FUNCTION @extschema@._ledger_reject() IS
	'trigger of a ledger table: rejects UPDATE, DELETE and TRUNCATE (SQLSTATE 55000)';

CREATE FUNCTION @extschema@._ledger_ddl_guard() RETURNS event_trigger
	AS 'MODULE_PATHNAME', 'logistics_ledger_ddl_guard'
	LANGUAGE C;
COMMENT ON FUNCTION @extschema@._ledger_ddl_guard() IS
	'event trigger: refuses ALTER TABLE ADD, DROP, RENAME or retype of a column, DISABLE TRIGGER, and DROP or rename of the ledger triggers on a ledger table (SQLSTATE 55000)';

-- The columns a row hash covers and the triggers that stamp rows must not
-- change once a table is a ledger.
CREATE EVENT TRIGGER logistics_ledger_guard ON ddl_command_start
	WHEN TAG IN ('ALTER TABLE', 'ALTER TRIGGER', 'DROP TRIGGER')
	EXECUTE FUNCTION @extschema@._ledger_ddl_guard();
COMMENT ON EVENT TRIGGER logistics_ledger_guard IS
	'keeps ledger tables (logistics.ledger_enable) verifiable: refuses column changes and disabling, dropping or renaming their triggers';

CREATE FUNCTION @extschema@._ledger_stamp_existing(tbl regclass, chain_key text,
		order_by text[], recorded_at text)
	RETURNS bigint
	AS 'MODULE_PATHNAME', 'logistics_ledger_stamp_existing'
	LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@._ledger_stamp_existing(regclass, text, text[], text) IS
	'used by ledger_enable: stamps the rows a table holds, chain by chain in order_by order; returns their number';

CREATE FUNCTION @extschema@.ledger_enable(tbl regclass, chain_key text DEFAULT NULL,
		order_by text[] DEFAULT NULL, recorded_at text DEFAULT NULL)
	RETURNS bigint
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	rel pg_catalog.pg_class;
	col text;
	n bigint;
BEGIN
	SELECT * INTO rel FROM pg_catalog.pg_class WHERE oid = tbl;
	IF rel.relkind IS DISTINCT FROM 'r' THEN
		RAISE EXCEPTION 'ledger_enable: % is not an ordinary table', tbl
			USING ERRCODE = '42809';
	END IF;
	IF EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
			   WHERE tgrelid = tbl AND tgname = 'zz_ledger_stamp') THEN
		RAISE EXCEPTION 'ledger_enable: table % is already a ledger', tbl
			USING ERRCODE = '42710';
	END IF;
	FOREACH col IN ARRAY ARRAY['ledger_seq', 'ledger_at', 'prev_hash', 'row_hash',
							   'merkle_nodes'] LOOP
		IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
				   WHERE attrelid = tbl AND attname = col AND NOT attisdropped) THEN
			RAISE EXCEPTION 'ledger_enable: table % already has a column %; rename it first',
				tbl, col USING ERRCODE = '42701';
		END IF;
	END LOOP;
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index
				   WHERE indrelid = tbl AND indisprimary) THEN
		RAISE EXCEPTION 'ledger_enable: table % has no primary key; add one (ledger_verify names broken rows by it)',
			tbl USING ERRCODE = '55000';
	END IF;
	IF chain_key IS NOT NULL AND NOT EXISTS (
			SELECT 1 FROM pg_catalog.pg_attribute
			WHERE attrelid = tbl AND attname = chain_key AND attnum > 0
			  AND NOT attisdropped) THEN
		RAISE EXCEPTION 'ledger_enable: chain_key "%" is not a column of table %',
			chain_key, tbl USING ERRCODE = '42703';
	END IF;

	EXECUTE pg_catalog.format('ALTER TABLE %s ADD COLUMN ledger_seq bigint, '
		'ADD COLUMN ledger_at timestamptz, ADD COLUMN prev_hash bytea, '
		'ADD COLUMN row_hash bytea, ADD COLUMN merkle_nodes bytea', tbl);
	IF chain_key IS NULL THEN
		EXECUTE pg_catalog.format('CREATE UNIQUE INDEX ON %s (ledger_seq)', tbl);
	ELSE
		EXECUTE pg_catalog.format('CREATE UNIQUE INDEX ON %s (%I, ledger_seq)',
								  tbl, chain_key);
	END IF;
	n := @extschema@._ledger_stamp_existing(tbl, chain_key, order_by, recorded_at);
	EXECUTE pg_catalog.format('ALTER TABLE %s ALTER COLUMN ledger_seq SET NOT NULL, '
		'ALTER COLUMN ledger_at SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, '
		'ALTER COLUMN row_hash SET NOT NULL', tbl);
	-- "zz_": BEFORE triggers fire in name order, and the stamp must see the
	-- row as every other trigger left it.
	EXECUTE pg_catalog.format('CREATE TRIGGER zz_ledger_stamp BEFORE INSERT ON %s '
		'FOR EACH ROW EXECUTE FUNCTION @extschema@._ledger_stamp(%L)',
		tbl, coalesce(chain_key, ''));
	EXECUTE pg_catalog.format('CREATE TRIGGER zz_ledger_append_only BEFORE UPDATE OR DELETE '
		'ON %s FOR EACH ROW EXECUTE FUNCTION @extschema@._ledger_reject()', tbl);
	EXECUTE pg_catalog.format('CREATE TRIGGER zz_ledger_no_truncate BEFORE TRUNCATE '
		'ON %s FOR EACH STATEMENT EXECUTE FUNCTION @extschema@._ledger_reject()', tbl);
	RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.ledger_enable(regclass, text, text[], text) IS
	'turns a table into a tamper-evident ledger: adds ledger_seq, ledger_at, prev_hash, row_hash, merkle_nodes, a unique (chain_key, ledger_seq) index and the stamping and append-only triggers, and stamps the existing rows chain by chain in order_by order (default: primary key) with ledger_at from recorded_at (default: now()); returns the rows stamped';

CREATE FUNCTION @extschema@.ledger_verify(tbl regclass, check_merkle boolean DEFAULT true)
	RETURNS TABLE (chain_key text, rows_checked bigint, ok boolean, problem text,
				   broken_seq bigint, broken_pk text, expected_hash bytea,
				   stored_hash bytea)
	AS 'MODULE_PATHNAME', 'logistics_ledger_verify'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ledger_verify(regclass, boolean) IS
	'checks every chain of a ledger: recomputes each row_hash from the row, the links, the sequence and (check_merkle) the stored Merkle nodes; one row per chain with the first problem found (kind, ledger_seq, primary key, expected and stored hash)';

CREATE FUNCTION @extschema@.ledger_digest(tbl regclass, at timestamptz DEFAULT NULL)
	RETURNS TABLE (chain_key text, tree_size bigint, root_hash bytea,
				   last_at timestamptz)
	AS 'MODULE_PATHNAME', 'logistics_ledger_digest'
	LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ledger_digest(regclass, timestamptz) IS
	'RFC 6962 tree head per chain of the rows with ledger_at <= at (all rows when at is NULL): tree_size and root_hash, to hand to an auditor';

CREATE FUNCTION @extschema@.ledger_inclusion_proof(tbl regclass, chain_key text,
		ledger_seq bigint, tree_size bigint DEFAULT NULL,
		OUT leaf_index bigint, OUT tree_size bigint, OUT leaf_hash bytea,
		OUT root_hash bytea, OUT audit_path bytea[])
	AS 'MODULE_PATHNAME', 'logistics_ledger_inclusion_proof'
	LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ledger_inclusion_proof(regclass, text, bigint, bigint) IS
	'RFC 6962 audit path proving that row ledger_seq (leaf_index = ledger_seq - 1) of a chain is in the tree of its first tree_size rows (NULL: all); chain_key NULL for a one-chain ledger';

CREATE FUNCTION @extschema@.ledger_consistency_proof(tbl regclass, chain_key text,
		first_size bigint, second_size bigint DEFAULT NULL,
		OUT first_size bigint, OUT second_size bigint, OUT first_root bytea,
		OUT second_root bytea, OUT proof bytea[])
	AS 'MODULE_PATHNAME', 'logistics_ledger_consistency_proof'
	LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ledger_consistency_proof(regclass, text, bigint, bigint) IS
	'RFC 6962 consistency proof that the tree of the first first_size rows of a chain is a prefix of the tree of its first second_size rows (NULL: all)';

CREATE FUNCTION @extschema@.ledger_verify_inclusion(leaf_hash bytea, leaf_index bigint,
		tree_size bigint, audit_path bytea[], root_hash bytea)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'logistics_ledger_verify_inclusion'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ledger_verify_inclusion(bytea, bigint, bigint, bytea[], bytea) IS
	'RFC 9162 2.1.3.2 verification of an RFC 6962 audit path: true when leaf_hash at leaf_index is in the tree of tree_size leaves with root_hash';

CREATE FUNCTION @extschema@.ledger_verify_consistency(first_size bigint, second_size bigint,
		first_root bytea, second_root bytea, proof bytea[])
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'logistics_ledger_verify_consistency'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ledger_verify_consistency(bigint, bigint, bytea, bytea, bytea[]) IS
	'RFC 9162 2.1.4.2 verification of an RFC 6962 consistency proof: true when the tree (first_size, first_root) is a prefix of (second_size, second_root)';

CREATE FUNCTION @extschema@.ledger_verify_digest(tbl regclass, chain_key text,
		tree_size bigint, root_hash bytea,
		OUT ok boolean, OUT current_size bigint, OUT problem text)
	AS 'MODULE_PATHNAME', 'logistics_ledger_verify_digest'
	LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ledger_verify_digest(regclass, text, bigint, bytea) IS
	'checks a chain against an earlier digest (tree_size, root_hash) kept elsewhere: finds rows removed from the end and chains rewritten or rebuilt';

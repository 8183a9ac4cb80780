-- Everything the extension owns, one line per object and property, sorted:
-- what a fresh install and an upgraded one must agree on (names, signatures,
-- markings, bodies, aggregate support functions, types and their fields,
-- operators, comments).  Object identities print as text, never as OIDs.
\pset tuples_only on
\pset format unaligned
WITH ext AS (
	SELECT d.classid, d.objid
	FROM pg_catalog.pg_depend d
	JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
	WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
	  AND d.deptype = 'e' AND e.extname = 'logistics'
),
lines AS (
	SELECT pg_catalog.pg_describe_object(classid, objid, 0) AS obj,
		   'exists' AS prop
	FROM ext
	UNION ALL
	SELECT pg_catalog.pg_describe_object(x.classid, x.objid, 0),
		   'comment: ' || COALESCE(pg_catalog.obj_description(x.objid,
				(SELECT relname FROM pg_catalog.pg_class WHERE oid = x.classid)), '<none>')
	FROM ext x
	UNION ALL
	-- functions other than aggregates: the whole definition
	SELECT pg_catalog.pg_describe_object(x.classid, x.objid, 0),
		   'def: ' || pg_catalog.pg_get_functiondef(p.oid)
	FROM ext x JOIN pg_catalog.pg_proc p ON p.oid = x.objid
	WHERE x.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.prokind <> 'a'
	UNION ALL
	-- aggregates: arguments, markings and support functions
	SELECT pg_catalog.pg_describe_object(x.classid, x.objid, 0),
		   pg_catalog.concat_ws(' | ',
			 'agg: args ' || pg_catalog.pg_get_function_arguments(p.oid),
			 'returns ' || pg_catalog.pg_get_function_result(p.oid),
			 'kind ' || a.aggkind::text, 'direct ' || a.aggnumdirectargs,
			 'trans ' || a.aggtransfn::pg_catalog.regprocedure::text,
			 'final ' || a.aggfinalfn::pg_catalog.regprocedure::text,
			 'combine ' || a.aggcombinefn::pg_catalog.regprocedure::text,
			 'serial ' || a.aggserialfn::pg_catalog.regprocedure::text,
			 'deserial ' || a.aggdeserialfn::pg_catalog.regprocedure::text,
			 'mtrans ' || a.aggmtransfn::pg_catalog.regprocedure::text,
			 'finalextra ' || a.aggfinalextra, 'finalmodify ' || a.aggfinalmodify::text,
			 'sortop ' || a.aggsortop::pg_catalog.regoperator::text,
			 'stype ' || a.aggtranstype::pg_catalog.regtype::text,
			 'sspace ' || a.aggtransspace, 'initval ' || a.agginitval,
			 'parallel ' || p.proparallel::text, 'volatile ' || p.provolatile::text,
			 'strict ' || p.proisstrict, 'cost ' || p.procost)
	FROM ext x JOIN pg_catalog.pg_proc p ON p.oid = x.objid
	JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid
	WHERE x.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
	UNION ALL
	-- types
	SELECT pg_catalog.pg_describe_object(x.classid, x.objid, 0),
		   pg_catalog.concat_ws(' | ', 'type: ' || t.typtype::text, 'len ' || t.typlen,
			 'byval ' || t.typbyval, 'align ' || t.typalign::text, 'storage ' || t.typstorage::text,
			 'in ' || t.typinput::pg_catalog.regprocedure::text,
			 'out ' || t.typoutput::pg_catalog.regprocedure::text,
			 'recv ' || t.typreceive::pg_catalog.regprocedure::text,
			 'send ' || t.typsend::pg_catalog.regprocedure::text,
			 'category ' || t.typcategory::text, 'base ' || t.typbasetype::pg_catalog.regtype::text)
	FROM ext x JOIN pg_catalog.pg_type t ON t.oid = x.objid
	WHERE x.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
	UNION ALL
	-- fields of composite types, with their comments; numbered by position
	-- among the live fields (an update that drops a field leaves a gap in
	-- attnum that a fresh install has not)
	SELECT pg_catalog.pg_describe_object(x.classid, x.objid, 0),
		   'field ' || pg_catalog.row_number() OVER (PARTITION BY t.oid ORDER BY a.attnum) ||
		   ': ' || a.attname || ' ' ||
		   pg_catalog.format_type(a.atttypid, a.atttypmod) || ' comment ' ||
		   COALESCE(pg_catalog.col_description(t.typrelid, a.attnum), '<none>')
	FROM ext x JOIN pg_catalog.pg_type t ON t.oid = x.objid
	JOIN pg_catalog.pg_attribute a ON a.attrelid = t.typrelid
	WHERE x.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
	  AND a.attnum > 0 AND NOT a.attisdropped
	UNION ALL
	-- operators
	SELECT pg_catalog.pg_describe_object(x.classid, x.objid, 0),
		   pg_catalog.concat_ws(' | ', 'op: code ' || o.oprcode::pg_catalog.regprocedure::text,
			 'commutator ' || o.oprcom::pg_catalog.regoperator::text,
			 'negator ' || o.oprnegate::pg_catalog.regoperator::text,
			 'restrict ' || o.oprrest::pg_catalog.regprocedure::text,
			 'join ' || o.oprjoin::pg_catalog.regprocedure::text,
			 'merges ' || o.oprcanmerge, 'hashes ' || o.oprcanhash)
	FROM ext x JOIN pg_catalog.pg_operator o ON o.oid = x.objid
	WHERE x.classid = 'pg_catalog.pg_operator'::pg_catalog.regclass
	UNION ALL
	-- operator class members
	SELECT pg_catalog.pg_describe_object(x.classid, x.objid, 0),
		   'member: ' || pg_catalog.pg_describe_object(d.classid, d.objid, 0)
	FROM ext x JOIN pg_catalog.pg_depend d
	  ON d.refclassid = x.classid AND d.refobjid = x.objid AND d.deptype = 'a'
	WHERE x.classid IN ('pg_catalog.pg_opfamily'::pg_catalog.regclass,
						'pg_catalog.pg_opclass'::pg_catalog.regclass)
	UNION ALL
	-- the schema's comment and the extension's own row
	SELECT 'schema ' || n.nspname,
		   'comment: ' || COALESCE(pg_catalog.obj_description(n.oid, 'pg_namespace'), '<none>')
	FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
	WHERE e.extname = 'logistics'
	UNION ALL
	SELECT 'extension logistics',
		   'version ' || e.extversion || ' relocatable ' || e.extrelocatable
	FROM pg_catalog.pg_extension e WHERE e.extname = 'logistics'
)
SELECT obj || ' => ' || prop FROM lines ORDER BY 1;

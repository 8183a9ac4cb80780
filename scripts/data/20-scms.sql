-- scripts/data/20-scms.sql: the USAID SCMS delivery-history data set (schema "scms").
--
-- Run with psql from the project root (the \copy path is relative to it):
--     psql -f scripts/data/20-scms.sql
-- It (re)creates schema "scms" with
--   scms.delivery_history  one row per line item (10,324), typed columns, and the raw text
--                          of every parsed column (<column>_raw)
--   scms.load_report       per parsed column: values parsed, sentinels, values not parsed
--   scms.parse_date(text), scms.parse_number(text), scms.make_date_checked(int, int, int)
-- Source and quirks: data/scms/README.md.  Every row of the file is loaded: a value that
-- cannot be parsed becomes NULL and is counted in scms.load_report, never dropped.

SELECT pg_catalog.current_setting('client_min_messages') AS scms_saved_client_min_messages \gset
SET client_min_messages = warning;
-- Names resolve in pg_catalog alone while this script runs (CHECKs and
-- SQL-standard bodies are bound at creation), so no operator planted in
-- "$user" or public is captured; parse_date pins its own search_path.
SELECT pg_catalog.current_setting('search_path') AS scms_saved_search_path \gset
SET search_path = pg_catalog, pg_temp;
DROP SCHEMA IF EXISTS scms CASCADE;
CREATE SCHEMA scms;
COMMENT ON SCHEMA scms IS
  'USAID SCMS delivery history (data/scms), loaded by scripts/data/20-scms.sql; not part of the extension';

-- A date, or NULL if there is no such day (31 April, month 13).
CREATE FUNCTION scms.make_date_checked(y int, m int, d int) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN m NOT BETWEEN 1 AND 12 OR d < 1 THEN NULL
                WHEN d <= pg_catalog.date_part('day',
                              pg_catalog.make_date(y, m, 1) + interval '1 month' - interval '1 day')
                THEN pg_catalog.make_date(y, m, d) END;
COMMENT ON FUNCTION scms.make_date_checked(int, int, int) IS
  'make_date(y, m, d), or NULL when no such day exists';

-- The three date formats of the file; two-digit years are 20yy (the data
-- span 2006-2015).  Anything else gives NULL.
CREATE FUNCTION scms.parse_date(raw text) RETURNS date
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p text[];
BEGIN
    -- d-Mon-yy: 02-Jun-06
    p := pg_catalog.regexp_match(raw,
            '^([0-9]{1,2})-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-([0-9]{2})$');
    IF p IS NOT NULL THEN
        RETURN scms.make_date_checked(
            2000 + p[3]::int,
            (pg_catalog.strpos('JanFebMarAprMayJunJulAugSepOctNovDec', p[2]) + 2) / 3,
            p[1]::int);
    END IF;
    -- M/D/YY: 11/13/06
    p := pg_catalog.regexp_match(raw, '^([0-9]{1,2})/([0-9]{1,2})/([0-9]{2})$');
    IF p IS NOT NULL THEN
        RETURN scms.make_date_checked(2000 + p[3]::int, p[1]::int, p[2]::int);
    END IF;
    -- Excel-mangled M/D/YY written as 20MM-DD-YY: 2012-01-06 is 12/1/2006
    p := pg_catalog.regexp_match(raw, '^20([0-9]{2})-([0-9]{2})-([0-9]{2})$');
    IF p IS NOT NULL THEN
        RETURN scms.make_date_checked(2000 + p[3]::int, p[1]::int, p[2]::int);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scms.parse_date(text) IS
  'SCMS date cell: d-Mon-yy, M/D/YY or Excel-mangled 20MM-DD-YY (meaning M/D/YY); NULL otherwise';

-- A plain decimal number (the file has no thousands separators or
-- exponents), or NULL.
CREATE FUNCTION scms.parse_number(raw text) RETURNS float8
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN raw ~ '^-?[0-9]+(\.[0-9]+)?$' THEN raw::float8 END;
COMMENT ON FUNCTION scms.parse_number(text) IS
  'SCMS number cell: a plain decimal number, NULL otherwise';

CREATE TABLE scms.delivery_history (
    id                          int PRIMARY KEY,
    project_code                text,
    pq                          text,    -- 'PQ #' (or 'Pre-PQ Process')
    po_so                       text,    -- 'PO / SO #': the order
    asn_dn                      text,    -- 'ASN/DN #': the shipment
    country                     text,
    managed_by                  text,
    fulfill_via                 text,    -- 'Direct Drop' | 'From RDC'
    vendor_inco_term            text,    -- as in the file ('N/A - From RDC' kept)
    shipment_mode               text,    -- NULL where 'N/A'
    pq_first_sent_to_client     date,
    po_sent_to_vendor           date,
    scheduled_delivery          date,
    delivered_to_client         date,
    delivery_recorded           date,
    product_group               text,
    sub_classification          text,
    vendor                      text,
    item_description            text,
    molecule_test_type          text,
    brand                       text,
    dosage                      text,
    dosage_form                 text,
    unit_of_measure_per_pack    int,
    line_item_quantity          float8,
    line_item_value             float8,  -- USD
    pack_price                  float8,  -- USD
    unit_price                  float8,  -- USD
    manufacturing_site          text,
    first_line_designation      boolean,
    weight_kg                   float8,  -- NULL where not numeric
    freight_cost_usd            float8,  -- NULL where not numeric
    line_item_insurance_usd     float8,  -- NULL where empty
    weight_ref_id               int,     -- 'See ASN-93 (ID#:1281)': the line holding the weight
    freight_ref_id              int,     -- the same for the freight cost
    -- the file's text of every parsed column
    shipment_mode_raw           text,
    pq_first_sent_to_client_raw text,
    po_sent_to_vendor_raw       text,
    scheduled_delivery_raw      text,
    delivered_to_client_raw     text,
    delivery_recorded_raw       text,
    unit_of_measure_per_pack_raw text,
    line_item_quantity_raw      text,
    line_item_value_raw         text,
    pack_price_raw              text,
    unit_price_raw              text,
    first_line_designation_raw  text,
    weight_kg_raw               text,
    freight_cost_usd_raw        text,
    line_item_insurance_usd_raw text
);
COMMENT ON TABLE scms.delivery_history IS
  'USAID SCMS delivery history, one row per line item (data/scms/SCMS_Delivery_History_Dataset.csv)';

-- The file as it is: 33 text columns.
DROP TABLE IF EXISTS pg_temp.scms_file;
CREATE TEMPORARY TABLE scms_file (
    id text, project_code text, pq text, po_so text, asn_dn text, country text,
    managed_by text, fulfill_via text, vendor_inco_term text, shipment_mode text,
    pq_first_sent_to_client text, po_sent_to_vendor text, scheduled_delivery text,
    delivered_to_client text, delivery_recorded text, product_group text,
    sub_classification text, vendor text, item_description text, molecule_test_type text,
    brand text, dosage text, dosage_form text, unit_of_measure_per_pack text,
    line_item_quantity text, line_item_value text, pack_price text, unit_price text,
    manufacturing_site text, first_line_designation text, weight_kg text,
    freight_cost_usd text, line_item_insurance_usd text
);
\copy pg_temp.scms_file FROM 'data/scms/SCMS_Delivery_History_Dataset.csv' WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')

INSERT INTO scms.delivery_history
SELECT f.id::int, f.project_code, f.pq, f.po_so, f.asn_dn, f.country, f.managed_by,
       f.fulfill_via, f.vendor_inco_term,
       CASE WHEN f.shipment_mode <> 'N/A' THEN f.shipment_mode END,
       scms.parse_date(f.pq_first_sent_to_client),
       scms.parse_date(f.po_sent_to_vendor),
       scms.parse_date(f.scheduled_delivery),
       scms.parse_date(f.delivered_to_client),
       scms.parse_date(f.delivery_recorded),
       f.product_group, f.sub_classification, f.vendor, f.item_description,
       f.molecule_test_type, f.brand, f.dosage, f.dosage_form,
       CASE WHEN f.unit_of_measure_per_pack ~ '^[0-9]{1,9}$'
            THEN f.unit_of_measure_per_pack::int END,
       scms.parse_number(f.line_item_quantity),
       scms.parse_number(f.line_item_value),
       scms.parse_number(f.pack_price),
       scms.parse_number(f.unit_price),
       f.manufacturing_site,
       CASE f.first_line_designation WHEN 'Yes' THEN true WHEN 'No' THEN false END,
       scms.parse_number(f.weight_kg),
       scms.parse_number(f.freight_cost_usd),
       scms.parse_number(f.line_item_insurance_usd),
       (pg_catalog.regexp_match(f.weight_kg, '^See [A-Z]+-[0-9]+ \(ID#:([0-9]{1,9})\)$'))[1]::int,
       (pg_catalog.regexp_match(f.freight_cost_usd, '^See [A-Z]+-[0-9]+ \(ID#:([0-9]{1,9})\)$'))[1]::int,
       f.shipment_mode, f.pq_first_sent_to_client, f.po_sent_to_vendor, f.scheduled_delivery,
       f.delivered_to_client, f.delivery_recorded, f.unit_of_measure_per_pack,
       f.line_item_quantity, f.line_item_value, f.pack_price, f.unit_price,
       f.first_line_designation, f.weight_kg, f.freight_cost_usd, f.line_item_insurance_usd
  FROM pg_temp.scms_file AS f;

-- Every line of the file is in the table (an id that is not an integer or
-- a duplicate id has already stopped the load with an error).
DO $$
BEGIN
    IF (SELECT count(*) FROM scms.delivery_history)
       <> (SELECT count(*) FROM pg_temp.scms_file) THEN
        RAISE EXCEPTION 'scms.delivery_history lost rows while loading';
    END IF;
END
$$;
DROP TABLE pg_temp.scms_file;
ANALYZE scms.delivery_history;

-- What became of each parsed column: parsed to a value, a sentinel that
-- means "no value" (an empty cell or a known marker; -> NULL), or text that
-- could not be parsed (-> NULL).
CREATE VIEW scms.load_report (column_name, parsed, sentinel, unparsed) AS
SELECT c.column_name,
       count(*) FILTER (WHERE c.value_is_set),
       count(*) FILTER (WHERE NOT c.value_is_set AND e.is_sentinel),
       count(*) FILTER (WHERE NOT c.value_is_set AND NOT e.is_sentinel)
  FROM scms.delivery_history AS d
 CROSS JOIN LATERAL (VALUES
       (1, 'id', d.id IS NOT NULL, d.id::text, false),
       (2, 'shipment_mode', d.shipment_mode IS NOT NULL, d.shipment_mode_raw,
        d.shipment_mode_raw = 'N/A'),
       (3, 'pq_first_sent_to_client', d.pq_first_sent_to_client IS NOT NULL,
        d.pq_first_sent_to_client_raw,
        d.pq_first_sent_to_client_raw IN ('Pre-PQ Process', 'Date Not Captured')),
       (4, 'po_sent_to_vendor', d.po_sent_to_vendor IS NOT NULL, d.po_sent_to_vendor_raw,
        d.po_sent_to_vendor_raw IN ('N/A - From RDC', 'Date Not Captured')),
       (5, 'scheduled_delivery', d.scheduled_delivery IS NOT NULL, d.scheduled_delivery_raw,
        false),
       (6, 'delivered_to_client', d.delivered_to_client IS NOT NULL, d.delivered_to_client_raw,
        false),
       (7, 'delivery_recorded', d.delivery_recorded IS NOT NULL, d.delivery_recorded_raw,
        false),
       (8, 'unit_of_measure_per_pack', d.unit_of_measure_per_pack IS NOT NULL,
        d.unit_of_measure_per_pack_raw, false),
       (9, 'line_item_quantity', d.line_item_quantity IS NOT NULL, d.line_item_quantity_raw,
        false),
       (10, 'line_item_value', d.line_item_value IS NOT NULL, d.line_item_value_raw, false),
       (11, 'pack_price', d.pack_price IS NOT NULL, d.pack_price_raw, false),
       (12, 'unit_price', d.unit_price IS NOT NULL, d.unit_price_raw, false),
       (13, 'first_line_designation', d.first_line_designation IS NOT NULL,
        d.first_line_designation_raw, false),
       (14, 'weight_kg', d.weight_kg IS NOT NULL, d.weight_kg_raw,
        d.weight_kg_raw = 'Weight Captured Separately' OR d.weight_ref_id IS NOT NULL),
       (15, 'freight_cost_usd', d.freight_cost_usd IS NOT NULL, d.freight_cost_usd_raw,
        d.freight_cost_usd_raw IN ('Freight Included in Commodity Cost', 'Invoiced Separately')
        OR d.freight_ref_id IS NOT NULL),
       (16, 'line_item_insurance_usd', d.line_item_insurance_usd IS NOT NULL,
        d.line_item_insurance_usd_raw, false))
       AS c(position, column_name, value_is_set, raw, marker)
 CROSS JOIN LATERAL
       (SELECT coalesce(c.raw, '') = '' OR coalesce(c.marker, false) AS is_sentinel) AS e
 GROUP BY c.position, c.column_name
 ORDER BY c.position;
COMMENT ON VIEW scms.load_report IS
  'per parsed column of scms.delivery_history: values parsed, sentinels (no value), values that could not be parsed';

SELECT pg_catalog.set_config('search_path', :'scms_saved_search_path', false),
       pg_catalog.set_config('client_min_messages', :'scms_saved_client_min_messages', false)
\gset scms_ignored_

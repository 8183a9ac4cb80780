
-- ---------------------------------------------------------------------------
-- Multi-warehouse decisions: rebalancing stock between warehouses and
-- sourcing order lines from them, exact by the network simplex where the
-- problem allows (src/allocation/).  Inputs are parallel arrays (array_agg
-- over a table); keys are bigint; quantities are units with at most 6
-- decimals; distances are geodesic kilometres on WGS84.
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.rebalance(
		warehouse_ids bigint[], warehouse_lat float8[], warehouse_lon float8[],
		stock_warehouse_ids bigint[], stock_sku_ids bigint[],
		on_hand_units float8[], target_units float8[],
		cost_per_km_unit float8 DEFAULT 1)
	RETURNS TABLE (sku_id bigint, from_warehouse_id bigint,
				   to_warehouse_id bigint, transfer_units float8,
				   distance_km float8, transfer_cost float8,
				   shortfall_units float8, excess_units float8)
	AS 'MODULE_PATHNAME', 'logistics_rebalance'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000 ROWS 100;
COMMENT ON FUNCTION @extschema@.rebalance(bigint[], float8[], float8[], bigint[], bigint[], float8[], float8[], float8) IS
	'least-cost transfer plan bringing every warehouse x SKU to its target from the warehouses above theirs (transportation problem per SKU, network simplex, exact); unit cost = cost_per_km_unit x geodesic km; a shortfall is shared in proportion to the deficits (largest remainder) and reported in rows with from_warehouse_id NULL';

CREATE FUNCTION @extschema@.rebalance(
		warehouse_ids bigint[], warehouse_locations geometry[],
		stock_warehouse_ids bigint[], stock_sku_ids bigint[],
		on_hand_units float8[], target_units float8[],
		cost_per_km_unit float8 DEFAULT 1)
	RETURNS TABLE (sku_id bigint, from_warehouse_id bigint,
				   to_warehouse_id bigint, transfer_units float8,
				   distance_km float8, transfer_cost float8,
				   shortfall_units float8, excess_units float8)
	AS 'MODULE_PATHNAME', 'logistics_rebalance_geometry'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000 ROWS 100;
COMMENT ON FUNCTION @extschema@.rebalance(bigint[], geometry[], bigint[], bigint[], float8[], float8[], float8) IS
	'rebalance with warehouse points in SRID 4326 (PostGIS geometry)';

CREATE FUNCTION @extschema@.rebalance(
		warehouse_ids bigint[], warehouse_locations geography[],
		stock_warehouse_ids bigint[], stock_sku_ids bigint[],
		on_hand_units float8[], target_units float8[],
		cost_per_km_unit float8 DEFAULT 1)
	RETURNS TABLE (sku_id bigint, from_warehouse_id bigint,
				   to_warehouse_id bigint, transfer_units float8,
				   distance_km float8, transfer_cost float8,
				   shortfall_units float8, excess_units float8)
	AS 'MODULE_PATHNAME', 'logistics_rebalance_geography'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000 ROWS 100;
COMMENT ON FUNCTION @extschema@.rebalance(bigint[], geography[], bigint[], bigint[], float8[], float8[], float8) IS
	'rebalance with warehouse points in SRID 4326 (PostGIS geography)';

CREATE FUNCTION @extschema@.rebalance(
		lane_from_ids bigint[], lane_to_ids bigint[],
		lane_cost_per_unit float8[],
		stock_warehouse_ids bigint[], stock_sku_ids bigint[],
		on_hand_units float8[], target_units float8[])
	RETURNS TABLE (sku_id bigint, from_warehouse_id bigint,
				   to_warehouse_id bigint, transfer_units float8,
				   distance_km float8, transfer_cost float8,
				   shortfall_units float8, excess_units float8)
	AS 'MODULE_PATHNAME', 'logistics_rebalance_lanes'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000 ROWS 100;
COMMENT ON FUNCTION @extschema@.rebalance(bigint[], bigint[], float8[], bigint[], bigint[], float8[], float8[]) IS
	'rebalance over the given lanes only (from, to, cost per unit); distance_km is NULL; warehouses no lane reaches keep their shortfall';

-- Bands: every warehouse x SKU should end within [min_units, max_units]
-- (below min it must receive, above max it must give, inside it may do
-- either); rows above max left over in an overflow report excess_units.
CREATE FUNCTION @extschema@.rebalance(
		warehouse_ids bigint[], warehouse_lat float8[], warehouse_lon float8[],
		stock_warehouse_ids bigint[], stock_sku_ids bigint[],
		on_hand_units float8[], min_units float8[], max_units float8[],
		cost_per_km_unit float8 DEFAULT 1)
	RETURNS TABLE (sku_id bigint, from_warehouse_id bigint,
				   to_warehouse_id bigint, transfer_units float8,
				   distance_km float8, transfer_cost float8,
				   shortfall_units float8, excess_units float8)
	AS 'MODULE_PATHNAME', 'logistics_rebalance_band'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000 ROWS 100;
COMMENT ON FUNCTION @extschema@.rebalance(bigint[], float8[], float8[], bigint[], bigint[], float8[], float8[], float8[], float8) IS
	'least-cost transfer plan bringing every warehouse x SKU inside its band [min_units, max_units] (network simplex, exact); a shortfall below the minima or an overflow above the maxima is shared in proportion (largest remainder) and reported in shortfall_units / excess_units';

CREATE FUNCTION @extschema@.rebalance(
		warehouse_ids bigint[], warehouse_locations geometry[],
		stock_warehouse_ids bigint[], stock_sku_ids bigint[],
		on_hand_units float8[], min_units float8[], max_units float8[],
		cost_per_km_unit float8 DEFAULT 1)
	RETURNS TABLE (sku_id bigint, from_warehouse_id bigint,
				   to_warehouse_id bigint, transfer_units float8,
				   distance_km float8, transfer_cost float8,
				   shortfall_units float8, excess_units float8)
	AS 'MODULE_PATHNAME', 'logistics_rebalance_band_geometry'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000 ROWS 100;
COMMENT ON FUNCTION @extschema@.rebalance(bigint[], geometry[], bigint[], bigint[], float8[], float8[], float8[], float8) IS
	'rebalance to min/max bands with warehouse points in SRID 4326 (PostGIS geometry)';

CREATE FUNCTION @extschema@.rebalance(
		warehouse_ids bigint[], warehouse_locations geography[],
		stock_warehouse_ids bigint[], stock_sku_ids bigint[],
		on_hand_units float8[], min_units float8[], max_units float8[],
		cost_per_km_unit float8 DEFAULT 1)
	RETURNS TABLE (sku_id bigint, from_warehouse_id bigint,
				   to_warehouse_id bigint, transfer_units float8,
				   distance_km float8, transfer_cost float8,
				   shortfall_units float8, excess_units float8)
	AS 'MODULE_PATHNAME', 'logistics_rebalance_band_geography'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000 ROWS 100;
COMMENT ON FUNCTION @extschema@.rebalance(bigint[], geography[], bigint[], bigint[], float8[], float8[], float8[], float8) IS
	'rebalance to min/max bands with warehouse points in SRID 4326 (PostGIS geography)';

CREATE FUNCTION @extschema@.rebalance(
		lane_from_ids bigint[], lane_to_ids bigint[],
		lane_cost_per_unit float8[],
		stock_warehouse_ids bigint[], stock_sku_ids bigint[],
		on_hand_units float8[], min_units float8[], max_units float8[])
	RETURNS TABLE (sku_id bigint, from_warehouse_id bigint,
				   to_warehouse_id bigint, transfer_units float8,
				   distance_km float8, transfer_cost float8,
				   shortfall_units float8, excess_units float8)
	AS 'MODULE_PATHNAME', 'logistics_rebalance_band_lanes'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000 ROWS 100;
COMMENT ON FUNCTION @extschema@.rebalance(bigint[], bigint[], float8[], bigint[], bigint[], float8[], float8[], float8[]) IS
	'rebalance to min/max bands over the given lanes only (from, to, cost per unit); distance_km is NULL';

CREATE FUNCTION @extschema@.allocate_orders(
		order_ids bigint[], line_nos int[], line_sku_ids bigint[],
		line_units float8[], customer_lat float8[], customer_lon float8[],
		promised_at timestamptz[],
		warehouse_ids bigint[], warehouse_lat float8[], warehouse_lon float8[],
		stock_warehouse_ids bigint[], stock_sku_ids bigint[],
		stock_units float8[],
		decided_at timestamptz,
		cost_per_km_unit float8 DEFAULT 1,
		split_penalty float8 DEFAULT 0,
		dispatch_days float8 DEFAULT 1,
		speed_km_per_day float8 DEFAULT 800,
		method text DEFAULT 'optimal',
		split_lines boolean DEFAULT true)
	RETURNS TABLE (order_id bigint, line_no int, sku_id bigint,
				   warehouse_id bigint, ship_units float8,
				   unassigned_units float8, distance_km float8,
				   shipping_cost float8, delivery_eta timestamptz,
				   on_time boolean, order_parcels int,
				   unassigned_reason text, plan_cost float8,
				   plan_lower_bound float8, plan_gap float8)
	AS 'MODULE_PATHNAME', 'logistics_allocate_orders'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000 ROWS 1000;
COMMENT ON FUNCTION @extschema@.allocate_orders(bigint[], int[], bigint[], float8[], float8[], float8[], timestamptz[], bigint[], float8[], float8[], bigint[], bigint[], float8[], timestamptz, float8, float8, float8, float8, text, boolean) IS
	'which warehouse ships each order line: exact least-cost plan serving the most units (transportation problem per SKU) when split_penalty = 0; with a penalty per extra parcel of an order, a local search seeded by that plan, with a Lagrangian lower bound (plan_lower_bound, plan_gap); lines not served come back with unassigned_reason no_stock, promise_impossible or stock_short; method nearest: each line from the nearest holder; split_lines false: each line whole from one warehouse (a heuristic; no bound when it serves fewer units)';

CREATE FUNCTION @extschema@.allocate_orders(
		order_ids bigint[], line_nos int[], line_sku_ids bigint[],
		line_units float8[], customer_locations geometry[],
		promised_at timestamptz[],
		warehouse_ids bigint[], warehouse_locations geometry[],
		stock_warehouse_ids bigint[], stock_sku_ids bigint[],
		stock_units float8[],
		decided_at timestamptz,
		cost_per_km_unit float8 DEFAULT 1,
		split_penalty float8 DEFAULT 0,
		dispatch_days float8 DEFAULT 1,
		speed_km_per_day float8 DEFAULT 800,
		method text DEFAULT 'optimal',
		split_lines boolean DEFAULT true)
	RETURNS TABLE (order_id bigint, line_no int, sku_id bigint,
				   warehouse_id bigint, ship_units float8,
				   unassigned_units float8, distance_km float8,
				   shipping_cost float8, delivery_eta timestamptz,
				   on_time boolean, order_parcels int,
				   unassigned_reason text, plan_cost float8,
				   plan_lower_bound float8, plan_gap float8)
	AS 'MODULE_PATHNAME', 'logistics_allocate_orders_geometry'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000 ROWS 1000;
COMMENT ON FUNCTION @extschema@.allocate_orders(bigint[], int[], bigint[], float8[], geometry[], timestamptz[], bigint[], geometry[], bigint[], bigint[], float8[], timestamptz, float8, float8, float8, float8, text, boolean) IS
	'allocate_orders with customer and warehouse points in SRID 4326 (PostGIS geometry)';

CREATE FUNCTION @extschema@.allocate_orders(
		order_ids bigint[], line_nos int[], line_sku_ids bigint[],
		line_units float8[], customer_locations geography[],
		promised_at timestamptz[],
		warehouse_ids bigint[], warehouse_locations geography[],
		stock_warehouse_ids bigint[], stock_sku_ids bigint[],
		stock_units float8[],
		decided_at timestamptz,
		cost_per_km_unit float8 DEFAULT 1,
		split_penalty float8 DEFAULT 0,
		dispatch_days float8 DEFAULT 1,
		speed_km_per_day float8 DEFAULT 800,
		method text DEFAULT 'optimal',
		split_lines boolean DEFAULT true)
	RETURNS TABLE (order_id bigint, line_no int, sku_id bigint,
				   warehouse_id bigint, ship_units float8,
				   unassigned_units float8, distance_km float8,
				   shipping_cost float8, delivery_eta timestamptz,
				   on_time boolean, order_parcels int,
				   unassigned_reason text, plan_cost float8,
				   plan_lower_bound float8, plan_gap float8)
	AS 'MODULE_PATHNAME', 'logistics_allocate_orders_geography'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000 ROWS 1000;
COMMENT ON FUNCTION @extschema@.allocate_orders(bigint[], int[], bigint[], float8[], geography[], timestamptz[], bigint[], geography[], bigint[], bigint[], float8[], timestamptz, float8, float8, float8, float8, text, boolean) IS
	'allocate_orders with customer and warehouse points in SRID 4326 (PostGIS geography)';

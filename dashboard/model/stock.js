// Inventory health per SKU-location from the daily stock snapshots
// (2024-2025): the share of time out of stock (logistics.stockout_rate) and
// the time-weighted average level (logistics.time_weighted_avg).  Both take
// one series at a time, so the cube's rows are SKU-locations; the measures
// average them (equal periods: the mean stockout rate is the share of
// SKU-days out of stock).
cube(`stock`, {
  sql: `SELECT s.warehouse_id, s.sku_id, k.sku, k.category, k.pattern,
               logistics.stockout_rate(s.snapshot_at, s.on_hand, '2026-01-01 00:00+00') AS stockout_rate,
               logistics.time_weighted_avg(s.snapshot_at, s.on_hand, '2026-01-01 00:00+00') AS avg_on_hand_units
        FROM sample.stock_snapshot s JOIN sample.sku k USING (sku_id)
        GROUP BY s.warehouse_id, s.sku_id, k.sku, k.category, k.pattern`,

  joins: {
    warehouses: {
      relationship: `many_to_one`,
      sql: `${CUBE}.warehouse_id = ${warehouses}.warehouse_id`,
    },
  },

  measures: {
    sku_locations: { type: `count` },
    stockout_rate: { sql: `${CUBE}.stockout_rate`, type: `avg` },
    avg_on_hand_units: { sql: `${CUBE}.avg_on_hand_units`, type: `avg` },
  },

  dimensions: {
    pk: { sql: `warehouse_id || '/' || sku_id`, type: `string`, primaryKey: true },
    sku: { sql: `${CUBE}.sku`, type: `string` },
    category: { sql: `${CUBE}.category`, type: `string` },
    pattern: { sql: `${CUBE}.pattern`, type: `string` },
  },
});

// Inventory health per SKU-location at the end of 2025: the BI view
// sample.inventory_health (days of supply, safety stock and reorder point
// at 95% from logistics, demand over all days, stock-outs in the last 90).
cube(`inventory_health`, {
  sql: `SELECT * FROM sample.inventory_health`,

  joins: {
    warehouses: { relationship: `many_to_one`, sql: `${CUBE}.warehouse_id = ${warehouses}.warehouse_id` },
  },

  measures: {
    sku_locations: { type: `count` },
    below_reorder_point: { type: `count`, filters: [{ sql: `${CUBE}.below_reorder_point` }] },
    on_hand_value: { sql: `${CUBE}.on_hand_value`, type: `sum` },
    on_hand_units: { sql: `${CUBE}.on_hand_units`, type: `sum` },
    reorder_point_units: { sql: `${CUBE}.reorder_point_units`, type: `sum` },
    days_of_supply_median: { sql: `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${CUBE}.days_of_supply)`, type: `number` },
    stockout_day_rate_90d: { sql: `${CUBE}.stockout_day_rate_90d`, type: `avg` },
  },

  dimensions: {
    pk: { sql: `${CUBE}.warehouse_id || '/' || ${CUBE}.sku_id`, type: `string`, primaryKey: true },
    sku: { sql: `${CUBE}.sku`, type: `string` },
    category: { sql: `${CUBE}.category`, type: `string` },
    demand_class: { sql: `${CUBE}.demand_class`, type: `string` },
    days_of_supply: { sql: `${CUBE}.days_of_supply`, type: `number` },
    below: { sql: `${CUBE}.below_reorder_point`, type: `boolean` },
  },
});

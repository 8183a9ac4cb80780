// Weekly units per SKU-location: 12 weeks of history and December 1-28,
// 2025 forecast from the 100 weeks before (materialized BI view
// sample.forecast_vs_actual, built on logistics.forecast_series and
// demand_series_table).  Accuracy with logistics' own aggregates, which
// skip the history rows (forecast NULL).
cube(`forecast_vs_actual`, {
  sql: `SELECT * FROM sample.forecast_vs_actual`,

  joins: {
    warehouses: { relationship: `many_to_one`, sql: `${CUBE}.warehouse_id = ${warehouses}.warehouse_id` },
  },

  measures: {
    actual_units: { sql: `${CUBE}.actual_units`, type: `sum` },
    forecast_units: { sql: `${CUBE}.forecast_units`, type: `sum` },
    mae_units: { sql: `logistics.mae(${CUBE}.actual_units, ${CUBE}.forecast_units)`, type: `number` },
    bias_units: { sql: `logistics.bias(${CUBE}.actual_units, ${CUBE}.forecast_units)`, type: `number` },
    coverage: {
      sql: `logistics.coverage(${CUBE}.actual_units, ${CUBE}.forecast_lower_units, ${CUBE}.forecast_upper_units)`,
      type: `number`,
    },
  },

  dimensions: {
    pk: { sql: `${CUBE}.warehouse_id || '/' || ${CUBE}.sku_id || '/' || ${CUBE}.week_start`, type: `string`, primaryKey: true },
    pattern: { sql: `${CUBE}.pattern`, type: `string` },
    method: { sql: `${CUBE}.method`, type: `string` },
    forecast: { sql: `${CUBE}.forecast_units IS NOT NULL`, type: `boolean` },
    week_start: { sql: `${CUBE}.week_start`, type: `time` },
  },
});

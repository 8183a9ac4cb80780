// Fulfilment KPIs per warehouse and ISO week of the promise date: the
// sample company's BI view sample.kpi_scorecard_weekly (scripts/data/
// 30-views.sql, built on logistics.fulfillment_kpis).  Rates over several
// rows are recomputed from the counts the view carries, never averaged.
cube(`kpi_weekly`, {
  sql: `SELECT * FROM sample.kpi_scorecard_weekly`,

  joins: {
    warehouses: { relationship: `many_to_one`, sql: `${CUBE}.warehouse_id = ${warehouses}.warehouse_id` },
  },

  measures: {
    order_lines: { sql: `${CUBE}.order_lines`, type: `sum` },
    delivered_lines: { sql: `${CUBE}.delivered_lines`, type: `sum` },
    otif_lines: { sql: `${CUBE}.otif_lines`, type: `sum`, shown: false },
    on_time_lines: { sql: `${CUBE}.on_time_lines`, type: `sum`, shown: false },
    perfect_lines: { sql: `${CUBE}.perfect_lines`, type: `sum`, shown: false },
    perfect_known_lines: { sql: `${CUBE}.perfect_known_lines`, type: `sum`, shown: false },
    units_ordered: { sql: `${CUBE}.units_ordered`, type: `sum` },
    units_filled: { sql: `${CUBE}.units_filled`, type: `sum`, shown: false },
    cycle_lines: { sql: `${CUBE}.cycle_lines`, type: `sum`, shown: false },
    cycle_days_total: { sql: `${CUBE}.cycle_days_mean * ${CUBE}.cycle_lines`, type: `sum`, shown: false },
    otif_rate: { sql: `1.0 * ${otif_lines} / NULLIF(${order_lines}, 0)`, type: `number` },
    on_time_rate: { sql: `1.0 * ${on_time_lines} / NULLIF(${order_lines}, 0)`, type: `number` },
    fill_rate: { sql: `${units_filled} / NULLIF(${units_ordered}, 0)`, type: `number` },
    perfect_rate: { sql: `1.0 * ${perfect_lines} / NULLIF(${perfect_known_lines}, 0)`, type: `number` },
    cycle_days_mean: { sql: `${cycle_days_total} / NULLIF(${cycle_lines}, 0)`, type: `number` },
  },

  dimensions: {
    pk: { sql: `${CUBE}.warehouse_id || '/' || ${CUBE}.week_start`, type: `string`, primaryKey: true },
    warehouse_code: { sql: `${CUBE}.warehouse_code`, type: `string` },
    week_start: { sql: `${CUBE}.week_start`, type: `time` },
  },
});

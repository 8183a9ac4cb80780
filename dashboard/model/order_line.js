// Fulfillment KPIs over the sample company's order lines.  The measures are
// logistics' own aggregates: Cube puts them into its GROUP BY queries as
// they are, so every KPI is computed in the database, per warehouse, per
// week or per whatever dimension a query asks for.
cube(`order_line`, {
  sql: `SELECT * FROM sample.order_line`,

  joins: {
    warehouses: {
      relationship: `many_to_one`,
      sql: `${CUBE}.warehouse_id = ${warehouses}.warehouse_id`,
    },
  },

  measures: {
    lines: { type: `count` },
    units_ordered: { sql: `${CUBE}.qty_ordered`, type: `sum` },
    // fraction of lines delivered on time and in full (strict: no tolerance)
    otif_rate: {
      sql: `logistics.otif(${CUBE}.promised_at, ${CUBE}.delivered_at, ${CUBE}.qty_ordered, ${CUBE}.qty_shipped)`,
      type: `number`,
    },
    on_time_rate: {
      sql: `logistics.on_time_rate(${CUBE}.promised_at, ${CUBE}.delivered_at)`,
      type: `number`,
    },
    // units shipped / units ordered
    fill_rate: {
      sql: `logistics.fill_rate(${CUBE}.qty_ordered, ${CUBE}.qty_shipped)`,
      type: `number`,
    },
    // lines on time, in full, undamaged and with correct documents
    perfect_order_rate: {
      sql: `logistics.perfect_order_rate(${CUBE}.delivered_at <= ${CUBE}.promised_at, ${CUBE}.qty_shipped >= ${CUBE}.qty_ordered, NOT ${CUBE}.damaged, ${CUBE}.documents_ok)`,
      type: `number`,
    },
    cycle_time_days: {
      sql: `logistics.cycle_time_days(${CUBE}.ordered_at, ${CUBE}.delivered_at)`,
      type: `number`,
    },
  },

  dimensions: {
    pk: { sql: `order_id::text || '/' || line_no`, type: `string`, primaryKey: true },
    carrier: { sql: `${CUBE}.carrier`, type: `string` },
    promised_at: { sql: `${CUBE}.promised_at`, type: `time` },
  },
});

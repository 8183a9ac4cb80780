// The sample company's six warehouses.
cube(`warehouses`, {
  sql: `SELECT warehouse_id, code, city FROM sample.warehouse`,

  dimensions: {
    warehouse_id: { sql: `${CUBE}.warehouse_id`, type: `number`, primaryKey: true, shown: true },
    code: { sql: `${CUBE}.code`, type: `string` },
    city: { sql: `${CUBE}.city`, type: `string` },
  },
});

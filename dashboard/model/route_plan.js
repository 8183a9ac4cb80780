// Own-fleet routes costed with logistics' default cost model: the BI view
// sample.route_plan (route_cost_flat: km, hours, cost, kg CO2, stops).
cube(`route_plan`, {
  sql: `SELECT * FROM sample.route_plan`,

  joins: {
    warehouses: { relationship: `many_to_one`, sql: `${CUBE}.warehouse_id = ${warehouses}.warehouse_id` },
  },

  measures: {
    routes: { type: `count` },
    distance_km: { sql: `${CUBE}.distance_km`, type: `sum` },
    duration_h: { sql: `${CUBE}.duration_h`, type: `sum` },
    route_cost: { sql: `${CUBE}.route_cost`, type: `sum` },
    co2_kg: { sql: `${CUBE}.co2_kg`, type: `sum` },
    stops_per_route: { sql: `${CUBE}.stops`, type: `avg` },
    km_per_route: { sql: `${CUBE}.distance_km`, type: `avg` },
  },

  dimensions: {
    route_id: { sql: `${CUBE}.route_id`, type: `number`, primaryKey: true },
    vehicle: { sql: `${CUBE}.vehicle`, type: `string` },
    route_date: { sql: `${CUBE}.route_date::timestamptz`, type: `time` },
  },
});

// Own-fleet delivery routes: length along the stored stop order, from and
// back to the warehouse (logistics.route_length, geodesic metres).
cube(`routes`, {
  sql: `SELECT r.route_id, r.warehouse_id, r.route_date::timestamptz AS route_date,
               count(*) AS stops,
               logistics.route_length(p.lat, p.lon ORDER BY p.ord) / 1000 AS distance_km
        FROM sample.delivery_route r
        JOIN sample.warehouse w USING (warehouse_id)
        CROSS JOIN LATERAL (
              SELECT 0 AS ord, w.lat, w.lon
              UNION ALL SELECT s.seq, s.lat, s.lon FROM sample.delivery_stop s WHERE s.route_id = r.route_id
              UNION ALL SELECT 2147483647, w.lat, w.lon) p
        GROUP BY r.route_id, r.warehouse_id, r.route_date`,

  joins: {
    warehouses: {
      relationship: `many_to_one`,
      sql: `${CUBE}.warehouse_id = ${warehouses}.warehouse_id`,
    },
  },

  measures: {
    routes: { type: `count` },
    distance_km: { sql: `${CUBE}.distance_km`, type: `sum` },
    km_per_route: { sql: `${CUBE}.distance_km`, type: `avg` },
    stops_per_route: { sql: `stops - 2`, type: `avg` },
  },

  dimensions: {
    route_id: { sql: `${CUBE}.route_id`, type: `number`, primaryKey: true },
    route_date: { sql: `${CUBE}.route_date`, type: `time` },
  },
});

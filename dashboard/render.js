// Asks the running Cube server (dashboard/server.js) for the dashboard's
// figures through Cube's REST API, as any Cube front end does, and writes
// them into a static page with inline SVG charts: OUT_DIR/index.html and
// OUT_DIR/data.json.  No network beyond 127.0.0.1, no chart library.
//
//     node render.js OUT_DIR
'use strict';

const fs = require('fs');
const path = require('path');
const jwt = require('jsonwebtoken');

const port = Number(process.env.CUBE_PORT || 4000);
const token = jwt.sign({}, process.env.CUBEJS_API_SECRET, { expiresIn: '1h' });
const YEAR = ['2025-01-01', '2025-12-31'];

async function load(query) {
  const url = `http://127.0.0.1:${port}/cubejs-api/v1/load?query=${encodeURIComponent(JSON.stringify(query))}`;
  for (let i = 0; i < 600; i++) {
    const res = await fetch(url, { headers: { Authorization: token } });
    const body = await res.json();
    if (body.error === 'Continue wait') continue;
    if (body.error) throw new Error(`cube: ${body.error} for ${JSON.stringify(query)}`);
    return body.data;
  }
  throw new Error('cube: no answer after 600 tries');
}

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
const pct = (x, d = 1) => (x === null || x === undefined ? '–' : `${(100 * Number(x)).toFixed(d)}%`);
const num = (x, d = 1) => (x === null || x === undefined ? '–' : Number(x).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

// one line per series; points: [{x: Date, y: number}]
function lineChart(series, { width = 640, height = 260, yFormat = pct } = {}) {
  const m = { l: 48, r: 110, t: 10, b: 28 };
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => p.x.getTime());
  const ys = all.map((p) => p.y);
  const x0 = Math.min(...xs); const x1 = Math.max(...xs);
  let y0 = Math.min(...ys); let y1 = Math.max(...ys);
  const pad = (y1 - y0) * 0.1 || 0.01; y0 -= pad; y1 = Math.min(y1 + pad, Math.max(y1, 1));
  const X = (x) => m.l + ((x - x0) / (x1 - x0 || 1)) * (width - m.l - m.r);
  const Y = (y) => height - m.b - ((y - y0) / (y1 - y0)) * (height - m.t - m.b);
  let svg = `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-size="11">`;
  for (let i = 0; i <= 4; i++) {
    const y = y0 + ((y1 - y0) * i) / 4;
    svg += `<line x1="${m.l}" x2="${width - m.r}" y1="${Y(y)}" y2="${Y(y)}" stroke="#e5e5e5"/>`;
    svg += `<text x="${m.l - 4}" y="${Y(y) + 4}" text-anchor="end" fill="#555">${yFormat(y, 0)}</text>`;
  }
  const months = new Set();
  let lastX = -1e9;
  for (const x of xs.sort((a, b) => a - b)) {
    const d = new Date(x);
    const k = `${d.getUTCFullYear()}-${d.getUTCMonth()}`;
    if (!months.has(k) && X(x) - lastX > 30) {
      months.add(k);
      lastX = X(x);
      svg += `<text x="${X(x)}" y="${height - 8}" fill="#555">${d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })}</text>`;
    }
  }
  series.forEach((s, i) => {
    const pts = s.points.map((p) => `${X(p.x.getTime()).toFixed(1)},${Y(p.y).toFixed(1)}`).join(' ');
    svg += `<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.6" points="${pts}"/>`;
    svg += `<text x="${width - m.r + 8}" y="${m.t + 14 + 15 * i}" fill="${COLORS[i % COLORS.length]}">${esc(s.name)}</text>`;
  });
  return svg + '</svg>';
}

// grouped horizontal bars: rows [{label, values: [..]}], one value per key
function barChart(rows, keys, { width = 520, yFormat = pct } = {}) {
  const m = { l: 90, r: 60, t: 6 };
  const bh = 9; const gap = 8;
  const height = m.t + rows.length * (keys.length * bh + gap) + 20;
  const max = Math.max(...rows.flatMap((r) => r.values)) || 1;
  const W = (v) => (v / max) * (width - m.l - m.r);
  let svg = `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-size="11">`;
  let y = m.t;
  for (const r of rows) {
    svg += `<text x="${m.l - 6}" y="${y + (keys.length * bh) / 2 + 4}" text-anchor="end" fill="#333">${esc(r.label)}</text>`;
    r.values.forEach((v, i) => {
      svg += `<rect x="${m.l}" y="${y}" width="${W(v).toFixed(1)}" height="${bh - 1}" fill="${COLORS[i]}"/>`;
      svg += `<text x="${m.l + W(v) + 4}" y="${y + bh - 1}" fill="#333">${yFormat(v)}</text>`;
      y += bh;
    });
    y += gap;
  }
  keys.forEach((k, i) => {
    svg += `<rect x="${m.l + 130 * i}" y="${y + 4}" width="10" height="10" fill="${COLORS[i]}"/><text x="${m.l + 130 * i + 14}" y="${y + 13}" fill="#333">${esc(k)}</text>`;
  });
  return svg + '</svg>';
}

function table(rows, cols) {
  return `<table><tr>${cols.map((c) => `<th>${esc(c.title)}</th>`).join('')}</tr>${
    rows.map((r) => `<tr>${cols.map((c) => `<td class="${c.cls || ''}">${esc(c.fmt(r[c.key]))}</td>`).join('')}</tr>`).join('')}</table>`;
}

const tile = (label, value, sub) => `<div class="tile"><div class="v">${value}</div><div class="l">${label}</div><div class="s">${sub}</div></div>`;

function page(body) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>logistics: sample company dashboard (Cube)</title>
<style>
body { font-family: 'DejaVu Sans', sans-serif; margin: 18px 24px; color: #222; background: #fafafa; }
h1 { font-size: 20px; margin: 0 0 2px; } h2 { font-size: 14px; margin: 0 0 8px; color: #333; }
.sub { color: #666; font-size: 12px; margin-bottom: 14px; }
.tiles { display: flex; gap: 12px; margin-bottom: 16px; }
.tile { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 10px 14px; min-width: 150px; }
.tile .v { font-size: 24px; font-weight: bold; } .tile .l { font-size: 12px; color: #333; } .tile .s { font-size: 10px; color: #888; }
.row { display: flex; gap: 16px; margin-bottom: 16px; align-items: flex-start; }
.card { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 10px 14px; }
table { border-collapse: collapse; font-size: 12px; } th, td { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
</style></head><body>${body}</body></html>
`;
}

async function tablesPage(out) {
  const yearOf = (dim) => [{ dimension: dim, dateRange: YEAR }];

  const kpi = (await load({
    measures: ['order_line.lines', 'order_line.otif_rate', 'order_line.on_time_rate',
      'order_line.fill_rate', 'order_line.perfect_order_rate', 'order_line.cycle_time_days'],
    timeDimensions: yearOf('order_line.promised_at'),
  }))[0];

  const weekly = await load({
    measures: ['order_line.otif_rate'],
    dimensions: ['warehouses.city'],
    timeDimensions: [{ dimension: 'order_line.promised_at', granularity: 'week', dateRange: ['2025-06-30', '2025-12-28'] }],
    order: { 'order_line.promised_at': 'asc' },
  });

  const byCity = await load({
    measures: ['order_line.fill_rate', 'order_line.on_time_rate', 'order_line.perfect_order_rate'],
    dimensions: ['warehouses.city'],
    timeDimensions: yearOf('order_line.promised_at'),
    order: { 'warehouses.city': 'asc' },
  });

  const stockCity = await load({
    measures: ['stock.stockout_rate', 'stock.avg_on_hand_units'],
    dimensions: ['warehouses.city'],
    order: { 'warehouses.city': 'asc' },
  });

  const worstSkus = await load({
    measures: ['stock.stockout_rate', 'stock.avg_on_hand_units'],
    dimensions: ['stock.sku', 'stock.category', 'stock.pattern', 'warehouses.city'],
    order: { 'stock.stockout_rate': 'desc' },
    limit: 8,
  });

  const routes = await load({
    measures: ['routes.routes', 'routes.distance_km', 'routes.km_per_route', 'routes.stops_per_route'],
    dimensions: ['warehouses.city'],
    timeDimensions: yearOf('routes.route_date'),
    order: { 'warehouses.city': 'asc' },
  });

  const data = { kpi, weekly, byCity, stockCity, worstSkus, routes };
  fs.writeFileSync(path.join(out, 'data.json'), JSON.stringify(data, null, 1));

  const cities = [...new Set(weekly.map((r) => r['warehouses.city']))].sort();
  const series = cities.map((c) => ({
    name: c,
    points: weekly.filter((r) => r['warehouses.city'] === c && r['order_line.otif_rate'] !== null)
      .map((r) => ({ x: new Date(r['order_line.promised_at.week'] + 'Z'), y: Number(r['order_line.otif_rate']) })),
  }));

  const html = page(`
<h1>Sample company: fulfillment, inventory and routes</h1>
<div class="sub">Cube 0.33 over PostgreSQL with the logistics extension; every figure is an aggregate of the extension (otif, fill_rate, perfect_order_rate, stockout_rate, time_weighted_avg, route_length) computed by the query Cube generates. Orders promised in 2025; stock over 2024-2025.</div>
<div class="tiles">
${tile('OTIF rate', pct(kpi['order_line.otif_rate']), 'logistics.otif, 2025')}
${tile('On-time rate', pct(kpi['order_line.on_time_rate']), 'logistics.on_time_rate')}
${tile('Fill rate (units)', pct(kpi['order_line.fill_rate']), 'logistics.fill_rate')}
${tile('Perfect order rate', pct(kpi['order_line.perfect_order_rate']), 'logistics.perfect_order_rate')}
${tile('Cycle time', `${num(kpi['order_line.cycle_time_days'], 2)} d`, 'logistics.cycle_time_days')}
${tile('Order lines', num(kpi['order_line.lines'], 0), 'count, 2025')}
</div>
<div class="row">
<div class="card"><h2>OTIF rate by week and warehouse, 2nd half of 2025</h2>${lineChart(series)}</div>
<div class="card"><h2>Service by warehouse, 2025</h2>${barChart(byCity.map((r) => ({
    label: r['warehouses.city'],
    values: [Number(r['order_line.fill_rate']), Number(r['order_line.on_time_rate']), Number(r['order_line.perfect_order_rate'])],
  })), ['fill rate', 'on-time rate', 'perfect order rate'])}</div>
</div>
<div class="row">
<div class="card"><h2>Inventory health by warehouse</h2>${table(stockCity, [
    { title: 'warehouse', key: 'warehouses.city', fmt: (x) => x },
    { title: 'stockout rate', key: 'stock.stockout_rate', fmt: (x) => pct(x, 2), cls: 'n' },
    { title: 'avg on hand (units)', key: 'stock.avg_on_hand_units', fmt: (x) => num(x, 1), cls: 'n' },
  ])}</div>
<div class="card"><h2>SKU-locations most often out of stock</h2>${table(worstSkus, [
    { title: 'sku', key: 'stock.sku', fmt: (x) => x },
    { title: 'category', key: 'stock.category', fmt: (x) => x },
    { title: 'pattern', key: 'stock.pattern', fmt: (x) => x },
    { title: 'warehouse', key: 'warehouses.city', fmt: (x) => x },
    { title: 'stockout rate', key: 'stock.stockout_rate', fmt: (x) => pct(x, 1), cls: 'n' },
    { title: 'avg on hand', key: 'stock.avg_on_hand_units', fmt: (x) => num(x, 1), cls: 'n' },
  ])}</div>
<div class="card"><h2>Own-fleet routes, 2025</h2>${table(routes, [
    { title: 'warehouse', key: 'warehouses.city', fmt: (x) => x },
    { title: 'routes', key: 'routes.routes', fmt: (x) => num(x, 0), cls: 'n' },
    { title: 'km', key: 'routes.distance_km', fmt: (x) => num(x, 0), cls: 'n' },
    { title: 'km/route', key: 'routes.km_per_route', fmt: (x) => num(x, 1), cls: 'n' },
    { title: 'stops/route', key: 'routes.stops_per_route', fmt: (x) => num(x, 1), cls: 'n' },
  ])}</div>
</div>
`);
  fs.writeFileSync(path.join(out, 'index.html'), html);
  console.log(`dashboard: ${path.join(out, 'index.html')} (${weekly.length} weekly points, ${kpi['order_line.lines']} lines in 2025)`);
}

async function viewsPage(out) {
  const weeksOf = (range) => [{ dimension: 'kpi_weekly.week_start', dateRange: range }];

  const kpi = (await load({
    measures: ['kpi_weekly.order_lines', 'kpi_weekly.otif_rate', 'kpi_weekly.on_time_rate',
      'kpi_weekly.fill_rate', 'kpi_weekly.perfect_rate', 'kpi_weekly.cycle_days_mean'],
    timeDimensions: weeksOf(YEAR),
  }))[0];

  const weekly = await load({
    measures: ['kpi_weekly.otif_rate'],
    dimensions: ['warehouses.city'],
    timeDimensions: [{ dimension: 'kpi_weekly.week_start', granularity: 'week', dateRange: ['2025-06-30', '2025-12-28'] }],
    order: { 'kpi_weekly.week_start': 'asc' },
  });

  const byCity = await load({
    measures: ['kpi_weekly.fill_rate', 'kpi_weekly.on_time_rate', 'kpi_weekly.perfect_rate'],
    dimensions: ['warehouses.city'],
    timeDimensions: weeksOf(YEAR),
    order: { 'warehouses.city': 'asc' },
  });

  const fcWeekly = await load({
    measures: ['forecast_vs_actual.actual_units', 'forecast_vs_actual.forecast_units'],
    timeDimensions: [{ dimension: 'forecast_vs_actual.week_start', granularity: 'week' }],
    order: { 'forecast_vs_actual.week_start': 'asc' },
  });

  const fcAccuracy = await load({
    measures: ['forecast_vs_actual.actual_units', 'forecast_vs_actual.forecast_units',
      'forecast_vs_actual.mae_units', 'forecast_vs_actual.bias_units', 'forecast_vs_actual.coverage'],
    dimensions: ['forecast_vs_actual.pattern'],
    filters: [{ member: 'forecast_vs_actual.forecast', operator: 'equals', values: ['true'] }],
    order: { 'forecast_vs_actual.pattern': 'asc' },
  });

  const stockCity = await load({
    measures: ['inventory_health.sku_locations', 'inventory_health.below_reorder_point',
      'inventory_health.days_of_supply_median', 'inventory_health.stockout_day_rate_90d',
      'inventory_health.on_hand_value'],
    dimensions: ['warehouses.city'],
    order: { 'warehouses.city': 'asc' },
  });

  const lowSkus = await load({
    measures: ['inventory_health.on_hand_units', 'inventory_health.reorder_point_units'],
    dimensions: ['inventory_health.sku', 'inventory_health.demand_class', 'warehouses.city',
      'inventory_health.days_of_supply'],
    filters: [{ member: 'inventory_health.below', operator: 'equals', values: ['true'] }],
    order: { 'inventory_health.days_of_supply': 'asc' },
    limit: 8,
  });

  const routes = await load({
    measures: ['route_plan.routes', 'route_plan.distance_km', 'route_plan.duration_h',
      'route_plan.route_cost', 'route_plan.co2_kg', 'route_plan.stops_per_route'],
    dimensions: ['warehouses.city'],
    timeDimensions: [{ dimension: 'route_plan.route_date', dateRange: YEAR }],
    order: { 'warehouses.city': 'asc' },
  });

  const data = { kpi, weekly, byCity, fcWeekly, fcAccuracy, stockCity, lowSkus, routes };
  fs.writeFileSync(path.join(out, 'data.json'), JSON.stringify(data, null, 1));

  const cities = [...new Set(weekly.map((r) => r['warehouses.city']))].sort();
  const series = cities.map((c) => ({
    name: c,
    points: weekly.filter((r) => r['warehouses.city'] === c && r['kpi_weekly.otif_rate'] !== null)
      .map((r) => ({ x: new Date(r['kpi_weekly.week_start.week'] + 'Z'), y: Number(r['kpi_weekly.otif_rate']) })),
  }));
  const wk = (r) => new Date(r['forecast_vs_actual.week_start.week'] + 'Z');
  const fcSeries = [
    { name: 'sold', points: fcWeekly.map((r) => ({ x: wk(r), y: Number(r['forecast_vs_actual.actual_units']) })) },
    { name: 'forecast', points: fcWeekly.filter((r) => r['forecast_vs_actual.forecast_units'] !== null)
      .map((r) => ({ x: wk(r), y: Number(r['forecast_vs_actual.forecast_units']) })) },
  ];
  const units = (y) => num(y, 0);

  const html = page(`
<h1>Sample company: fulfilment, forecasts, inventory and routes</h1>
<div class="sub">Cube 0.33 over the BI views of the sample company (sample.kpi_scorecard_weekly, forecast_vs_actual, inventory_health, route_plan), built on the logistics extension. Orders promised in 2025; inventory at the end of 2025; forecasts for December 1-28, 2025.</div>
<div class="tiles">
${tile('OTIF rate', pct(kpi['kpi_weekly.otif_rate']), 'otif_lines / order_lines, 2025')}
${tile('On-time rate', pct(kpi['kpi_weekly.on_time_rate']), 'on_time_lines / order_lines')}
${tile('Fill rate (units)', pct(kpi['kpi_weekly.fill_rate']), 'units_filled / units_ordered')}
${tile('Perfect order rate', pct(kpi['kpi_weekly.perfect_rate']), 'perfect / known lines')}
${tile('Cycle time', `${num(kpi['kpi_weekly.cycle_days_mean'], 2)} d`, 'mean, delivered lines')}
${tile('Order lines', num(kpi['kpi_weekly.order_lines'], 0), 'weeks starting in 2025')}
</div>
<div class="row">
<div class="card"><h2>OTIF rate by week and warehouse, 2nd half of 2025</h2>${lineChart(series)}</div>
<div class="card"><h2>Service by warehouse, 2025</h2>${barChart(byCity.map((r) => ({
    label: r['warehouses.city'],
    values: [Number(r['kpi_weekly.fill_rate']), Number(r['kpi_weekly.on_time_rate']), Number(r['kpi_weekly.perfect_rate'])],
  })), ['fill rate', 'on-time rate', 'perfect order rate'])}</div>
</div>
<div class="row">
<div class="card"><h2>Units sold per week, all SKU-locations, and the December forecast</h2>${lineChart(fcSeries, { width: 560, yFormat: units })}</div>
<div class="card"><h2>December forecast accuracy by demand pattern</h2>${table(fcAccuracy, [
    { title: 'pattern', key: 'forecast_vs_actual.pattern', fmt: (x) => x },
    { title: 'sold', key: 'forecast_vs_actual.actual_units', fmt: (x) => num(x, 0), cls: 'n' },
    { title: 'forecast', key: 'forecast_vs_actual.forecast_units', fmt: (x) => num(x, 0), cls: 'n' },
    { title: 'MAE (units/wk)', key: 'forecast_vs_actual.mae_units', fmt: (x) => num(x, 2), cls: 'n' },
    { title: 'bias', key: 'forecast_vs_actual.bias_units', fmt: (x) => num(x, 2), cls: 'n' },
    { title: '95% interval coverage', key: 'forecast_vs_actual.coverage', fmt: (x) => pct(x, 1), cls: 'n' },
  ])}</div>
</div>
<div class="row">
<div class="card"><h2>Inventory health by warehouse, end of 2025</h2>${table(stockCity, [
    { title: 'warehouse', key: 'warehouses.city', fmt: (x) => x },
    { title: 'SKU-locations', key: 'inventory_health.sku_locations', fmt: (x) => num(x, 0), cls: 'n' },
    { title: 'below ROP', key: 'inventory_health.below_reorder_point', fmt: (x) => num(x, 0), cls: 'n' },
    { title: 'days of supply (median)', key: 'inventory_health.days_of_supply_median', fmt: (x) => num(x, 1), cls: 'n' },
    { title: 'stocked-out days, 90 d', key: 'inventory_health.stockout_day_rate_90d', fmt: (x) => pct(x, 2), cls: 'n' },
    { title: 'stock value', key: 'inventory_health.on_hand_value', fmt: (x) => num(x, 0), cls: 'n' },
  ])}</div>
<div class="card"><h2>Below the reorder point: least days of supply</h2>${table(lowSkus, [
    { title: 'sku', key: 'inventory_health.sku', fmt: (x) => x },
    { title: 'demand', key: 'inventory_health.demand_class', fmt: (x) => x },
    { title: 'warehouse', key: 'warehouses.city', fmt: (x) => x },
    { title: 'days of supply', key: 'inventory_health.days_of_supply', fmt: (x) => num(x, 1), cls: 'n' },
    { title: 'on hand', key: 'inventory_health.on_hand_units', fmt: (x) => num(x, 0), cls: 'n' },
    { title: 'reorder point', key: 'inventory_health.reorder_point_units', fmt: (x) => num(x, 1), cls: 'n' },
  ])}</div>
</div>
<div class="row">
<div class="card"><h2>Own-fleet route plan, 2025 (default cost model)</h2>${table(routes, [
    { title: 'warehouse', key: 'warehouses.city', fmt: (x) => x },
    { title: 'routes', key: 'route_plan.routes', fmt: (x) => num(x, 0), cls: 'n' },
    { title: 'km', key: 'route_plan.distance_km', fmt: (x) => num(x, 0), cls: 'n' },
    { title: 'hours', key: 'route_plan.duration_h', fmt: (x) => num(x, 0), cls: 'n' },
    { title: 'cost', key: 'route_plan.route_cost', fmt: (x) => num(x, 0), cls: 'n' },
    { title: 'CO2 kg', key: 'route_plan.co2_kg', fmt: (x) => num(x, 0), cls: 'n' },
    { title: 'stops/route', key: 'route_plan.stops_per_route', fmt: (x) => num(x, 1), cls: 'n' },
  ])}</div>
</div>
`);
  fs.writeFileSync(path.join(out, 'index.html'), html);
  console.log(`dashboard: ${path.join(out, 'index.html')} (${weekly.length} weekly points, ${kpi['kpi_weekly.order_lines']} lines in 2025)`);
}

// The page on the BI views of the sample company (scripts/data/30-views.sql)
// when they are loaded (DASHBOARD_VIEWS=1, set by scripts/dashboard.sh), else
// the page on the sample tables with the extension's aggregates as measures.
async function main() {
  const out = process.argv[2];
  if (process.env.DASHBOARD_VIEWS === '1') await viewsPage(out);
  else await tablesPage(out);
}

main().catch((e) => { console.error(e.message); process.exit(1); });

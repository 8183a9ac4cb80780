// The Cube server of the dashboard (make dashboard; doc/dashboard.md):
// Cube 0.33 in production mode with an in-memory cache and queue (no Cube
// Store, no network), over the PostgreSQL that PGHOST/PGPORT/PGUSER/
// PGDATABASE name, listening on 127.0.0.1:$CUBE_PORT.
'use strict';

const http = require('http');
const path = require('path');
const express = require('express');
const CubejsServer = require('@cubejs-backend/server');
const PostgresDriver = require('@cubejs-backend/postgres-driver');

const server = new CubejsServer({
  dbType: 'postgres',
  driverFactory: () => new PostgresDriver({
    host: process.env.PGHOST,
    port: process.env.PGPORT,
    user: process.env.PGUSER,
    database: process.env.PGDATABASE,
  }),
  apiSecret: process.env.CUBEJS_API_SECRET,
  schemaPath: path.relative(process.cwd(), path.join(__dirname, 'model')),
  devServer: false,
  telemetry: false,
  cacheAndQueueDriver: 'memory',
  scheduledRefreshTimer: false,
});

// CubejsServer.listen() binds every interface: serve its app on the
// loopback only instead.
async function main() {
  const port = Number(process.env.CUBE_PORT || 4000);
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  await server.core.initApp(app);
  http.createServer(app).listen(port, '127.0.0.1', () => {
    console.log(`cube: listening on 127.0.0.1:${port}`);
  });
}

main().catch((e) => { console.error(e); process.exit(1); });

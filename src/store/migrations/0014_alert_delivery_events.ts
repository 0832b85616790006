import type { Migration } from './index.js';

// Deliveries by event: alert retention (src/jobs/prune-alerts.ts) asks, for each old event,
// whether a delivery of it is still pending and then deletes its deliveries. Without this index
// both scan all of the organization's deliveries.
export const m0014: Migration = {
  version: 14,
  name: 'alert_delivery_events',
  sql: `
CREATE INDEX alert_deliveries_by_event ON alert_deliveries (org_id, event_id) WHERE event_id IS NOT NULL;
`,
};

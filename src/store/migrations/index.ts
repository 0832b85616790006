// Versioned migrations, applied in order, all pending ones in one transaction under an
// advisory lock (src/store/migrate.ts). Never edit a released migration: add a new one.
import { m0001 } from './0001_init.js';
import { m0002 } from './0002_scans.js';
import { m0003 } from './0003_accounts.js';
import { m0004 } from './0004_jobs.js';
import { m0005 } from './0005_result_history.js';
import { m0006 } from './0006_audits.js';
import { m0007 } from './0007_tasks.js';
import { m0008 } from './0008_alerts.js';
import { m0009 } from './0009_audit_auditors.js';
import { m0010 } from './0010_status_summaries.js';
import { m0011 } from './0011_ingest_states.js';
import { m0012 } from './0012_sso_settings.js';
import { m0013 } from './0013_snapshot_at_risk.js';
import { m0014 } from './0014_alert_delivery_events.js';
import { m0015 } from './0015_task_overdue_alerted.js';
import { m0016 } from './0016_ingest_log.js';
import { m0017 } from './0017_result_changes.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015, m0016, m0017];

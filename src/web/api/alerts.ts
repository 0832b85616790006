// What the alerts API answers (src/http/routes/alerts.ts).

export const ALERT_KINDS = ['control_failing', 'control_recovered', 'evidence_expired', 'task_overdue'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  control_failing: 'A control starts failing',
  control_recovered: 'A failing control passes again',
  evidence_expired: "A control's evidence expires",
  task_overdue: 'A task becomes overdue',
};

export type DeliveryMode = 'immediate' | 'digest' | 'off';

export interface Subscription {
  kinds: AlertKind[];
  mode: DeliveryMode;
  email: string;
  emailAvailable: boolean;
}

export interface Webhook {
  id: string;
  name: string;
  url: string;
  kinds: AlertKind[];
  enabled: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface Delivery {
  id: string;
  channel: 'webhook' | 'email';
  eventId: string | null;
  webhookId: string | null;
  target: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  statusCode: number | null;
  error: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
}

export interface AlertEvent {
  id: string;
  kind: AlertKind;
  subjectType: 'control' | 'task' | 'evidence';
  subjectId: string;
  subjectTitle: string;
  before: string | null;
  after: string | null;
  detail: string;
  at: string;
}

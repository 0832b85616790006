// Alerts: what changed (a control starts failing, evidence goes stale, a task is overdue), as
// events; and the messages that tell people about them (Slack-compatible webhook JSON, email
// text). Pure: the detection compares two snapshots of control status, the renderers build
// strings. Storage and delivery are in src/store and src/app/alerts.service.ts.
import type { ControlStatus } from './status.js';

/**
 * Every kind of alert. Emitters outside status evaluation (recurring tasks: `task_overdue`)
 * raise theirs through AlertsService.raise with a draft of one of these kinds.
 */
export const ALERT_KINDS = ['control_failing', 'control_recovered', 'evidence_expired', 'task_overdue'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const isAlertKind = (v: unknown): v is AlertKind => typeof v === 'string' && (ALERT_KINDS as readonly string[]).includes(v);

export const ALERT_KIND_TITLES: Record<AlertKind, string> = {
  control_failing: 'A control started failing',
  control_recovered: 'A failing control passes again',
  evidence_expired: "A control's evidence expired",
  task_overdue: 'A task is overdue',
};

export const ALERT_SUBJECTS = ['control', 'task', 'evidence'] as const;
export type AlertSubject = (typeof ALERT_SUBJECTS)[number];

/** An alert before it is stored: what happened to which subject, and why. */
export interface AlertDraft {
  kind: AlertKind;
  subjectType: AlertSubject;
  subjectId: string;
  subjectTitle: string;
  /** Status before and after (null when not a status change, e.g. a task's due date passing). */
  before: string | null;
  after: string | null;
  /** One line of explanation, e.g. the derived status's explanation. */
  detail: string;
}

/** A stored alert event. */
export interface AlertEvent extends AlertDraft {
  id: string;
  orgId: string;
  at: string;
}

/** How a subscriber hears about alerts: at once, in one email a day, or not at all. */
export const DELIVERY_MODES = ['immediate', 'digest', 'off'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export interface ControlSnapshot {
  id: string;
  title: string;
  status: ControlStatus;
  explanation: string;
}

/**
 * The alerts a status recomputation raises, comparing each control's previous status (as last
 * recorded) with its current one. A control seen for the first time sets the baseline silently:
 * an alert is about a change, not about a state that was already there.
 */
export function statusChangeAlerts(previous: ReadonlyMap<string, string>, current: readonly ControlSnapshot[]): AlertDraft[] {
  const out: AlertDraft[] = [];
  for (const c of current) {
    const before = previous.get(c.id);
    if (before === undefined || before === c.status) continue;
    const base = { subjectType: 'control' as const, subjectId: c.id, subjectTitle: c.title, before, after: c.status, detail: c.explanation };
    if (c.status === 'failing') out.push({ kind: 'control_failing', ...base });
    else if (before === 'failing' && c.status === 'evidenced') out.push({ kind: 'control_recovered', ...base });
    else if (before === 'evidenced' && c.status === 'stale') out.push({ kind: 'evidence_expired', ...base });
  }
  return out;
}

/** One line saying what happened, for a chat message, an email subject, a list. */
export function alertHeadline(e: AlertDraft): string {
  switch (e.kind) {
    case 'control_failing': return `${e.subjectId} ${e.subjectTitle} is failing`;
    case 'control_recovered': return `${e.subjectId} ${e.subjectTitle} passes again`;
    case 'evidence_expired': return `${e.subjectId} ${e.subjectTitle}: evidence expired`;
    case 'task_overdue': return `Task overdue: ${e.subjectTitle}`;
  }
}

const change = (e: AlertDraft) => (e.before !== null || e.after !== null ? ` (${e.before ?? '—'} → ${e.after ?? '—'})` : '');

export interface WebhookPayload {
  text: string;
  blocks: unknown[];
  attest: {
    version: 1;
    event: { id: string; kind: AlertKind; at: string; subject: { type: AlertSubject; id: string; title: string }; before: string | null; after: string | null; detail: string };
    organization: { id: string; name: string };
    /** Where to look in the web app, when the server knows its public address. */
    url: string | null;
  };
}

/** The JSON a webhook receives: Slack's `text` and `blocks`, and the structured `attest` object. */
export function webhookPayload(e: AlertEvent, org: { id: string; name: string }, url: string | null): WebhookPayload {
  const headline = alertHeadline(e);
  const text = `[${org.name}] ${headline}${change(e)}`;
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(headline)}*${escapeMrkdwn(change(e))}\n${escapeMrkdwn(e.detail)}` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${escapeMrkdwn(org.name)} · ${e.at}${url ? ` · <${url}|open in Attest>` : ''}` }] },
  ];
  return {
    text, blocks,
    attest: {
      version: 1,
      event: { id: e.id, kind: e.kind, at: e.at, subject: { type: e.subjectType, id: e.subjectId, title: e.subjectTitle }, before: e.before, after: e.after, detail: e.detail },
      organization: { id: org.id, name: org.name },
      url,
    },
  };
}

/** Slack reads &, < and > as markup. */
const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface EmailText {
  subject: string;
  text: string;
}

export function alertEmail(e: AlertEvent, orgName: string, url: string | null): EmailText {
  return {
    subject: `[Attest] ${alertHeadline(e)}`,
    text: `${alertHeadline(e)}${change(e)}\n\n${e.detail}\n\nOrganization: ${orgName}\nWhen: ${e.at}\n${url ? `\nOpen it: ${url}\n` : ''}\nYou receive this because you subscribed to "${ALERT_KIND_TITLES[e.kind]}" alerts; change that on the Alerts page.\n`,
  };
}

/** One email with a day's events, oldest first; null when nothing happened (no email then). */
export function digestEmail(events: readonly AlertEvent[], orgName: string, day: string, url: string | null): EmailText | null {
  if (events.length === 0) return null;
  const lines = [...events].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)).map((e) => `- ${e.at.slice(11, 16)} UTC  ${alertHeadline(e)}${change(e)}\n    ${e.detail}`);
  return {
    subject: `[Attest] ${orgName}: ${events.length} alert${events.length === 1 ? '' : 's'} on ${day}`,
    text: `What changed in ${orgName} in the day to ${day}:\n\n${lines.join('\n')}\n${url ? `\nOpen Attest: ${url}\n` : ''}\nYou receive this daily summary because you chose it on the Alerts page.\n`,
  };
}

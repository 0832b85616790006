// Alerts (docs/ALERTS.md): webhook endpoints, people's subscriptions, the events raised when a
// status changes, and their delivery — each message one row of the delivery log and one job
// of the queue, under the same key, so it reaches each destination once and is retried with
// backoff when it does not get through.
import { randomUUID } from 'node:crypto';
import {
  ALERT_KINDS, alertEmail, DELIVERY_MODES, digestEmail, isAlertKind, statusChangeAlerts, webhookPayload,
  type AlertDraft, type AlertEvent, type AlertKind, type DeliveryMode,
} from '../domain/alerts.js';
import { toIsoDate } from '../domain/dates.js';
import { AppError, invalid, notFound, type FieldError } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import type { AlertDelivery, AlertWebhook, Repos, Subscriber, User } from '../store/index.js';
import type { Actor, AppContext } from './context.js';
import { ControlsService } from './controls.service.js';
import { randomToken } from './secrets.js';
import { postWebhook, resolveWebhookTarget, webhookUrlProblems } from './webhook-sender.js';

/** The job that delivers one message (src/jobs/deliver-alert.ts); declared here so raising an alert needs no import of src/jobs. */
export const DELIVER_ALERT_JOB = { name: 'deliver-alert', attempts: 6 } as const;

/** A daily digest lists the alerts raised in this span before its slot (retention keeps them while a digest is still to go). */
export const DIGEST_WINDOW_MS = 24 * 3600 * 1000;
/** A daily digest lists at most this many alerts, the first of the day. */
const DIGEST_EVENTS_MAX = 500;

export interface WebhookView {
  id: string;
  name: string;
  url: string;
  kinds: AlertKind[];
  enabled: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookInput {
  name: string;
  url: string;
  kinds?: string[];
  enabled?: boolean;
}

export interface SubscriptionView {
  kinds: AlertKind[];
  mode: DeliveryMode;
  /** Where emails go: the account's address. */
  email: string;
  /** Whether this server can send email at all (SMTP configured). */
  emailAvailable: boolean;
}

export interface DeliveryView {
  id: string;
  channel: AlertDelivery['channel'];
  eventId: string | null;
  webhookId: string | null;
  target: string;
  state: AlertDelivery['state'];
  attempts: number;
  statusCode: number | null;
  error: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
}

export type EventView = Omit<AlertEvent, 'orgId'>;

const presentWebhook = (w: AlertWebhook): WebhookView => ({
  id: w.id, name: w.name, url: w.url, kinds: w.kinds, enabled: w.enabled, createdBy: w.createdBy, createdAt: w.createdAt, updatedAt: w.updatedAt,
});

const presentDelivery = (d: AlertDelivery): DeliveryView => ({
  id: d.id, channel: d.channel, eventId: d.eventId, webhookId: d.webhookId, target: d.target, state: d.state, attempts: d.attempts,
  statusCode: d.statusCode, error: d.error, createdAt: d.createdAt, lastAttemptAt: d.lastAttemptAt, deliveredAt: d.deliveredAt,
});

const presentEvent = ({ orgId: _orgId, ...e }: AlertEvent): EventView => e;

/** A new person's subscription until they choose: nothing is sent (mode off); these kinds are preselected. */
export const DEFAULT_SUBSCRIPTION: { kinds: AlertKind[]; mode: DeliveryMode } = { kinds: ['control_failing', 'evidence_expired', 'task_overdue'], mode: 'off' };


const sealContext = (orgId: string, id: string) => `alert-webhook:${orgId}:${id}`;

function kindProblems(kinds: unknown, field: string): FieldError[] {
  if (!Array.isArray(kinds)) return [{ field, code: 'invalid', message: `a list of alert kinds: ${ALERT_KINDS.join(', ')}` }];
  return kinds.flatMap((k, i) => (isAlertKind(k) ? [] : [{ field: `${field}.${i}`, code: 'unknown_id', message: `${JSON.stringify(k)} is not an alert kind; the kinds are ${ALERT_KINDS.join(', ')}` }]));
}

/** Where an alert's subject is in the web app: a task's on the Tasks page, a control's on its own page. */
const subjectPath = (e: AlertEvent): string => (e.subjectType === 'task' ? '/tasks' : `/controls/${encodeURIComponent(e.subjectId)}`);

export class AlertsService {
  constructor(private readonly ctx: AppContext) {}

  private get allowPrivate(): boolean {
    return this.ctx.alerts?.allowPrivateWebhooks ?? false;
  }

  private get lookup() {
    return this.ctx.alerts?.lookup;
  }

  private link(path: string): string | null {
    const base = this.ctx.alerts?.publicUrl;
    return base ? `${base}${path}` : null;
  }

  private secrets() {
    if (!this.ctx.secrets) throw new AppError('internal', 'webhooks need the server secret key (to seal their signing secrets)');
    return this.ctx.secrets;
  }

  // Webhook endpoints.

  async listWebhooks(orgId: string): Promise<WebhookView[]> {
    return (await this.ctx.store.repos.alertWebhooks.findByOrg(orgId, { limit: 100 })).map(presentWebhook);
  }

  /** Creates an endpoint; the signing secret is in the answer, shown this once. */
  async createWebhook(orgId: string, input: WebhookInput, actor: Actor): Promise<{ webhook: WebhookView; secret: string }> {
    const name = input.name.trim();
    const kinds = input.kinds ?? [...ALERT_KINDS];
    const problems = [
      ...(name === '' ? [{ field: 'name', code: 'required', message: 'a name, e.g. "#compliance on Slack"' }] : name.length > 100 ? [{ field: 'name', code: 'too_long', message: 'at most 100 characters' }] : []),
      ...webhookUrlProblems(input.url),
      ...kindProblems(kinds, 'kinds'),
    ];
    if (problems.length) throw invalid(problems);
    await resolveWebhookTarget(input.url, { allowPrivate: this.allowPrivate, ...(this.lookup ? { lookup: this.lookup } : {}) });
    const now = this.ctx.clock();
    const id = randomUUID();
    const secret = randomToken('whsec_');
    const sealed = this.secrets().encrypt(Buffer.from(secret, 'utf8'), sealContext(orgId, id));
    const webhook = await this.ctx.store.transaction(async (tx) => {
      const w = await tx.alertWebhooks.insert({ orgId, id, name, url: input.url, secretSealed: sealed, kinds: [...new Set(kinds)] as AlertKind[], enabled: input.enabled ?? true, createdBy: actor, createdAt: now.toISOString() });
      await tx.auditLog.append(orgId, { actor, action: 'alert_webhook.created', entityType: 'alert_webhook', entityId: id, before: null, after: presentWebhook(w) }, now);
      return w;
    });
    return { webhook: presentWebhook(webhook), secret };
  }

  async updateWebhook(orgId: string, id: string, patch: Partial<WebhookInput>, actor: Actor): Promise<WebhookView> {
    const problems: FieldError[] = [];
    const name = patch.name?.trim();
    if (name !== undefined && name === '') problems.push({ field: 'name', code: 'required', message: 'the name cannot be empty' });
    if (name !== undefined && name.length > 100) problems.push({ field: 'name', code: 'too_long', message: 'at most 100 characters' });
    if (patch.url !== undefined) problems.push(...webhookUrlProblems(patch.url));
    if (patch.kinds !== undefined) problems.push(...kindProblems(patch.kinds, 'kinds'));
    if (problems.length) throw invalid(problems);
    const before = isUuid(id) ? await this.ctx.store.repos.alertWebhooks.getById(orgId, id) : null;
    if (!before) throw notFound('webhook', id, 'id');
    if (patch.url !== undefined) await resolveWebhookTarget(patch.url, { allowPrivate: this.allowPrivate, ...(this.lookup ? { lookup: this.lookup } : {}) });
    const now = this.ctx.clock();
    return this.ctx.store.transaction(async (tx) => {
      const w = await tx.alertWebhooks.update(orgId, id, { ...(name !== undefined ? { name } : {}), ...(patch.url !== undefined ? { url: patch.url } : {}), ...(patch.kinds ? { kinds: [...new Set(patch.kinds)] as AlertKind[] } : {}), ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}) }, now);
      if (!w) throw notFound('webhook', id, 'id');
      await tx.auditLog.append(orgId, { actor, action: 'alert_webhook.updated', entityType: 'alert_webhook', entityId: id, before: presentWebhook(before), after: presentWebhook(w) }, now);
      return presentWebhook(w);
    });
  }

  async deleteWebhook(orgId: string, id: string, actor: Actor): Promise<WebhookView> {
    const now = this.ctx.clock();
    if (!isUuid(id)) throw notFound('webhook', id, 'id');
    return this.ctx.store.transaction(async (tx) => {
      const w = await tx.alertWebhooks.delete(orgId, id);
      if (!w) throw notFound('webhook', id, 'id');
      await tx.auditLog.append(orgId, { actor, action: 'alert_webhook.deleted', entityType: 'alert_webhook', entityId: id, before: presentWebhook(w), after: null }, now);
      return presentWebhook(w);
    });
  }

  /** Sends a test message to an endpoint now and answers how it went (also in the delivery log). */
  async testWebhook(orgId: string, id: string): Promise<DeliveryView> {
    const { repos } = this.ctx.store;
    const w = isUuid(id) ? await repos.alertWebhooks.getById(orgId, id) : null;
    if (!w) throw notFound('webhook', id, 'id');
    const org = await repos.organizations.getById(orgId);
    const now = this.ctx.clock();
    const event: AlertEvent = {
      orgId, id: randomUUID(), at: now.toISOString(), kind: 'control_failing', subjectType: 'control', subjectId: 'TEST-00', subjectTitle: 'Test message from Attest',
      before: 'evidenced', after: 'failing', detail: 'This is a test: nothing changed. If you can read it, alerts reach this endpoint.',
    };
    const key = `test:${event.id}:${w.id}`;
    const delivery = await repos.alerts.insertDelivery({ orgId, id: randomUUID(), key, channel: 'webhook', eventId: null, webhookId: w.id, userId: null, target: hostOf(w.url), createdAt: now.toISOString() });
    const payload = webhookPayload(event, { id: orgId, name: org?.name ?? '' }, this.link('/alerts'));
    try {
      return presentDelivery(await this.sendWebhook(orgId, delivery, w, payload, { final: true, test: true }));
    } catch (e) {
      // Refused by the address rule: the answer is the failed delivery, with the reason, as for any other failure.
      if (!(e instanceof AppError && e.code === 'invalid_input')) throw e;
      return presentDelivery((await repos.alerts.getDeliveryByKey(orgId, key))!);
    }
  }

  // Subscriptions.

  /** The person behind a session; API tokens and the local command have no subscription. */
  private async person(orgId: string, userId: string | null): Promise<User> {
    const user = userId ? await this.ctx.store.repos.users.getById(orgId, userId) : null;
    if (!user) throw new AppError('forbidden', 'alert subscriptions belong to people: sign in to choose yours');
    return user;
  }

  async subscription(orgId: string, userId: string | null): Promise<SubscriptionView> {
    const user = await this.person(orgId, userId);
    const s = await this.ctx.store.repos.alertSubscriptions.get(orgId, user.id);
    return { kinds: s?.kinds ?? DEFAULT_SUBSCRIPTION.kinds, mode: s?.mode ?? DEFAULT_SUBSCRIPTION.mode, email: user.email, emailAvailable: this.ctx.mailer !== undefined };
  }

  async setSubscription(orgId: string, userId: string | null, input: { kinds: unknown; mode: unknown }): Promise<SubscriptionView> {
    const user = await this.person(orgId, userId);
    const problems = [...kindProblems(input.kinds, 'kinds')];
    if (typeof input.mode !== 'string' || !(DELIVERY_MODES as readonly string[]).includes(input.mode)) problems.push({ field: 'mode', code: 'invalid', message: 'immediate, digest or off' });
    if (problems.length) throw invalid(problems);
    await this.ctx.store.repos.alertSubscriptions.upsert({ orgId, userId: user.id, kinds: [...new Set(input.kinds as AlertKind[])], mode: input.mode as DeliveryMode, updatedAt: this.ctx.clock().toISOString() });
    return this.subscription(orgId, user.id);
  }

  // Events and the delivery log.

  async events(orgId: string, limit = 50): Promise<EventView[]> {
    return (await this.ctx.store.repos.alerts.findEvents(orgId, { limit })).map(presentEvent);
  }

  async deliveries(orgId: string, limit = 50): Promise<DeliveryView[]> {
    return (await this.ctx.store.repos.alerts.findDeliveries(orgId, { limit })).map(presentDelivery);
  }

  /**
   * Compares every control's derived status with the status alerts last recorded, raises the
   * alerts of the changes and records the new statuses. Call it inside the transaction that
   * commits the recomputation (`repos`), so a retried evaluation does not raise them twice.
   */
  async recordStatusChanges(orgId: string, repos: Repos): Promise<AlertEvent[]> {
    await repos.alerts.lockDetection(orgId);
    const controls = await new ControlsService({ ...this.ctx, store: { ...this.ctx.store, repos } }).list(orgId);
    const previous = await repos.alerts.controlStates(orgId);
    const drafts = statusChangeAlerts(previous, controls.map((c) => ({ id: c.id, title: c.title, status: c.status, explanation: c.explanation })));
    await repos.alerts.setControlStates(orgId, controls.filter((c) => previous.get(c.id) !== c.status).map((c) => ({ controlId: c.id, status: c.status })), this.ctx.clock());
    return this.raise(orgId, drafts, repos);
  }

  /**
   * Records alert events and queues their deliveries: to every enabled endpoint taking the kind,
   * and by email to every person subscribed to it immediately (when SMTP is configured). Any
   * emitter (status evaluation; recurring tasks for `task_overdue`) raises alerts through here,
   * with the repositories of its own transaction.
   */
  async raise(orgId: string, drafts: readonly AlertDraft[], repos: Repos = this.ctx.store.repos): Promise<AlertEvent[]> {
    // A fixed number of statements however many alerts are raised: the events, the endpoints and
    // the people of their kinds, then every delivery and its job.
    if (drafts.length === 0) return [];
    const now = this.ctx.clock();
    const at = now.toISOString();
    const events = await repos.alerts.insertEvents(drafts.map((draft) => ({ ...draft, orgId, id: randomUUID(), at })));
    const kinds = [...new Set(events.map((e) => e.kind))];
    const webhooks = await repos.alertWebhooks.findForKinds(orgId, kinds);
    const subscribers = this.ctx.mailer ? await repos.alertSubscriptions.findSubscribersByKind(orgId, 'immediate', kinds) : new Map<AlertKind, Subscriber[]>();
    const deliveries = events.flatMap((event) => [
      ...(webhooks.get(event.kind) ?? []).map((w) => ({ key: `webhook:${event.id}:${w.id}`, channel: 'webhook' as const, webhookId: w.id, userId: null, target: hostOf(w.url) })),
      ...(subscribers.get(event.kind) ?? []).map((s) => ({ key: `email:${event.id}:${s.userId}`, channel: 'email' as const, webhookId: null, userId: s.userId, target: s.email })),
    ].map((d) => ({ ...d, orgId, id: randomUUID(), eventId: event.id, createdAt: at })));
    await repos.alerts.insertDeliveries(deliveries);
    await repos.jobs.insertMany(deliveries.map((d) => ({ orgId, id: randomUUID(), name: DELIVER_ALERT_JOB.name, key: d.key, payload: { key: d.key }, maxAttempts: DELIVER_ALERT_JOB.attempts, runAt: now, createdAt: now })));
    return events;
  }

  /**
   * Delivers one queued message (the deliver-alert job). Resolves when it got through (or was
   * already delivered); throws when it did not, so the queue retries it — except for a URL the
   * address rule refuses (invalid_input: not retried).
   */
  async deliver(orgId: string, key: string, opts: { final: boolean }): Promise<DeliveryView> {
    const { repos } = this.ctx.store;
    const d = await repos.alerts.getDeliveryByKey(orgId, key);
    if (!d) throw notFound('delivery', key, 'key');
    if (d.state === 'delivered') return presentDelivery(d);
    const event = d.eventId ? await repos.alerts.getEvent(orgId, d.eventId) : null;
    if (!event) throw notFound('alert event', d.eventId ?? '', 'eventId');
    const org = await repos.organizations.getById(orgId);
    if (d.channel === 'webhook') {
      const w = d.webhookId ? await repos.alertWebhooks.getById(orgId, d.webhookId) : null;
      if (!w || !w.enabled) {
        const ended = await repos.alerts.recordAttempt(orgId, key, { state: 'failed', statusCode: null, error: w ? 'the endpoint was disabled' : 'the endpoint was deleted' }, this.ctx.clock());
        return presentDelivery(ended!);
      }
      const result = await this.sendWebhook(orgId, d, w, webhookPayload(event, { id: orgId, name: org?.name ?? '' }, this.link(subjectPath(event))), opts);
      if (result.state !== 'delivered') throw new Error(`webhook delivery failed: ${result.error ?? 'unknown error'}`);
      return presentDelivery(result);
    }
    const user = d.userId ? await repos.users.getById(orgId, d.userId) : null;
    if (!this.ctx.mailer || !user || user.disabledAt) {
      const ended = await repos.alerts.recordAttempt(orgId, key, { state: 'failed', statusCode: null, error: !this.ctx.mailer ? 'email is not configured (ATTEST_SMTP_URL)' : 'the account is gone or disabled' }, this.ctx.clock());
      return presentDelivery(ended!);
    }
    const mail = alertEmail(event, org?.name ?? '', this.link(subjectPath(event)));
    const result = await this.sendEmail(orgId, key, user.email, mail, opts);
    if (result.state !== 'delivered') throw new Error(`email delivery failed: ${result.error ?? 'unknown error'}`);
    return presentDelivery(result);
  }

  /**
   * The daily digest for the day ending at `until`: one email per person who chose the digest,
   * with the events of their kinds in the 24 hours before; nobody gets an empty one. Each
   * person's digest is a delivery keyed by the day, so a retry sends only the missing ones.
   */
  async sendDigests(orgId: string, until: Date, opts: { final: boolean }): Promise<{ sent: number; skipped: number; failed: number }> {
    const { repos } = this.ctx.store;
    if (!this.ctx.mailer) return { sent: 0, skipped: 0, failed: 0 };
    const org = await repos.organizations.getById(orgId);
    if (!org) throw notFound('organization', orgId);
    const from = new Date(until.getTime() - DIGEST_WINDOW_MS);
    const day = toIsoDate(from);
    let sent = 0, skipped = 0, failed = 0;
    const subscribers = await repos.alertSubscriptions.findSubscribers(orgId, 'digest');
    // One read of the day's events for everyone, each person's kinds picked from it (the same
    // DIGEST_EVENTS_MAX first of their kinds as a read of their own would give).
    const dayEvents = subscribers.length ? await repos.alerts.findEventsBetween(orgId, from, until, [...new Set(subscribers.flatMap((s) => s.kinds))], DIGEST_EVENTS_MAX) : [];
    for (const s of subscribers) {
      const events = dayEvents.filter((e) => s.kinds.includes(e.kind)).slice(0, DIGEST_EVENTS_MAX);
      const mail = digestEmail(events, org.name, day, this.link('/alerts'));
      if (!mail) { skipped++; continue; }
      const key = `digest:${day}:${s.userId}`;
      const d = await repos.alerts.insertDelivery({ orgId, id: randomUUID(), key, channel: 'email', eventId: null, webhookId: null, userId: s.userId, target: s.email, createdAt: this.ctx.clock().toISOString() });
      if (d.state === 'delivered') { skipped++; continue; }
      const result = await this.sendEmail(orgId, key, s.email, mail, opts);
      if (result.state === 'delivered') sent++;
      else failed++;
    }
    if (failed > 0 && !opts.final) throw new Error(`${failed} digest email${failed === 1 ? '' : 's'} could not be sent`);
    return { sent, skipped, failed };
  }

  private async sendWebhook(orgId: string, delivery: AlertDelivery, w: AlertWebhook, payload: unknown, opts: { final: boolean; test?: boolean }): Promise<AlertDelivery> {
    const { key } = delivery;
    const secret = this.secrets().decrypt(w.secretSealed, sealContext(orgId, w.id)).toString('utf8');
    const body = JSON.stringify(payload);
    const now = this.ctx.clock();
    let outcome: { state: AlertDelivery['state']; statusCode: number | null; error: string | null };
    try {
      const r = await postWebhook({
        url: w.url, body, secret, now, allowPrivate: this.allowPrivate, ...(this.lookup ? { lookup: this.lookup } : {}),
        headers: { 'x-attest-delivery': delivery.id, 'x-attest-event': opts.test ? 'test' : (payload as { attest: { event: { kind: string } } }).attest.event.kind },
      });
      outcome = { state: r.ok ? 'delivered' : opts.final ? 'failed' : 'pending', statusCode: r.statusCode, error: r.error };
    } catch (e) {
      // The address rule (invalid_input): a retry would meet the same refusal, so the delivery ends here.
      if (!(e instanceof AppError && e.code === 'invalid_input')) throw e;
      await this.ctx.store.repos.alerts.recordAttempt(orgId, key, { state: 'failed', statusCode: null, error: e.fields[0]?.message ?? e.message }, now);
      throw e;
    }
    return (await this.ctx.store.repos.alerts.recordAttempt(orgId, key, outcome, now))!;
  }

  private async sendEmail(orgId: string, key: string, to: string, mail: { subject: string; text: string }, opts: { final: boolean }): Promise<AlertDelivery> {
    const now = this.ctx.clock();
    let outcome: { state: AlertDelivery['state']; statusCode: number | null; error: string | null };
    try {
      await this.ctx.mailer!.send({ to, ...mail });
      outcome = { state: 'delivered', statusCode: null, error: null };
    } catch (e) {
      outcome = { state: opts.final ? 'failed' : 'pending', statusCode: null, error: (e as Error).message.slice(0, 500) };
    }
    return (await this.ctx.store.repos.alerts.recordAttempt(orgId, key, outcome, now))!;
  }
}

/** The log shows the endpoint's host, not its full URL (which may carry a token in its path). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(not a URL)';
  }
}

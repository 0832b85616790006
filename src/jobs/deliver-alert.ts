// Delivers one alert message — a webhook POST or an email — queued when the alert was raised
// (AlertsService.raise). The job's key is the delivery's key, so each destination gets a
// message once; a failed attempt is logged and retried with backoff; a URL the address rule
// refuses is not retried.
import { DELIVER_ALERT_JOB, type DeliveryView } from '../app/alerts.service.js';
import { invalidField } from '../domain/errors.js';
import { defineJob } from './types.js';

export interface DeliverAlertPayload {
  /** The delivery's key: `webhook:<event>:<endpoint>` or `email:<event>:<user>`. */
  key: string;
}

const RETRY = { attempts: DELIVER_ALERT_JOB.attempts, backoffSeconds: 30, factor: 3, maxSeconds: 3 * 3600 };

export const deliverAlert = defineJob<DeliverAlertPayload, Pick<DeliveryView, 'state' | 'attempts' | 'statusCode'>>({
  name: DELIVER_ALERT_JOB.name,
  description: 'Deliver one alert to a webhook endpoint or by email',
  retry: RETRY,
  timeoutSeconds: 60,
  parse: (payload) => {
    const key = (payload as Record<string, unknown> | null)?.key;
    if (typeof key !== 'string' || !/^(webhook|email):/.test(key)) throw invalidField('payload.key', 'invalid', 'the key of a queued delivery (webhook:… or email:…)');
    return { key };
  },
  key: (p) => p.key,
  async perform(payload, jc) {
    const d = await jc.services.alerts.deliver(jc.orgId, payload.key, { final: jc.attempt >= RETRY.attempts });
    return jc.commit(async () => ({ state: d.state, attempts: d.attempts, statusCode: d.statusCode }));
  },
});

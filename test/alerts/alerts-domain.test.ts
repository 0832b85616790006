// What a status change raises, and how alerts read: pure tables.
import { describe, expect, it } from 'vitest';
import { alertEmail, digestEmail, statusChangeAlerts, webhookPayload, type AlertEvent } from '../../src/domain/alerts.js';
import type { ControlStatus } from '../../src/domain/status.js';

const control = (id: string, status: ControlStatus) => ({ id, title: `Title of ${id}`, status, explanation: `${status} because` });

describe('statusChangeAlerts', () => {
  it.each([
    ['no_evidence', 'failing', 'control_failing'],
    ['evidenced', 'failing', 'control_failing'],
    ['stale', 'failing', 'control_failing'],
    ['failing', 'evidenced', 'control_recovered'],
    ['evidenced', 'stale', 'evidence_expired'],
  ] as const)('%s → %s raises %s', (before, after, kind) => {
    expect(statusChangeAlerts(new Map([['X-01', before]]), [control('X-01', after)])).toEqual([
      { kind, subjectType: 'control', subjectId: 'X-01', subjectTitle: 'Title of X-01', before, after, detail: `${after} because` },
    ]);
  });

  it.each([
    ['failing', 'failing'], ['evidenced', 'evidenced'], ['no_evidence', 'evidenced'], ['failing', 'stale'], ['failing', 'excluded'], ['stale', 'evidenced'], ['evidenced', 'excluded'],
  ] as const)('%s → %s raises nothing', (before, after) => {
    expect(statusChangeAlerts(new Map([['X-01', before]]), [control('X-01', after)])).toEqual([]);
  });

  it('sets the baseline silently for a control seen the first time', () => {
    expect(statusChangeAlerts(new Map(), [control('X-01', 'failing'), control('X-02', 'stale')])).toEqual([]);
  });
});

const event = (over: Partial<AlertEvent> = {}): AlertEvent => ({
  id: 'e1', orgId: 'o1', at: '2026-11-24T13:05:00.000Z', kind: 'control_failing', subjectType: 'control', subjectId: 'CRY-01', subjectTitle: 'Encryption <at> rest & more',
  before: 'evidenced', after: 'failing', detail: 'failing: 3 of 41', ...over,
});

describe('messages', () => {
  it('a webhook payload is Slack-compatible, escapes Slack markup, and carries the structured event', () => {
    const p = webhookPayload(event(), { id: 'o1', name: 'Acme' }, 'https://attest.example.com/controls/CRY-01');
    expect(p.text).toBe('[Acme] CRY-01 Encryption <at> rest & more is failing (evidenced → failing)');
    expect(JSON.stringify(p.blocks)).toContain('Encryption &lt;at&gt; rest &amp; more');
    expect(JSON.stringify(p.blocks)).toContain('<https://attest.example.com/controls/CRY-01|open in Attest>');
    expect(p.attest).toEqual({
      version: 1, url: 'https://attest.example.com/controls/CRY-01', organization: { id: 'o1', name: 'Acme' },
      event: { id: 'e1', kind: 'control_failing', at: '2026-11-24T13:05:00.000Z', subject: { type: 'control', id: 'CRY-01', title: 'Encryption <at> rest & more' }, before: 'evidenced', after: 'failing', detail: 'failing: 3 of 41' },
    });
  });

  it('an alert email names the change, the reason and the link', () => {
    const m = alertEmail(event({ kind: 'evidence_expired', after: 'stale', detail: 'stale: 40 days' }), 'Acme', null);
    expect(m.subject).toBe('[Attest] CRY-01 Encryption <at> rest & more: evidence expired');
    expect(m.text).toContain('stale: 40 days');
    expect(m.text).not.toContain('Open it');
  });

  it('a digest lists the events oldest first, and is null when there are none', () => {
    expect(digestEmail([], 'Acme', '2026-11-24', null)).toBeNull();
    const d = digestEmail([event({ id: 'b', at: '2026-11-24T15:00:00.000Z', kind: 'task_overdue', subjectType: 'task', subjectTitle: 'Access review', before: null, after: null, detail: 'due 2026-11-20' }), event({ id: 'a' })], 'Acme', '2026-11-24', null)!;
    expect(d.subject).toBe('[Attest] Acme: 2 alerts on 2026-11-24');
    expect(d.text.indexOf('13:05 UTC')).toBeLessThan(d.text.indexOf('15:00 UTC  Task overdue: Access review'));
  });
});

/**
 * The reminder job: three days before the due day and on each overdue day, once per month per
 * day however often it runs; inbox for every operator user, e-mail through the outbox for those
 * with a real address; nothing once the report is submitted.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sendMonthlyReportReminders } from '../../src/modules/monthly-reports/monthly-reports.reminders.js';
import { buildReportWorld, FULL_USAGE, type ReportWorld } from './world.js';

// Submissions render a PDF with embedded fonts: seconds each on a loaded two-core machine.
vi.setConfig({ testTimeout: 120_000 });

let w: ReportWorld;

beforeAll(async () => {
  w = await buildReportWorld();
  // One operator user has a real e-mail address; the others have the platform's placeholder.
  await w.t.db.database.raw.query(
    `UPDATE users SET email = 'report-clerk@operator.example.com'
      WHERE id = (SELECT u.id FROM users u JOIN organisations o ON o.id = u.organisation_id
                   WHERE o.kind = 'operator' ORDER BY u.username LIMIT 1)`,
  );
}, 180_000);
afterAll(() => w.t.close());

const run = () => sendMonthlyReportReminders(w.t.app.services);
const inbox = async () =>
  w.t.db.database.raw.query<{ title: string; user_id: string }>(
    "SELECT title, user_id FROM notifications WHERE kind LIKE 'monthly-report.%' ORDER BY created_at, title",
  );
const outbox = async () =>
  w.t.db.database.raw.query<{ subject: string }>(
    'SELECT subject FROM outbound_messages ORDER BY created_at',
  );

describe('monthly report reminders', () => {
  it('three days before the due day: once, however often the job runs', async () => {
    // 2026-02-07 09:15 in Shanghai; January's report is due on 2026-02-10.
    w.t.clock.set('2026-02-07T01:15:00.000Z');
    expect(await run()).toBe(1);
    expect(await run()).toBe(0);
    const notes = await inbox();
    const operatorUsers = await w.t.db.database.raw.query(
      `SELECT u.id FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE o.kind = 'operator'`,
    );
    expect(notes).toHaveLength(operatorUsers.length);
    expect(notes[0]?.title).toBe('2026年1月运营报告将于 2026-02-10 到期');
    expect((await outbox()).map((m) => m.subject)).toEqual([
      '2026年1月运营报告将于 2026-02-10 到期',
    ]);
  });

  it('nothing on the days between, nor on the due day itself', async () => {
    for (const instant of ['2026-02-08T01:15:00.000Z', '2026-02-10T15:30:00.000Z']) {
      w.t.clock.set(instant);
      expect(await run()).toBe(0);
    }
  });

  it('every overdue day, each once', async () => {
    w.t.clock.set('2026-02-10T16:00:00.000Z'); // 00:00 on the 11th in Shanghai
    expect(await run()).toBe(1);
    w.t.clock.set('2026-02-11T10:00:00.000Z'); // still the 11th in Shanghai
    expect(await run()).toBe(0);
    w.t.clock.set('2026-02-12T01:15:00.000Z');
    expect(await run()).toBe(1);
    const titles = [...new Set((await inbox()).map((n) => n.title))];
    expect(titles).toEqual([
      '2026年1月运营报告将于 2026-02-10 到期',
      '2026年1月运营报告已逾期 1 天',
      '2026年1月运营报告已逾期 2 天',
    ]);
    expect(await outbox()).toHaveLength(3);
  });

  it('stops once the report is submitted', async () => {
    await w.at('2026-02-12T02:00:00.000Z');
    const saved = await w.staff.request({
      method: 'PUT',
      url: '/api/monthly-reports/2026-01',
      payload: FULL_USAGE,
    });
    expect(saved.statusCode).toBe(200);
    const submitted = await w.admin.post('/api/monthly-reports/2026-01/submit');
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().rounds[0].lateDays).toBe(2);
    w.t.clock.set('2026-02-13T01:15:00.000Z');
    expect(await run()).toBe(0);
  });
});

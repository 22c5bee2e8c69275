/**
 * Monthly operation reports through the app: draft → submit → return → resubmit → archive,
 * the month's boundaries in Shanghai time, the late flag, every refusal with its code, the
 * frozen documents and their hashes, and the open API's statement agreeing with the report and
 * with the ledger to the fen.
 */
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { problemOf, signedInAs } from '../helpers/accounts.js';
import { buildReportWorld, FULL_USAGE, type ReportWorld } from './world.js';

// Submissions render a PDF with embedded fonts: seconds each on a loaded two-core machine.
vi.setConfig({ testTimeout: 120_000 });

let w: ReportWorld;
let star5: string;
let star3: string;
let firstDeduction: string;

beforeAll(async () => {
  w = await buildReportWorld();
  star5 = (await w.world.enterpriseWithVoucher(5)).creditCode;
  star3 = (await w.world.enterpriseWithVoucher(3)).creditCode;
  firstDeduction = (await w.bill(star5, 100_00)).deductionId;
  await w.bill(star3, 50_01, 'storage');
  await w.api.reverse(firstDeduction, 30_00, '账单调整');
  // The last second of January in Shanghai belongs to January; the next to February.
  w.t.clock.set('2026-01-31T15:59:59.000Z');
  await w.bill(star5, 7, 'network');
  w.t.clock.set('2026-01-31T16:00:00.000Z');
  await w.bill(star5, 11, 'security');
  await w.at('2026-01-20T02:00:00.000Z');
}, 180_000);
afterAll(() => w.t.close());

const detail = async (month: string) => (await w.staff.get(`/api/monthly-reports/${month}`)).json();

describe('draft', () => {
  it('the 经办人 drafts part (a) in the current month and sees parts (b) and (c) computed', async () => {
    const response = await w.staff.request({
      method: 'PUT',
      url: '/api/monthly-reports/2026-01',
      payload: FULL_USAGE,
    });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({
      month: '2026-01',
      status: 'draft',
      monthState: 'current',
      dueDate: '2026-02-10',
      roundNo: 0,
      frozen: false,
      usage: {
        vcpuCoreHours: '125000.50',
        memoryGibHours: '500000.00',
        blockStorageTbMonths: '12.125',
        objectStorageTbMonths: '3.500',
        securityInstances: 12,
      },
    });
    expect(report.parts.reconciliation).toEqual({ ok: true, discrepancies: [] });
    const total = report.parts.controls.find((row: { star: number }) => row.star === 0);
    expect(total).toMatchObject({
      opening: 0,
      granted: 6_000_000,
      deducted: 100_00 + 50_01 + 7,
      restored: 30_00,
      voided: 0,
    });
  });

  it('refuses bad figures with 400 naming the field, and writes nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ vcpuCoreHours: -1 }, 'body.vcpuCoreHours'],
      [{ memoryGibHours: '1e30' }, 'body.memoryGibHours'],
      [{ trafficTb: '12345678901' }, 'body.trafficTb'],
      [{ bandwidthPeakMbps: 'abc' }, 'body.bandwidthPeakMbps'],
      [{ blockStorageTbMonths: '1.2345' }, 'body.blockStorageTbMonths'],
      [{ securityInstances: 1.5 }, 'body.securityInstances'],
      [{ securityInstances: -2 }, 'body.securityInstances'],
      [{ objectStorageTbMonths: true }, 'body.objectStorageTbMonths'],
      [{ commentary: 'x'.repeat(5001) }, 'body.commentary'],
      [{ unknown: 1 }, 'body.unknown'],
    ];
    for (const [payload, field] of cases) {
      const response = await w.staff.request({
        method: 'PUT',
        url: '/api/monthly-reports/2025-12',
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      const problem = problemOf(response);
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.field)).toContain(field);
    }
    const rows = await w.t.db.database.raw.query(
      "SELECT 1 FROM monthly_reports WHERE month = '2025-12'",
    );
    expect(rows).toHaveLength(0);
  });

  it('refuses a month that has not started and a malformed month', async () => {
    const future = await w.staff.request({
      method: 'PUT',
      url: '/api/monthly-reports/2026-02',
      payload: {},
    });
    expect(future.statusCode).toBe(422);
    expect(problemOf(future).code).toBe('PERIOD_NOT_STARTED');
    const malformed = await w.staff.get('/api/monthly-reports/2026-13');
    expect(malformed.statusCode).toBe(400);
    expect(problemOf(malformed).code).toBe('VALIDATION_FAILED');
  });

  it('the month is not submitted before it has ended', async () => {
    const response = await w.admin.post('/api/monthly-reports/2026-01/submit');
    expect(response.statusCode).toBe(409);
    expect(problemOf(response).code).toBe('MONTHLY_REPORT_MONTH_NOT_ENDED');
  });

  it('roles: the 经办人 cannot submit, the Data Bureau cannot draft nor see a draft, an enterprise sees nothing', async () => {
    expect((await w.staff.post('/api/monthly-reports/2026-01/submit')).statusCode).toBe(403);
    const bureauDraft = await w.reviewer.request({
      method: 'PUT',
      url: '/api/monthly-reports/2026-01',
      payload: {},
    });
    expect(bureauDraft.statusCode).toBe(403);
    const hidden = await w.reviewer.get('/api/monthly-reports/2026-01');
    expect(hidden.statusCode).toBe(404);
    expect(problemOf(hidden).code).toBe('MONTHLY_REPORT_NOT_FOUND');
    expect((await w.reviewer.get('/api/monthly-reports?year=2026')).json().items).toEqual([]);
    const { client: enterprise } = await signedInAs(w.t.app, 'enterprise_agent');
    expect((await enterprise.get('/api/monthly-reports')).statusCode).toBe(403);
    expect((await w.reviewer.post('/api/monthly-reports/2026-01/archive')).statusCode).toBe(404);
  });
});

describe('submit, return, resubmit, archive', () => {
  it('refuses an incomplete part (a), naming what is missing', async () => {
    await w.at('2026-03-20T02:00:00.000Z');
    await w.staff.request({
      method: 'PUT',
      url: '/api/monthly-reports/2026-02',
      payload: { vcpuCoreHours: '1' },
    });
    const response = await w.admin.post('/api/monthly-reports/2026-02/submit');
    expect(response.statusCode).toBe(422);
    const problem = problemOf(response);
    expect(problem.code).toBe('MONTHLY_REPORT_INCOMPLETE');
    expect(problem.detail).toContain('内存 GiB·小时');
    expect(problem.errors?.map((e) => e.field)).toContain('body.securityInstances');
    await w.at('2026-01-20T02:00:00.000Z');
  });

  it('submits on the due day (23:59 Shanghai) on time, freezing the snapshot, Excel and PDF with their SHA-256', async () => {
    await w.at('2026-02-10T15:59:00.000Z');
    const response = await w.admin.post('/api/monthly-reports/2026-01/submit');
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ status: 'submitted', roundNo: 1, lateDays: 0, frozen: true });
    const [round] = report.rounds;
    expect(round).toMatchObject({ roundNo: 1, lateDays: 0, dueDate: '2026-02-10', decision: null });
    for (const document of round.documents) {
      const download = await w.reviewer.get(document.url);
      expect(download.statusCode, document.url).toBe(200);
      expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(document.sha256);
      expect(download.headers['content-disposition']).toContain('attachment');
    }
    // The workbook's control totals, in yuan, match the snapshot to the fen.
    const xlsx = await w.staff.get(round.documents[1].url);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      '一、资源使用',
      '二、企业上云',
      '三、资源券使用',
      '控制合计',
    ]);
    const controls = workbook.getWorksheet('控制合计');
    const totalRow = controls
      ?.getRows(1, controls.rowCount)
      ?.find((row) => row.getCell(1).value === '合计');
    expect(totalRow?.getCell(5).value).toBe((100_00 + 50_01 + 7) / 100);
    const pdf = await w.staff.get(round.documents[2].url);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // A deduction after January does not change the frozen report.
    await w.bill(star5, 99, 'compute');
    expect((await detail('2026-01')).parts).toEqual(report.parts);
  });

  it('refuses a second submission and edits while under review', async () => {
    const again = await w.admin.post('/api/monthly-reports/2026-01/submit');
    expect(again.statusCode).toBe(409);
    expect(problemOf(again).code).toBe('MONTHLY_REPORT_ALREADY_SUBMITTED');
    const edit = await w.staff.request({
      method: 'PUT',
      url: '/api/monthly-reports/2026-01',
      payload: { commentary: '改' },
    });
    expect(edit.statusCode).toBe(409);
    expect(problemOf(edit).code).toBe('MONTHLY_REPORT_NOT_EDITABLE');
  });

  it('the Data Bureau sees it in its queue and returns it with a reason (a blank reason is refused)', async () => {
    const queue = (await w.reviewer.get('/api/monthly-reports?queue=true')).json().items;
    expect(queue.map((item: { month: string }) => item.month)).toEqual(['2026-01']);
    const blank = await w.reviewer.post('/api/monthly-reports/2026-01/return', { reason: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(problemOf(blank).errors?.map((e) => e.field)).toContain('body.reason');
    const returned = await w.reviewer.post('/api/monthly-reports/2026-01/return', {
      reason: '情况说明未说明新增企业名称',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned' });
    expect(returned.json().rounds[0]).toMatchObject({
      decision: 'returned',
      reason: '情况说明未说明新增企业名称',
    });
    const twice = await w.reviewer.post('/api/monthly-reports/2026-01/archive');
    expect(twice.statusCode).toBe(409);
    expect(problemOf(twice).code).toBe('MONTHLY_REPORT_NOT_UNDER_REVIEW');
  });

  it('the operator corrects and resubmits two days late; the round records it', async () => {
    await w.at('2026-02-12T03:00:00.000Z');
    const edit = await w.staff.request({
      method: 'PUT',
      url: '/api/monthly-reports/2026-01',
      payload: { commentary: '本月新增上云企业：测试企业。' },
    });
    expect(edit.statusCode).toBe(200);
    const response = await w.admin.post('/api/monthly-reports/2026-01/submit');
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(
      report.rounds.map((r: { roundNo: number; lateDays: number }) => [r.roundNo, r.lateDays]),
    ).toEqual([
      [1, 0],
      [2, 2],
    ]);
    // The month is judged on time by its first submission.
    expect(report.lateDays).toBe(0);
    expect(report.commentary).toBe('本月新增上云企业：测试企业。');
  });

  it('the Data Bureau archives it (存档备查); nothing more can change', async () => {
    const archived = await w.reviewer.post('/api/monthly-reports/2026-01/archive');
    expect(archived.statusCode, archived.body).toBe(200);
    expect(archived.json()).toMatchObject({ status: 'archived', roundNo: 2 });
    const edit = await w.staff.request({
      method: 'PUT',
      url: '/api/monthly-reports/2026-01',
      payload: {},
    });
    expect(problemOf(edit).code).toBe('MONTHLY_REPORT_NOT_EDITABLE');
    const audit = await w.t.db.database.raw.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE target_type = 'monthly-report' AND outcome = 'success'
        ORDER BY entry_no`,
    );
    expect(audit.map((row) => row.action)).toEqual([
      'monthly-report.save-draft',
      'monthly-report.save-draft',
      'monthly-report.submit',
      'monthly-report.return',
      'monthly-report.save-draft',
      'monthly-report.submit',
      'monthly-report.archive',
    ]);
  });

  it('a month never submitted shows as overdue in the operator list', async () => {
    await w.at('2026-03-14T02:00:00.000Z');
    const items = (await w.staff.get('/api/monthly-reports?year=2026')).json().items;
    const february = items.find((item: { month: string }) => item.month === '2026-02');
    expect(february).toMatchObject({ status: 'draft', dueDate: '2026-03-10', overdueDays: 4 });
    const january = items.find((item: { month: string }) => item.month === '2026-01');
    expect(january).toMatchObject({ status: 'archived', lateDays: 0, overdueDays: 0 });
  });
});

describe('GET /api/open/v1/statements/{month}', () => {
  it('agrees with the archived report and with the ledger to the fen', async () => {
    const statement = await w.api.call('GET', '/statements/2026-01');
    expect(statement).toMatchObject({
      month: '2026-01',
      complete: true,
      deductions: 3,
      deducted: 100_00 + 50_01 + 7,
      reversals: 1,
      reversed: 30_00,
      netWriteOff: 100_00 + 50_01 + 7 - 30_00,
      expired: 0,
      byCategory: { compute: 70_00, storage: 50_01, network: 7, security: 0 },
    });
    expect(statement.byEnterprise.map((e: { creditCode: string }) => e.creditCode)).toEqual(
      [star5, star3].sort(),
    );
    const report = await detail('2026-01');
    const usage = report.parts.vouchers;
    expect(usage.totals).toEqual({
      deductions: statement.deductions,
      deducted: statement.deducted,
      reversals: statement.reversals,
      reversed: statement.reversed,
      netWriteOff: statement.netWriteOff,
    });
    for (const line of usage.byCategory) {
      expect(line.netWriteOff).toBe(statement.byCategory[line.category]);
    }
    expect(
      usage.byEnterprise.map((e: { creditCode: string; netWriteOff: number }) => [
        e.creditCode,
        e.netWriteOff,
      ]),
    ).toEqual(
      statement.byEnterprise.map((e: { creditCode: string; netWriteOff: number }) => [
        e.creditCode,
        e.netWriteOff,
      ]),
    );
    // Independently of both: the redeemed account's movements in January, straight from SQL.
    const [ledger] = await w.t.db.database.raw.query<{ deducted: string; reversed: string }>(
      `SELECT coalesce(sum(amount) FILTER (WHERE kind = 'deduct'), 0) AS deducted,
              coalesce(sum(amount) FILTER (WHERE kind IN ('restore', 'reversal_void')), 0) AS reversed
         FROM ledger_transfers
        WHERE (effective_at AT TIME ZONE 'Asia/Shanghai') >= '2026-01-01'
          AND (effective_at AT TIME ZONE 'Asia/Shanghai') < '2026-02-01'`,
    );
    expect(Number(ledger?.deducted)).toBe(statement.deducted);
    expect(Number(ledger?.reversed)).toBe(statement.reversed);
    const total = report.parts.controls.find((row: { star: number }) => row.star === 0);
    expect(total.deducted - total.restored).toBe(statement.netWriteOff);
  });

  it('a month under way is not complete; February holds the bill of 00:00 on 1 February', async () => {
    const statement = await w.api.call('GET', '/statements/2026-03');
    expect(statement).toMatchObject({ month: '2026-03', complete: false, deductions: 0 });
    const february = await w.api.call('GET', '/statements/2026-02');
    expect(february).toMatchObject({ complete: true, deductions: 2, deducted: 11 + 99 });
  });

  it('400 VALIDATION_FAILED for a malformed month, 422 PERIOD_NOT_STARTED for a future one', async () => {
    const malformed = await w.api.raw('GET', '/statements/2026-1');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    const future = await w.api.raw('GET', '/statements/2026-04');
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('PERIOD_NOT_STARTED');
  });

  it('is in the OpenAPI document', async () => {
    const document = (
      await w.t.app.inject({ method: 'GET', url: '/api/open/v1/openapi.json' })
    ).json();
    expect(Object.keys(document.paths)).toContain('/api/open/v1/statements/{month}');
  });
});

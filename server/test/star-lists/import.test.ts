/**
 * Star-list import through the real app: the template, the per-row report before anything is
 * saved, saving a draft batch, bad files of every kind refused with a stable code and nothing
 * changed, publishing (irreversible, audited), search, view and export.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemOf, signedInAs, type TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { creditCodeFor } from '../helpers/fixtures.js';
import { type Cell, csvOf, gbk, HEADER, listRow, upload, xlsxOf } from './support.js';

let t: TestApp;
let drc: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.services.policies.ensureDefault();
  drc = (await signedInAs(t.app, 'drc_officer')).client;
});
afterAll(() => t.close());

async function counts() {
  const [row] = await t.db.database.raw.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM star_list_batches) AS batches,
            (SELECT count(*) FROM star_list_entries) AS entries,
            (SELECT count(*) FROM files) AS files`,
  );
  return {
    batches: Number(row?.batches),
    entries: Number(row?.entries),
    files: Number(row?.files),
  };
}

const preview = (name: string, bytes: Buffer | string, listYear = 2031) =>
  upload(drc, '/api/star-lists/import/preview', { name, bytes }, { listYear: String(listYear) });

const importFile = (
  name: string,
  bytes: Buffer | string,
  listYear: number,
  extra: Record<string, string> = {},
) =>
  upload(
    drc,
    '/api/star-lists/import',
    { name, bytes },
    { listYear: String(listYear), title: `${listYear}年第一批`, ...extra },
  );

async function importedBatch(rows: Cell[][], listYear: number, publish = false) {
  const response = await importFile('list.xlsx', await xlsxOf(rows), listYear);
  expect(response.statusCode, response.body).toBe(201);
  const { batch } = response.json();
  if (publish) {
    expect((await drc.post(`/api/star-lists/batches/${batch.id}/publish`)).statusCode).toBe(200);
  }
  return batch as { id: string; batchNo: number };
}

describe('template', () => {
  it('is a workbook with the provincial columns, a note and an example row the import skips', async () => {
    const response = await drc.get('/api/star-lists/template.xlsx');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(String(sheet.getRow(1).getCell(1).value)).toContain('填写说明');
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(HEADER);
    expect(sheet.getRow(3).getCell(1).value).toBe('示例');
    expect(sheet.getColumn(4).width).toBeGreaterThan(20);

    // Uploaded as it is, the template has no data rows: the example is never imported.
    const before = await counts();
    const empty = await preview('模板.xlsx', response.rawPayload);
    expect(empty.statusCode).toBe(422);
    expect(problemOf(empty).code).toBe('STAR_LIST_EMPTY');

    // Filled in below the example, it imports.
    sheet.addRow(listRow(9_001, 5));
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    const ok = await preview('模板.xlsx', filled);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().summary).toEqual({ total: 1, valid: 1, invalid: 0, withWarnings: 0 });
    expect(ok.json().headerRowNo).toBe(2);
    expect(await counts()).toEqual(before);
  });
});

describe('preview', () => {
  it('reports every row with its errors in Chinese and saves nothing', async () => {
    const before = await counts();
    const bytes = await xlsxOf(
      [
        listRow(1, 5),
        listRow(2, 2),
        [3, '南通市', '海安市', '错误代码有限公司', '91350100M000100Y4Z', 3],
        listRow(1, 4, 4),
        [5, '南通市', '', '缺县区有限公司', creditCodeFor(5), '五'],
      ],
      { titleRow: '2031年江苏省星级上云企业名单' },
    );
    const response = await preview('名单.xlsx', bytes);
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({
      listYear: 2031,
      format: 'xlsx',
      sheetName: '名单',
      headerRowNo: 2,
      summary: { total: 5, valid: 1, invalid: 4, withWarnings: 0 },
      canImport: false,
    });
    expect(report.columns.map((c: { header: string }) => c.header)).toEqual(HEADER);
    const errors = report.rows.map((r: { rowNo: number; errors: { code: string }[] }) => [
      r.rowNo,
      r.errors.map((e) => e.code),
    ]);
    expect(errors).toEqual([
      [3, []],
      [4, ['STAR_INVALID']],
      [5, ['CREDIT_CODE_CHARACTERS']],
      [6, ['DUPLICATE_IN_FILE']],
      [7, ['VALUE_REQUIRED', 'STAR_INVALID']],
    ]);
    expect(report.rows[3].errors[0]).toEqual({
      column: 'creditCode',
      code: 'DUPLICATE_IN_FILE',
      message: '统一社会信用代码与第 3 行重复',
    });
    expect(report.rows[4].values).toMatchObject({ county: '', star: '五' });
    expect(await counts()).toEqual(before);
  });

  it('reads a GBK CSV as Chinese Excel saves it', async () => {
    const text = csvOf(
      [listRow(11, 5), listRow(12, 3)],
      ['序号', '设区市', '县（市、区）', '企业名称', '统一社会信用代码', '星级'],
    );
    const response = await preview('名单.csv', gbk(text));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      format: 'csv',
      encoding: 'gb18030',
      summary: { total: 2, valid: 2 },
    });
    expect(response.json().rows[0].values.enterpriseName).toBe('海安测试企业11有限公司');
  });

  it('reads a UTF-8 CSV with a BOM and quoted fields', async () => {
    const text = `\ufeff${csvOf([[1, '南通市', '海安市', '海安"云"科技, 有限公司', creditCodeFor(13), 4]])}`;
    const response = await preview('名单.csv', text);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().encoding).toBe('utf-8');
    expect(response.json().rows[0].values.enterpriseName).toBe('海安"云"科技, 有限公司');
  });

  it('refuses a form without a list year, naming the field', async () => {
    const response = await upload(
      drc,
      '/api/star-lists/import/preview',
      { name: 'a.csv', bytes: csvOf([listRow(1)]) },
      {},
    );
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.[0]?.field).toBe('body.listYear');
  });
});

describe('bad files: a stable code, a Chinese reason, nothing changed', () => {
  async function zipOf(files: Record<string, string | Buffer>) {
    const zip = new JSZip();
    for (const [name, content] of Object.entries(files)) zip.file(name, content);
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  }

  const PNG = Buffer.concat([
    Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
    Buffer.from('0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex'),
  ]);

  const cases: Array<
    [string, () => Promise<{ name: string; bytes: Buffer }>, number, string, string?]
  > = [
    [
      'random bytes named .xlsx',
      async () => ({
        name: '名单.xlsx',
        bytes: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)),
      }),
      422,
      'STAR_LIST_UNREADABLE',
      'NOT_A_WORKBOOK',
    ],
    [
      'random bytes named .csv',
      async () => ({
        name: '名单.csv',
        bytes: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)),
      }),
      422,
      'STAR_LIST_UNREADABLE',
      'NOT_TEXT',
    ],
    [
      'a renamed executable',
      async () => ({
        name: '名单.xlsx',
        bytes: Buffer.concat([
          Buffer.from('MZ'),
          Buffer.alloc(58),
          Buffer.from([0x80, 0, 0, 0]),
          Buffer.alloc(200),
        ]),
      }),
      415,
      'UNSUPPORTED_FILE_TYPE',
    ],
    ['a PNG', async () => ({ name: 'list.png', bytes: PNG }), 415, 'UNSUPPORTED_FILE_TYPE'],
    [
      'a truncated workbook',
      async () => {
        const whole = await xlsxOf([listRow(1)]);
        return { name: '名单.xlsx', bytes: whole.subarray(0, Math.floor(whole.length / 2)) };
      },
      422,
      'STAR_LIST_UNREADABLE',
    ],
    [
      'a zip archive that is not a workbook',
      async () => ({ name: '名单.xlsx', bytes: await zipOf({ 'readme.txt': '你好' }) }),
      422,
      'STAR_LIST_UNREADABLE',
      'NOT_A_WORKBOOK',
    ],
    [
      'a zip bomb: a workbook with a 48 MB sheet compressed to kilobytes',
      async () => ({
        name: '名单.xlsx',
        bytes: await zipOf({
          '[Content_Types].xml': '<Types/>',
          'xl/workbook.xml': '<workbook/>',
          'xl/worksheets/sheet1.xml': Buffer.alloc(48 * 1024 * 1024, 0x20),
        }),
      }),
      422,
      'STAR_LIST_UNREADABLE',
      'TOO_LARGE_INFLATED',
    ],
    [
      'an encrypted or legacy .xls workbook (OLE compound file)',
      async () => ({
        name: '名单.xls',
        bytes: Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]),
      }),
      422,
      'STAR_LIST_UNREADABLE',
      'LEGACY_OR_ENCRYPTED',
    ],
    [
      'a file over 5 MB',
      async () => ({ name: '名单.csv', bytes: Buffer.alloc(5 * 1024 * 1024 + 1, 0x41) }),
      413,
      'FILE_TOO_LARGE',
    ],
    [
      'an empty file',
      async () => ({ name: '名单.csv', bytes: Buffer.alloc(0) }),
      400,
      'FILE_EMPTY',
    ],
    [
      'a CSV with an unterminated quote',
      async () => ({
        name: '名单.csv',
        bytes: Buffer.from(`${HEADER.join(',')}\n1,"南通市,海安市\n`),
      }),
      422,
      'STAR_LIST_UNREADABLE',
      'CSV_UNTERMINATED_QUOTE',
    ],
    [
      'a list without the credit code and star columns',
      async () => ({
        name: '名单.xlsx',
        bytes: await xlsxOf([[1, '南通市', '海安市', '甲']], { header: HEADER.slice(0, 4) }),
      }),
      422,
      'STAR_LIST_COLUMNS_MISSING',
    ],
    [
      'a list of more than 20,000 rows',
      async () => ({
        name: '名单.csv',
        bytes: Buffer.from(csvOf(Array.from({ length: 20_001 }, (_, i) => listRow(i + 1)))),
      }),
      422,
      'STAR_LIST_TOO_MANY_ROWS',
    ],
  ];

  it.each(cases)('%s', async (_name, make, status, code, reason) => {
    const file = await make();
    const before = await counts();
    for (const url of ['/api/star-lists/import/preview', '/api/star-lists/import'] as const) {
      const response = await upload(drc, url, file, { listYear: '2032', title: '坏文件' });
      expect(response.statusCode, response.body).toBe(status);
      const problem = problemOf(response);
      expect(problem.code).toBe(code);
      expect(problem.detail).toMatch(/[\u4e00-\u9fff]/);
      if (reason) expect(problem.reason).toBe(reason);
    }
    expect(await counts()).toEqual(before);
  });

  it('names the missing columns', async () => {
    const response = await preview(
      '名单.xlsx',
      await xlsxOf([[1, '南通市', '海安市', '甲']], { header: HEADER.slice(0, 4) }),
    );
    expect(problemOf(response)).toMatchObject({
      detail: '名单缺少以下列：统一社会信用代码、星级',
      missing: ['统一社会信用代码', '星级'],
    });
  });

  it('refuses a request that is not multipart', async () => {
    const response = await drc.post('/api/star-lists/import', { listYear: 2032 });
    expect(response.statusCode).toBe(415);
    expect(problemOf(response).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('import', () => {
  it('saves a valid list as a draft batch with its source file, and refuses an invalid one whole', async () => {
    const before = await counts();
    const invalid = await importFile(
      '名单.xlsx',
      await xlsxOf([listRow(101), listRow(102, 6)]),
      2033,
    );
    expect(invalid.statusCode).toBe(422);
    expect(problemOf(invalid).code).toBe('STAR_LIST_INVALID');
    expect((problemOf(invalid).report as { summary: unknown }).summary).toEqual({
      total: 2,
      valid: 1,
      invalid: 1,
      withWarnings: 0,
    });
    expect(await counts()).toEqual(before);

    const bytes = await xlsxOf([listRow(101, 5), listRow(102, 4), listRow(103, 3)]);
    const response = await importFile('2033名单.xlsx', bytes, 2033);
    expect(response.statusCode, response.body).toBe(201);
    const { batch, summary } = response.json();
    expect(summary).toEqual({ total: 3, valid: 3, invalid: 0, withWarnings: 0 });
    expect(batch).toMatchObject({
      listYear: 2033,
      batchNo: 1,
      title: '2033年第一批',
      status: 'draft',
      entryCount: 3,
      starCounts: { 3: 1, 4: 1, 5: 1 },
      sourceFile: {
        name: '2033名单.xlsx',
        mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      publishedAt: null,
    });
    expect(await counts()).toEqual({
      batches: before.batches + 1,
      entries: before.entries + 3,
      files: before.files + 1,
    });
    const source = await drc.get(`/api/star-lists/batches/${batch.id}/source`);
    expect(source.statusCode).toBe(200);
    expect(source.rawPayload.equals(bytes)).toBe(true);
  });

  it('stores a CSV source as text/csv', async () => {
    const response = await importFile('名单.csv', gbk(csvOf([listRow(121, 3)])), 2033);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().batch).toMatchObject({
      batchNo: 2,
      entryCount: 1,
      sourceFile: { mediaType: 'text/csv' },
    });
  });

  it('refuses an enterprise already in an earlier batch of the same year, draft or published', async () => {
    await importedBatch([listRow(201, 4)], 2034, true);
    await importedBatch([listRow(202, 4)], 2034);
    const response = await importFile(
      '第三批.xlsx',
      await xlsxOf([listRow(201, 5), listRow(202, 3), listRow(203, 3)]),
      2034,
    );
    expect(response.statusCode).toBe(422);
    const rows = (problemOf(response).report as { rows: { errors: { message: string }[] }[] }).rows;
    expect(rows.map((r) => r.errors.map((e) => e.message))).toEqual([
      ['该企业已列入 2034 年度第 1 批名单（已发布），同一年度只能列入一次'],
      ['该企业已列入 2034 年度第 2 批名单（草稿），同一年度只能列入一次'],
      [],
    ]);
    // Another year is another list: the same enterprises may appear there.
    const nextYear = await importFile('2035.xlsx', await xlsxOf([listRow(201, 5)]), 2035);
    expect(nextYear.statusCode, nextYear.body).toBe(201);
  });

  it('shows a downgrade against an earlier year as a warning to confirm before importing', async () => {
    await importedBatch([listRow(301, 5), listRow(302, 3)], 2036, true);
    const file = await xlsxOf([listRow(301, 3), listRow(302, 4)]);
    const report = (await preview('2037.xlsx', file, 2037)).json();
    expect(report.summary).toEqual({ total: 2, valid: 2, invalid: 0, withWarnings: 1 });
    expect(report).toMatchObject({ canImport: true, needsConfirmation: true });
    expect(report.rows[0].warnings).toEqual([
      {
        column: 'star',
        code: 'STAR_DOWNGRADE',
        message: '星级低于该企业以往评定（2036年 五星级），请核实',
      },
    ]);
    expect(report.rows[1].warnings).toEqual([]);

    const before = await counts();
    const unconfirmed = await importFile('2037.xlsx', file, 2037);
    expect(unconfirmed.statusCode).toBe(422);
    expect(problemOf(unconfirmed).code).toBe('STAR_LIST_WARNINGS_UNCONFIRMED');
    expect(await counts()).toEqual(before);

    const confirmed = await importFile('2037.xlsx', file, 2037, { confirmWarnings: 'true' });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    const [audit] = await t.db.database.raw.query<{ detail: Record<string, unknown> }>(
      `SELECT detail FROM audit_log WHERE action = 'star-list.import' AND target_id = $1`,
      [confirmed.json().batch.id],
    );
    expect(audit?.detail).toMatchObject({ listYear: 2037, entries: 2, confirmedWarnings: 1 });
  });
});

describe('publish and delete', () => {
  it('publishes once, irreversibly, with an audit row; a published batch cannot be deleted', async () => {
    const batch = await importedBatch([listRow(401, 5)], 2038);
    const published = await drc.post(`/api/star-lists/batches/${batch.id}/publish`);
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({
      status: 'published',
      publishedBy: expect.any(String),
    });
    expect(published.json().publishedAt).toBe(t.clock.now().toISOString());

    const again = await drc.post(`/api/star-lists/batches/${batch.id}/publish`);
    expect(again.statusCode).toBe(409);
    expect(problemOf(again).code).toBe('STAR_LIST_BATCH_PUBLISHED');
    const deletion = await drc.delete(`/api/star-lists/batches/${batch.id}`);
    expect(deletion.statusCode).toBe(409);
    expect(problemOf(deletion).code).toBe('STAR_LIST_BATCH_PUBLISHED');
    expect((await drc.get(`/api/star-lists/batches/${batch.id}`)).json().status).toBe('published');

    const audit = await t.db.database.raw.query<{ outcome: string; target_id: string }>(
      `SELECT outcome, target_id FROM audit_log WHERE action = 'star-list.publish' AND target_id = $1
        ORDER BY entry_no`,
      [batch.id],
    );
    expect(audit.map((a) => a.outcome)).toEqual(['success', 'failure']);
  });

  it('deletes a draft with its entries', async () => {
    const batch = await importedBatch([listRow(501, 4), listRow(502, 4)], 2039);
    const before = await counts();
    const response = await drc.delete(`/api/star-lists/batches/${batch.id}`);
    expect(response.statusCode).toBe(204);
    expect(await counts()).toEqual({
      ...before,
      batches: before.batches - 1,
      entries: before.entries - 2,
    });
    const gone = await drc.get(`/api/star-lists/batches/${batch.id}`);
    expect(gone.statusCode).toBe(404);
    expect(problemOf(gone).code).toBe('STAR_LIST_BATCH_NOT_FOUND');
    const [audit] = await t.db.database.raw.query<{ outcome: string }>(
      `SELECT outcome FROM audit_log WHERE action = 'star-list.delete' AND target_id = $1`,
      [batch.id],
    );
    expect(audit?.outcome).toBe('success');
    // Its enterprises may be imported again in the year.
    expect((await importFile('again.xlsx', await xlsxOf([listRow(501, 4)]), 2039)).statusCode).toBe(
      201,
    );
  });
});

describe('search, view, export', () => {
  it('lists batches and years, finds entries by name or code fragment and star, and exports', async () => {
    const first = await importedBatch(
      [listRow(601, 5), listRow(602, 4), listRow(603, 4)],
      2040,
      true,
    );
    await importedBatch([listRow(604, 3)], 2040);
    const { client: operator } = await signedInAs(t.app, 'operator_staff');

    const batches = (await operator.get('/api/star-lists/batches?year=2040')).json().items;
    expect(batches.map((b: { batchNo: number; status: string }) => [b.batchNo, b.status])).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
    const years = (await operator.get('/api/star-lists/years')).json().items;
    expect(years.find((y: { listYear: number }) => y.listYear === 2040)).toEqual({
      listYear: 2040,
      batchCount: 2,
      publishedBatchCount: 1,
      entryCount: 4,
      publishedEntryCount: 3,
    });

    const byName = (
      await operator.get(`/api/star-lists/entries?year=2040&q=${encodeURIComponent('企业602')}`)
    ).json();
    expect(byName.total).toBe(1);
    expect(byName.items[0]).toMatchObject({
      creditCode: creditCodeFor(602),
      batchId: first.id,
      batchNo: 1,
      batchStatus: 'published',
      seqNo: 602,
      city: '南通市',
      county: '海安市',
      star: 4,
    });
    const code = creditCodeFor(603);
    const byCode = (
      await operator.get(`/api/star-lists/entries?q=${code.slice(8, 17).toLowerCase()}`)
    ).json();
    expect(byCode.items.map((e: { creditCode: string }) => e.creditCode)).toEqual([code]);
    const fours = (
      await operator.get('/api/star-lists/entries?year=2040&star=4&pageSize=1&page=2')
    ).json();
    expect(fours.total).toBe(2);
    expect(fours.items).toHaveLength(1);
    const published = (
      await operator.get('/api/star-lists/entries?year=2040&status=published')
    ).json();
    expect(published.total).toBe(3);
    const wildcard = (await operator.get('/api/star-lists/entries?year=2040&q=%25')).json();
    expect(wildcard.total).toBe(0);

    const file = await operator.get('/api/star-lists/entries.xlsx?year=2040');
    expect(file.statusCode).toBe(200);
    expect(decodeURIComponent(String(file.headers['content-disposition']))).toContain(
      '2040年度星级上云企业名单.xlsx',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(5);
    expect((sheet.getRow(1).values as unknown[]).slice(1, 7)).toEqual(HEADER);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      601,
      '南通市',
      '海安市',
      '海安测试企业601有限公司',
      creditCodeFor(601),
      5,
      2040,
      '第1批',
      '已发布',
    ]);
    // The export imports again as a list (its first six columns are the template's).
    const again = await preview('export.xlsx', file.rawPayload, 2041);
    expect(again.json().summary).toEqual({ total: 4, valid: 4, invalid: 0, withWarnings: 0 });
  });

  it('keeps import and publish to the DRC', async () => {
    const { client: reviewer } = await signedInAs(t.app, 'data_bureau_admin');
    const response = await upload(
      reviewer,
      '/api/star-lists/import',
      { name: 'a.csv', bytes: csvOf([listRow(1)]) },
      { listYear: '2042', title: 'x' },
    );
    expect(response.statusCode).toBe(403);
    expect((await reviewer.get('/api/star-lists/entries')).statusCode).toBe(200);
  });
});

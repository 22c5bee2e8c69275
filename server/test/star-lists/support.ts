/** Builders for star-list tests: spreadsheets and CSV in memory, and multipart uploads. */
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import type { TestClient } from '../helpers/accounts.js';
import { creditCodeFor } from '../helpers/fixtures.js';

export const HEADER = ['序号', '设区市', '县(市、区)', '企业名称', '统一社会信用代码', '星级'];

export type Cell = string | number | null;

/** A list row: serial number, Nantong / Haian, a name and a valid code derived from `n`. */
export function listRow(n: number, star: number | string = 4, seqNo: Cell = n): Cell[] {
  return [seqNo, '南通市', '海安市', `海安测试企业${n}有限公司`, creditCodeFor(n), star];
}

export async function xlsxOf(
  rows: Cell[][],
  options: { header?: Cell[]; titleRow?: string; textCodes?: boolean } = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  if (options.titleRow) sheet.addRow([options.titleRow]);
  sheet.addRow(options.header ?? HEADER);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csvField(value: Cell): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvOf(rows: Cell[][], header: Cell[] = HEADER): string {
  return `${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** multipart/form-data with text fields and one file, as a browser sends it. */
export function multipart(
  fields: Record<string, string>,
  file: { name: string; bytes: Buffer; contentType?: string },
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----yunquan${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export function upload(
  client: TestClient,
  url: '/api/star-lists/import/preview' | '/api/star-lists/import',
  file: { name: string; bytes: Buffer | string },
  fields: Record<string, string>,
): Promise<LightMyRequestResponse> {
  const bytes = typeof file.bytes === 'string' ? Buffer.from(file.bytes, 'utf8') : file.bytes;
  const body = multipart(fields, { name: file.name, bytes });
  return client.request({ method: 'POST', url, ...body });
}

let gbkTable: Map<string, Buffer> | null = null;

/**
 * Text as GBK bytes, the way Chinese Excel saves "CSV (逗号分隔)". Node has no GBK encoder; the
 * table is the inverse of the platform's GB18030 decoder over the two-byte GBK range.
 */
export function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const bytes = Buffer.from([lead, trail]);
        const character = decoder.decode(bytes);
        if (character.length === 1 && !gbkTable.has(character)) gbkTable.set(character, bytes);
      }
    }
  }
  const table = gbkTable;
  return Buffer.concat(
    [...text].map((character) => {
      if (character.charCodeAt(0) < 0x80) return Buffer.from(character, 'latin1');
      const bytes = table.get(character);
      if (!bytes) throw new Error(`no GBK bytes for ${character}`);
      return bytes;
    }),
  );
}

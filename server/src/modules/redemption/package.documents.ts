/**
 * The redemption package's documents (第十五条): the workbook, written row by row with exceljs's
 * streaming writer to a file (the year is never held in memory), and the PDF 兑付申请函 with its
 * 承诺书 (pdfmake; Noto Serif SC for the body, Noto Sans SC bold for headings — the machines
 * have no CJK fonts of their own).
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

import { CATEGORY_NAMES } from '../../domain/categories.js';
import { formatYuan, toChineseCapital } from '../../domain/money.js';
import {
  REDEMPTION_EXCEPTIONS,
  REDEMPTION_WARNINGS,
  type RedemptionException,
  type RedemptionWarning,
} from '../../domain/redemption-anomalies.js';
import { starName } from '../../domain/stars.js';
import { localDateString } from '../../domain/time.js';
import { renderPdf } from '../../lib/pdf.js';
import { escapeSpreadsheetText } from '../../lib/spreadsheet-cells.js';
import {
  DEDUCTION_LATIN1,
  DetailRows,
  detailTimeFormatter,
  numberStyleId,
  REVERSAL_LATIN1,
  remembered,
  rememberPlainStyles,
  utf8Latin1,
  xmlText,
  yuanText,
} from './package.detail-rows.js';
import type { WriteOffEvent } from './package.query.js';

const MONEY = '#,##0.00';
const yuan = (fen: number) => fen / 100;
/** Excel's limit is 1,048,576 rows a sheet: the detail continues on 核销明细（续2）… */
export const ROWS_PER_DETAIL_SHEET = 1_000_000;

export interface PackageTotals {
  byStar: Record<string, { vouchers: number; deducted: number; reversed: number; net: number }>;
  byCategory: Record<string, number>;
  net: number;
  deducted: number;
  reversed: number;
  vouchers: number;
  ledgerNet: number;
}

export interface PackageLine {
  lineNo: number;
  voucherId: string;
  creditCode: string;
  enterpriseName: string;
  star: number;
  listYear: number;
  amount: number;
  grantedAt: Date;
  deducted: number;
  reversed: number;
  net: number;
  voided: number;
  balance: number;
  exceptions: RedemptionException[];
  /** Anomaly flags: listed in 核查异常 as 预警, after the exceptions. */
  warnings: RedemptionWarning[];
}

export interface PackageHeading {
  year: number;
  kind: 'preview' | 'final';
  asOf: Date;
  timeZone: string;
  operatorName: string;
  generatedAt: Date;
}

const text = (value: string) => escapeSpreadsheetText(value);
const time = (at: Date, timeZone: string) =>
  `${localDateString(at, timeZone)} ${at.toLocaleTimeString('zh-CN', { timeZone, hour12: false })}`;

function footer(sheet: ExcelJS.Worksheet, heading: PackageHeading): void {
  sheet.addRow([]).commit();
  for (const line of [
    `填报单位（盖章）：${heading.operatorName}`,
    '填表人：',
    '审核人：',
    '联系电话：',
    `日期：${localDateString(heading.generatedAt, heading.timeZone)}`,
  ]) {
    sheet.addRow([text(line)]).commit();
  }
}

function titled(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  title: string,
  columns: Array<{ header: string; width: number; money?: boolean }>,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.columns = columns.map((column) => ({
    width: column.width,
    ...(column.money ? { style: { numFmt: MONEY } } : {}),
  }));
  const heading = sheet.addRow([text(title)]);
  heading.font = { bold: true, size: 14 };
  heading.commit();
  sheet.addRow(['单位：元']).commit();
  const header = sheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  header.commit();
  return sheet;
}

export interface PackageWorkbookOptions {
  /** false: the detail's rows through exceljs's Row model (the tests' reference). */
  directDetailRows?: boolean;
  /**
   * Told, each time the direct rows hand a chunk over, how many bytes of the detail's XML
   * are held ahead of the compression (in the sheet's stream and the zip entry's): the tests
   * check that this stays bounded when the zip's reader is slow (D-redemption-pg-1).
   */
  onDetailBuffered?: (bytes: number) => void;
  /** The tests' small sheets; Excel's limit otherwise. */
  rowsPerDetailSheet?: number;
}

/** exceljs's streaming workbook, as far as the sheets' order relies on it. */
interface WorkbookInternals {
  _worksheets?: unknown;
}

type Phase = 'detail' | 'issued' | 'usage' | 'summary' | 'committed';

/** Where 兑付汇总 and 资源券发放明细 stand in the workbook: the first two sheets. */
const SUMMARY_SLOT = 1;
const ISSUED_SLOT = 2;

/**
 * The package workbook, written phase by phase so that the build can stream the year's
 * write-offs (核销明细, nearly all of its ten million rows) while the lines — and so the totals
 * — are still being worked out (D-redemption-overlap-1): `writeDetail` first; `writeIssued`
 * once the lines are all in, beside the detail or after it; once both have ended, `writeUsage`
 * (企业使用汇总 and 核查异常), `writeSummary` with the totals, and `commit`. Each phase refuses
 * to run before the ones it follows.
 *
 * The sheets are zip entries in the order they are written, but Excel shows them in the order
 * of xl/workbook.xml, which exceljs writes at the end from its sheets by id (the id is also the
 * entry's name, sheetN.xml). A sheet's id is the first free slot when it is added, so slots 1
 * and 2 are held for 兑付汇总 and 资源券发放明细 while the detail takes 3 onwards: the workbook
 * reads exactly as when the sheets were written in their shown order — sheet1.xml 兑付汇总,
 * sheet2.xml 资源券发放明细, then 核销明细 …, 企业使用汇总, 核查异常 — only the entries' order
 * in the zip differs. The file is hashed where it is stored (FilesService.storeGeneratedFile).
 */
export class PackageWorkbook {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheets: unknown[];
  private readonly scope: string;
  /** The phases begun and ended: 'detail' and 'issued' may run at the same time. */
  private readonly begun = new Set<Phase>();
  private readonly ended = new Set<Phase>();

  constructor(
    /** A file, or a stream the zip is written into (the tests' slow reader). */
    path: string | Writable,
    private readonly heading: PackageHeading,
    private readonly options: PackageWorkbookOptions = {},
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      ...(typeof path === 'string' ? { filename: path } : { stream: path }),
      useStyles: true,
      useSharedStrings: false,
      // archiver's own level (1, the fastest), with a larger output buffer than zlib's 16 KiB:
      // each buffer filled is a round trip from the thread pool to the main thread.
      zip: { zlib: { level: 1, chunkSize: 256 * 1024 } },
    });
    const sheets = (this.workbook as unknown as WorkbookInternals)._worksheets;
    // Without it the sheets could not be put in their order: better no workbook than one
    // whose first sheet is not 兑付汇总 (the tests read the order back).
    if (!Array.isArray(sheets) || sheets.length > 1) {
      throw new Error('exceljs WorkbookWriter: no sheet list to hold the first two sheets in');
    }
    this.sheets = sheets;
    this.sheets[SUMMARY_SLOT] = { held: '兑付汇总' };
    this.sheets[ISSUED_SLOT] = { held: '资源券发放明细' };
    rememberPlainStyles(this.workbook);
    this.workbook.creator = '云券 Yunquan';
    this.workbook.created = heading.generatedAt;
    const year = heading.year;
    this.scope =
      heading.kind === 'final'
        ? `${year}年度`
        : `${year}年度（预览，截至${time(heading.asOf, heading.timeZone)}）`;
  }

  /** `phase` begins, once, after every phase of `after` has ended (or begun, for `begun`). */
  private begin(phase: Phase, after: { ended?: Phase[]; begun?: Phase[] }): void {
    const missing = [
      ...(after.ended ?? []).filter((p) => !this.ended.has(p)),
      ...(after.begun ?? []).filter((p) => !this.begun.has(p)),
    ];
    if (this.begun.has(phase) || missing.length > 0) {
      throw new Error(
        `package workbook: ${phase} written ${this.begun.has(phase) ? 'twice' : `before ${missing.join(', ')}`}`,
      );
    }
    this.begun.add(phase);
  }

  /** The held slot given back, so that the sheet added next takes it. */
  private release(slot: number): void {
    this.sheets[slot] = undefined;
  }

  /**
   * 核销明细, continued on further sheets past Excel's row limit: the year's deductions then
   * reversals as `events` gives them, a 合计 and the footer. Needs nothing of the lines.
   */
  async writeDetail(
    events: AsyncIterable<readonly WriteOffEvent[]>,
    onDetailRow: (rows: number) => void,
  ): Promise<{ rows: number; net: number }> {
    this.begin('detail', {});
    const { heading, options, scope, workbook } = this;
    const rowsPerDetailSheet = options.rowsPerDetailSheet ?? ROWS_PER_DETAIL_SHEET;
    const detailColumns = [
      { header: '时间（北京时间）', width: 20 },
      { header: '类型', width: 8 },
      { header: '订单号', width: 24 },
      { header: '统一社会信用代码', width: 22 },
      { header: '企业名称', width: 30 },
      { header: '服务类别', width: 12 },
      { header: '金额（元）', width: 14, money: true },
      { header: '期次', width: 14 },
      { header: '冲正对应核销', width: 38 },
    ];
    const detailTime = detailTimeFormatter(heading.timeZone);
    // As the direct rows take them: XML, as the Latin-1 string of the UTF-8 bytes.
    const nameXml = remembered((name) => utf8Latin1(xmlText(text(name))));
    const categoryXml = remembered((category) =>
      utf8Latin1(xmlText(CATEGORY_NAMES[category] ?? text(category))),
    );
    // Labels (第1期、第2期) were never escaped for formulas: only for XML, as before.
    const labelXml = remembered((label) => utf8Latin1(xmlText(label)));
    const moneyStyle = options.directDetailRows === false ? null : numberStyleId(workbook, MONEY);
    let part = 1;
    let detail = titled(workbook, '核销明细', `${scope}核销明细`, detailColumns);
    let direct = DetailRows.open(detail, moneyStyle, options.onDetailBuffered);
    let inSheet = 0;
    let rows = 0;
    let net = 0;
    for await (const page of events) {
      for (const event of page) {
        if (inSheet === rowsPerDetailSheet) {
          await direct?.close();
          detail.commit();
          part += 1;
          detail = titled(
            workbook,
            `核销明细（续${part}）`,
            `${scope}核销明细（续${part}）`,
            detailColumns,
          );
          direct = DetailRows.open(detail, moneyStyle, options.onDetailBuffered);
          inSheet = 0;
        }
        const deduction = event.type === 'deduction';
        const signed = deduction ? event.amount : -event.amount;
        net += signed;
        const at = detailTime(event.at);
        if (direct) {
          const type = deduction ? DEDUCTION_LATIN1 : REVERSAL_LATIN1;
          // The texts as XML: per row only the order number and credit code; the name, category
          // and tranche label are few distinct values, escaped once each.
          direct.add(
            utf8Latin1(at),
            type,
            utf8Latin1(xmlText(text(event.orderNo))),
            utf8Latin1(xmlText(text(event.creditCode))),
            nameXml(event.enterpriseName),
            categoryXml(event.category),
            yuanText(signed),
            labelXml(event.tranches),
            deduction ? '' : utf8Latin1(xmlText(event.deductionId)),
          );
          if (direct.full) await direct.flush();
        } else {
          const type = deduction ? '核销' : '冲正';
          const category = CATEGORY_NAMES[event.category] ?? text(event.category);
          const reversalOf = deduction ? '' : event.deductionId;
          detail
            .addRow([
              at,
              type,
              text(event.orderNo),
              text(event.creditCode),
              text(event.enterpriseName),
              category,
              yuan(signed),
              event.tranches,
              reversalOf,
            ])
            .commit();
        }
        inSheet += 1;
        rows += 1;
        if (rows % 5_000 === 0) onDetailRow(rows);
      }
    }
    await direct?.close();
    onDetailRow(rows);
    const detailSum = detail.addRow(['合计', null, null, null, null, null, yuan(net)]);
    detailSum.font = { bold: true };
    detailSum.commit();
    footer(detail, heading);
    detail.commit();
    this.ended.add('detail');
    return { rows, net };
  }

  /** 资源券发放明细: every voucher used in the year, from the lines (all of them in by now). */
  async writeIssued(lines: AsyncIterable<PackageLine>): Promise<void> {
    // Beside the detail: its sheet is an entry of its own, queued after the detail's current
    // one (its rows wait in its stream until the zip reaches it: 100,000 lines, ≈ 30 MB).
    this.begin('issued', { begun: ['detail'] });
    const { heading, scope, workbook } = this;
    this.release(ISSUED_SLOT);
    const issued = titled(workbook, '资源券发放明细', `${scope}使用的资源券发放明细`, [
      { header: '序号', width: 8 },
      { header: '名单年度', width: 10 },
      { header: '统一社会信用代码', width: 22 },
      { header: '企业名称', width: 30 },
      { header: '星级', width: 10 },
      { header: '资源券金额（元）', width: 16, money: true },
      { header: '认领日期', width: 12 },
    ]);
    let issuedTotal = 0;
    for await (const line of lines) {
      issuedTotal += line.amount;
      issued
        .addRow([
          line.lineNo,
          line.listYear,
          text(line.creditCode),
          text(line.enterpriseName),
          starName(line.star),
          yuan(line.amount),
          localDateString(line.grantedAt, heading.timeZone),
        ])
        .commit();
    }
    const issuedSum = issued.addRow(['合计', null, null, null, null, yuan(issuedTotal)]);
    issuedSum.font = { bold: true };
    issuedSum.commit();
    footer(issued, heading);
    issued.commit();
    this.ended.add('issued');
  }

  /**
   * 企业使用汇总 and 核查异常, from the lines with every check's codes on them (the checks on
   * deductions and the anomaly flags are added to the lines before this is called).
   */
  async writeUsage(
    lines: AsyncIterable<PackageLine>,
    totals: PackageTotals,
    buildExceptions: RedemptionException[],
  ): Promise<void> {
    this.begin('usage', { ended: ['detail', 'issued'] });
    const { heading, scope, workbook } = this;
    const usage = titled(workbook, '企业使用汇总', `${scope}企业使用汇总`, [
      { header: '序号', width: 8 },
      { header: '统一社会信用代码', width: 22 },
      { header: '企业名称', width: 30 },
      { header: '星级', width: 10 },
      { header: '名单年度', width: 10 },
      { header: '发放（元）', width: 14, money: true },
      { header: '核销（元）', width: 14, money: true },
      { header: '冲正（元）', width: 14, money: true },
      { header: '净核销（元）', width: 14, money: true },
      { header: '作废（元）', width: 14, money: true },
      { header: '年末余额（元）', width: 14, money: true },
    ]);
    const sum = { amount: 0, deducted: 0, reversed: 0, net: 0, voided: 0, balance: 0 };
    const exceptional: PackageLine[] = [];
    for await (const line of lines) {
      sum.amount += line.amount;
      sum.deducted += line.deducted;
      sum.reversed += line.reversed;
      sum.net += line.net;
      sum.voided += line.voided;
      sum.balance += line.balance;
      const flagged = line.exceptions.length > 0 || line.warnings.length > 0;
      if (flagged && exceptional.length < 100_000) exceptional.push(line);
      usage
        .addRow([
          line.lineNo,
          text(line.creditCode),
          text(line.enterpriseName),
          starName(line.star),
          line.listYear,
          yuan(line.amount),
          yuan(line.deducted),
          yuan(line.reversed),
          yuan(line.net),
          yuan(line.voided),
          yuan(line.balance),
        ])
        .commit();
    }
    const usageSum = usage.addRow([
      '合计',
      null,
      null,
      null,
      null,
      yuan(sum.amount),
      yuan(sum.deducted),
      yuan(sum.reversed),
      yuan(sum.net),
      yuan(sum.voided),
      yuan(sum.balance),
    ]);
    usageSum.font = { bold: true };
    usageSum.commit();
    footer(usage, heading);
    usage.commit();

    // 核查异常
    const checks = titled(workbook, '核查异常', `${scope}核查异常`, [
      { header: '序号', width: 8 },
      { header: '统一社会信用代码', width: 22 },
      { header: '企业名称', width: 30 },
      { header: '异常代码', width: 30 },
      { header: '说明', width: 60 },
    ]);
    for (const code of buildExceptions) {
      checks
        .addRow([
          '—',
          '',
          '（全年）',
          code,
          `${REDEMPTION_EXCEPTIONS[code]}：材料 ${formatYuan(totals.net)}，账本 ${formatYuan(totals.ledgerNet)}`,
        ])
        .commit();
    }
    for (const line of exceptional) {
      for (const code of line.exceptions) {
        checks
          .addRow([
            line.lineNo,
            text(line.creditCode),
            text(line.enterpriseName),
            code,
            REDEMPTION_EXCEPTIONS[code],
          ])
          .commit();
      }
      for (const code of line.warnings) {
        checks
          .addRow([
            line.lineNo,
            text(line.creditCode),
            text(line.enterpriseName),
            code,
            `（预警，供审核参考）${REDEMPTION_WARNINGS[code]}`,
          ])
          .commit();
      }
    }
    if (buildExceptions.length === 0 && exceptional.length === 0) {
      checks.addRow(['', '', '未发现异常']).commit();
    }
    checks.commit();
    this.ended.add('usage');
  }

  /** 兑付汇总: the totals by star and by category, once every line is in. */
  writeSummary(totals: PackageTotals): void {
    this.begin('summary', { ended: ['usage'] });
    const { heading, scope, workbook } = this;
    this.release(SUMMARY_SLOT);
    const summary = titled(workbook, '兑付汇总', `“海安云”资源券${scope}兑付汇总表`, [
      { header: '项目', width: 22 },
      { header: '资源券张数', width: 12 },
      { header: '核销（元）', width: 16, money: true },
      { header: '冲正（元）', width: 16, money: true },
      { header: '净核销（元）', width: 16, money: true },
      { header: '人民币大写', width: 40 },
    ]);
    for (const star of ['3', '4', '5']) {
      const row = totals.byStar[star] ?? { vouchers: 0, deducted: 0, reversed: 0, net: 0 };
      summary
        .addRow([
          starName(Number(star)),
          row.vouchers,
          yuan(row.deducted),
          yuan(row.reversed),
          yuan(row.net),
          toChineseCapital(row.net),
        ])
        .commit();
    }
    for (const [category, net] of Object.entries(totals.byCategory)) {
      summary
        .addRow([
          `其中：${CATEGORY_NAMES[category] ?? text(category)}`,
          null,
          null,
          null,
          yuan(net),
          toChineseCapital(net),
        ])
        .commit();
    }
    const total = summary.addRow([
      '合计',
      totals.vouchers,
      yuan(totals.deducted),
      yuan(totals.reversed),
      yuan(totals.net),
      toChineseCapital(totals.net),
    ]);
    total.font = { bold: true };
    total.commit();
    footer(summary, heading);
    summary.commit();
    this.ended.add('summary');
  }

  /** Finishes the zip (workbook.xml lists the sheets by id: 兑付汇总 first). */
  async commit(): Promise<void> {
    this.begin('committed', { ended: ['summary'] });
    await this.workbook.commit();
  }
}

/**
 * The whole workbook in one call, the phases one after the other: the detail, then the sheets
 * from the lines (read twice: for 资源券发放明细, then for 企业使用汇总 and 核查异常), then the
 * totals. The build runs the phases itself, the detail beside the lines (package.service.ts).
 */
export async function writePackageWorkbook(
  path: string | Writable,
  heading: PackageHeading,
  totals: PackageTotals,
  buildExceptions: RedemptionException[],
  lines: (pass: 'issued' | 'usage') => AsyncIterable<PackageLine>,
  events: () => AsyncIterable<readonly WriteOffEvent[]>,
  onDetailRow: (rows: number) => void,
  options: PackageWorkbookOptions = {},
): Promise<void> {
  const workbook = new PackageWorkbook(path, heading, options);
  await workbook.writeDetail(events(), onDetailRow);
  await workbook.writeIssued(lines('issued'));
  await workbook.writeUsage(lines('usage'), totals, buildExceptions);
  workbook.writeSummary(totals);
  await workbook.commit();
}

/** 兑付申请函 (GB/T 9704 conventions as far as the fonts allow) and 承诺书, as one PDF. */
export function packagePdf(
  heading: PackageHeading,
  totals: PackageTotals,
  documentNumber: string,
): Promise<Buffer> {
  const date = localDateString(heading.generatedAt, heading.timeZone);
  const [y, m, d] = date.split('-').map(Number);
  const chineseDate = `${y}年${m}月${d}日`;
  const amount = `${formatYuan(totals.net)}（人民币${toChineseCapital(totals.net)}）`;
  const year = heading.year;
  const body = (content: string) => ({
    text: content,
    leadingIndent: 32,
    lineHeight: 1.6,
    margin: [0, 0, 0, 6],
  });
  const definition = {
    pageSize: 'A4',
    // GB/T 9704: 天头 37 mm, 订口 28 mm; text area 156 × 225 mm.
    pageMargins: [79, 105, 74, 99],
    defaultStyle: { font: 'NotoSerifSC', fontSize: 15 },
    info: { title: `${year}年度“海安云”资源券兑付申请`, creator: '云券 Yunquan' },
    content: [
      heading.kind === 'preview'
        ? {
            text: '（预览稿，非正式材料）',
            alignment: 'center',
            color: '#a8071a',
            margin: [0, 0, 0, 8],
          }
        : '',
      {
        text: `${heading.operatorName}`,
        font: 'NotoSansSC',
        bold: true,
        fontSize: 22,
        alignment: 'center',
        color: '#c00000',
      },
      {
        canvas: [
          { type: 'line', x1: 0, y1: 6, x2: 442, y2: 6, lineWidth: 2, lineColor: '#c00000' },
        ],
        margin: [0, 0, 0, 12],
      },
      { text: documentNumber, alignment: 'center', margin: [0, 0, 0, 18] },
      {
        text: `关于申请兑付${year}年度“海安云”资源券的函`,
        font: 'NotoSansSC',
        bold: true,
        fontSize: 22,
        alignment: 'center',
        margin: [0, 0, 0, 18],
      },
      { text: '海安市数据局：', margin: [0, 0, 0, 6] },
      body(
        `根据《“海安云”资源券助企业上云管理办法（试行）》第十五条，现将我单位${year}年度（${year}年1月1日至12月31日，北京时间）企业使用“海安云”资源券的发放明细、核销明细和企业使用情况报送贵局，申请兑付资源券核销金额共计${amount}。`,
      ),
      body(
        `本年度共有${totals.vouchers}张资源券发生核销，核销${formatYuan(totals.deducted)}，冲正${formatYuan(totals.reversed)}，净核销${formatYuan(totals.net)}，与平台台账一致。`,
      ),
      body('请予审核。'),
      { text: '附件：1. 兑付汇总表', margin: [0, 12, 0, 0] },
      { text: '2. 资源券发放明细', margin: [48, 0, 0, 0] },
      { text: '3. 核销明细', margin: [48, 0, 0, 0] },
      { text: '4. 企业使用汇总', margin: [48, 0, 0, 0] },
      { text: '5. 核查异常', margin: [48, 0, 0, 0] },
      {
        table: {
          widths: [120],
          heights: [120],
          body: [
            [{ text: '（盖章）', alignment: 'center', color: '#999999', margin: [0, 48, 0, 0] }],
          ],
        },
        layout: { hLineColor: () => '#c00000', vLineColor: () => '#c00000' },
        alignment: 'right',
        margin: [280, 24, 0, 0],
      },
      { text: heading.operatorName, alignment: 'right', margin: [0, 8, 0, 0] },
      { text: chineseDate, alignment: 'right', pageBreak: 'after' },
      {
        text: '承诺书',
        font: 'NotoSansSC',
        bold: true,
        fontSize: 22,
        alignment: 'center',
        margin: [0, 0, 0, 18],
      },
      body(`我单位郑重承诺，对报送的${year}年度“海安云”资源券兑付材料：`),
      body('一、所报材料真实、完整，发放明细、核销明细和企业使用汇总均由平台台账生成，未经改动；'),
      body(
        '二、资源券仅用于抵扣企业在海安云的计算、存储、网络、安全服务费用，未以任何形式兑换现金；',
      ),
      body('三、同一账单未重复核销；'),
      body('四、如经核查发现不符合兑付条件的款项，我单位将如数退还。'),
      {
        text: `承诺单位：${heading.operatorName}（盖章）`,
        alignment: 'right',
        margin: [0, 36, 0, 0],
      },
      { text: '法定代表人或授权代表（签字）：', alignment: 'right', margin: [0, 12, 0, 0] },
      { text: chineseDate, alignment: 'right', margin: [0, 12, 0, 0] },
    ],
  };
  return renderPdf(definition);
}

/**
 * A submitted monthly report's documents, rendered from its frozen snapshot only (never from
 * live tables): an Excel workbook (exceljs) with a sheet per part and the control totals, and
 * a PDF (pdfmake, Noto Sans SC embedded from node_modules — no system font, no network).
 * Amounts are yuan to two decimals (单位：元); the snapshot's fen are exact, the documents show.
 */
import ExcelJS from 'exceljs';
import { CATEGORY_NAMES } from '../../domain/categories.js';
import { starName } from '../../domain/stars.js';
import { localDateString } from '../../domain/time.js';
import { renderPdf } from '../../lib/pdf.js';
import { USAGE_FIELDS, USAGE_LABELS } from './monthly-reports.usage.js';
import type { ReportSnapshot } from './monthly-reports.views.js';

const MONEY = '#,##0.00';
const yuan = (fen: number) => fen / 100;
/** 123456 → '1,234.56' (exact: integer arithmetic on fen). */
export function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}
const adoptionStar = (star: number) => (star === 0 ? '未列入名单' : starName(star));
const controlStar = (star: number) => (star === 0 ? '合计' : starName(star));
const categoryName = (category: string) => CATEGORY_NAMES[category] ?? category;

function title(snapshot: ReportSnapshot): string {
  const [year, month] = snapshot.month.split('-');
  return `“海安云”资源券${year}年${Number(month)}月运营报告`;
}

function lateText(snapshot: ReportSnapshot): string {
  return snapshot.lateDays === 0 ? '按期提交' : `逾期 ${snapshot.lateDays} 天`;
}

export async function reportWorkbook(snapshot: ReportSnapshot): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '云券 Yunquan';
  workbook.created = new Date(snapshot.submittedAt);
  workbook.modified = new Date(snapshot.submittedAt);
  const heading = (sheet: ExcelJS.Worksheet, text: string, units = true) => {
    sheet.addRow([text]).font = { bold: true, size: 14 };
    sheet.addRow([
      `报告月份：${snapshot.month}　提交：第 ${snapshot.roundNo} 次，${localDateString(new Date(snapshot.submittedAt), snapshot.timeZone)}，${lateText(snapshot)}（截止 ${snapshot.dueDate}）`,
    ]);
    if (units) sheet.addRow(['单位：元']);
    sheet.addRow([]);
  };
  const header = (sheet: ExcelJS.Worksheet, names: string[]) => {
    const row = sheet.addRow(names);
    row.font = { bold: true };
  };

  const usage = workbook.addWorksheet('一、资源使用');
  usage.columns = [{ width: 28 }, { width: 24 }];
  heading(usage, `${title(snapshot)}　一、海安云资源使用情况`, false);
  header(usage, ['指标', '本月数值']);
  for (const field of USAGE_FIELDS) {
    const value = snapshot.usage[field];
    usage.addRow([USAGE_LABELS[field], value === null ? '' : String(value)]);
  }
  usage.addRow([]);
  usage.addRow(['情况说明']).font = { bold: true };
  usage.addRow([snapshot.commentary || '（无）']);

  const adoption = workbook.addWorksheet('二、企业上云');
  adoption.columns = [14, 12, 12, 12, 16, 14, 14, 14].map((width) => ({ width }));
  heading(adoption, '二、企业上云情况（平台统计，截至月末）', false);
  header(adoption, [
    '星级',
    '注册企业',
    '认证企业',
    '已认领',
    '持有效资源券',
    '本月新注册',
    '本月新认证',
    '本月新认领',
  ]);
  for (const row of snapshot.adoption) {
    adoption.addRow([
      adoptionStar(row.star),
      row.registered,
      row.certified,
      row.claimed,
      row.activeVoucher,
      row.newRegistered,
      row.newCertified,
      row.newClaimed,
    ]);
  }

  const usageSheet = workbook.addWorksheet('三、资源券使用');
  usageSheet.columns = [22, 36, 10, 16, 10, 16, 16].map((width) => ({ width }));
  heading(usageSheet, '三、资源券使用情况（据台账）');
  header(usageSheet, ['服务类别', '', '核销笔数', '核销金额', '冲正笔数', '冲正金额', '净核销']);
  const money = (row: ExcelJS.Row, columns: number[]) => {
    for (const column of columns) row.getCell(column).numFmt = MONEY;
  };
  const vouchers = snapshot.vouchers;
  for (const line of [...vouchers.byCategory, { category: '合计', ...vouchers.totals }]) {
    const row = usageSheet.addRow([
      line.category === '合计' ? '合计' : categoryName(line.category),
      '',
      line.deductions,
      yuan(line.deducted),
      line.reversals,
      yuan(line.reversed),
      yuan(line.netWriteOff),
    ]);
    money(row, [4, 6, 7]);
    if (line.category === '合计') row.font = { bold: true };
  }
  usageSheet.addRow([]);
  header(usageSheet, [
    '统一社会信用代码',
    '企业名称',
    '核销笔数',
    '核销金额',
    '冲正笔数',
    '冲正金额',
    '净核销',
  ]);
  for (const line of vouchers.byEnterprise) {
    money(
      usageSheet.addRow([
        line.creditCode,
        line.enterpriseName,
        line.deductions,
        yuan(line.deducted),
        line.reversals,
        yuan(line.reversed),
        yuan(line.netWriteOff),
      ]),
      [4, 6, 7],
    );
  }
  usageSheet.addRow([]);
  money(
    usageSheet.addRow([
      '到期作废',
      `${vouchers.expiries.tranches} 期`,
      '',
      yuan(vouchers.expiries.amount),
    ]),
    [4],
  );
  money(usageSheet.addRow(['冲正时已到期作废', '', '', yuan(vouchers.reversalVoided)]), [4]);

  const controls = workbook.addWorksheet('控制合计');
  controls.columns = [12, 18, 16, 16, 16, 16, 18].map((width) => ({ width }));
  heading(controls, '控制合计：期初可用 + 本月发放 + 冲正恢复 − 本月核销 − 到期作废 = 期末可用');
  header(controls, [
    '星级',
    '期初可用余额',
    '本月发放',
    '冲正恢复',
    '本月核销',
    '到期作废',
    '期末可用余额',
  ]);
  for (const line of snapshot.controls) {
    const row = controls.addRow([
      controlStar(line.star),
      yuan(line.opening),
      yuan(line.granted),
      yuan(line.restored),
      yuan(line.deducted),
      yuan(line.voided),
      yuan(line.closing),
    ]);
    money(row, [2, 3, 4, 5, 6, 7]);
    if (line.star === 0) row.font = { bold: true };
  }
  controls.addRow([]);
  controls.addRow([
    snapshot.reconciliation.ok ? '与台账独立核对：一致（精确到分）' : '与台账独立核对：不一致',
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const cell = (text: string | number, extra: object = {}) => ({ text: String(text), ...extra });
const right = (text: string | number) => cell(text, { alignment: 'right' });

export function reportPdfDefinition(snapshot: ReportSnapshot) {
  const vouchers = snapshot.vouchers;
  const table = (headers: string[], rows: unknown[][], widths?: unknown[]) => ({
    table: {
      headerRows: 1,
      widths: widths ?? headers.map(() => '*'),
      body: [headers.map((h) => cell(h, { bold: true, fillColor: '#f0f0f0' })), ...rows],
    },
    layout: 'lightHorizontalLines',
    fontSize: 8.5,
    margin: [0, 4, 0, 10],
  });
  return {
    info: { title: title(snapshot), creator: '“海安云”资源券服务平台' },
    pageSize: 'A4',
    pageMargins: [48, 48, 48, 48],
    defaultStyle: { font: 'NotoSansSC', fontSize: 10, lineHeight: 1.3 },
    footer: (page: number, pages: number) => ({
      text: `${snapshot.month} 月度运营报告 第 ${snapshot.roundNo} 次提交　第 ${page} 页 / 共 ${pages} 页`,
      alignment: 'center',
      fontSize: 8,
      color: '#777777',
    }),
    content: [
      {
        text: title(snapshot),
        fontSize: 16,
        bold: true,
        alignment: 'center',
        margin: [0, 0, 0, 6],
      },
      {
        text: `依据：${snapshot.programme.title}（${snapshot.programme.documentNumber}）第十四条`,
        alignment: 'center',
        fontSize: 9,
        color: '#555555',
      },
      {
        margin: [0, 8, 0, 8],
        text: [
          `报告月份：${snapshot.month}　提交：第 ${snapshot.roundNo} 次，${snapshot.submittedBy}，`,
          `${localDateString(new Date(snapshot.submittedAt), snapshot.timeZone)}　截止日期：${snapshot.dueDate}（${lateText(snapshot)}）`,
        ],
      },
      { text: '一、海安云资源使用情况', bold: true, fontSize: 12 },
      table(
        ['指标', '本月数值'],
        USAGE_FIELDS.map((field) => [
          cell(USAGE_LABELS[field]),
          right(snapshot.usage[field] === null ? '' : String(snapshot.usage[field])),
        ]),
      ),
      { text: `情况说明：${snapshot.commentary || '（无）'}`, margin: [0, 0, 0, 10] },
      { text: '二、企业上云情况（截至月末）', bold: true, fontSize: 12 },
      table(
        ['星级', '注册', '认证', '已认领', '持有效券', '新注册', '新认证', '新认领'],
        snapshot.adoption.map((row) => [
          cell(adoptionStar(row.star)),
          right(row.registered),
          right(row.certified),
          right(row.claimed),
          right(row.activeVoucher),
          right(row.newRegistered),
          right(row.newCertified),
          right(row.newClaimed),
        ]),
      ),
      { text: '三、资源券使用情况（单位：元）', bold: true, fontSize: 12 },
      table(
        ['服务类别', '核销笔数', '核销金额', '冲正笔数', '冲正金额', '净核销'],
        [...vouchers.byCategory, { category: '合计', ...vouchers.totals }].map((line) => [
          cell(line.category === '合计' ? '合计' : categoryName(line.category)),
          right(line.deductions),
          right(yuanText(line.deducted)),
          right(line.reversals),
          right(yuanText(line.reversed)),
          right(yuanText(line.netWriteOff)),
        ]),
      ),
      table(
        ['统一社会信用代码', '企业名称', '核销', '冲正', '净核销'],
        vouchers.byEnterprise.map((line) => [
          cell(line.creditCode),
          cell(line.enterpriseName),
          right(yuanText(line.deducted)),
          right(yuanText(line.reversed)),
          right(yuanText(line.netWriteOff)),
        ]),
        [100, '*', 60, 60, 60],
      ),
      {
        text: `到期作废：${vouchers.expiries.tranches} 期，${yuanText(vouchers.expiries.amount)} 元；冲正时已到期作废 ${yuanText(vouchers.reversalVoided)} 元。`,
        margin: [0, 0, 0, 10],
      },
      { text: '控制合计（单位：元）', bold: true, fontSize: 12 },
      { text: '期初可用 + 本月发放 + 冲正恢复 − 本月核销 − 到期作废 = 期末可用', fontSize: 9 },
      table(
        ['星级', '期初可用', '发放', '冲正恢复', '核销', '到期作废', '期末可用'],
        snapshot.controls.map((line) => [
          cell(controlStar(line.star), line.star === 0 ? { bold: true } : {}),
          right(yuanText(line.opening)),
          right(yuanText(line.granted)),
          right(yuanText(line.restored)),
          right(yuanText(line.deducted)),
          right(yuanText(line.voided)),
          right(yuanText(line.closing)),
        ]),
      ),
      {
        text: snapshot.reconciliation.ok
          ? '与台账独立核对：一致（精确到分）。'
          : '与台账独立核对：不一致。',
      },
    ],
  };
}

export function reportPdf(snapshot: ReportSnapshot): Promise<Buffer> {
  return renderPdf(reportPdfDefinition(snapshot));
}

/**
 * The DRC's 汇总表 (第十七条): the recognised enterprises and amounts, by enterprise, star and list
 * year, as Excel (exceljs, cells through workbookBuffer) and PDF (pdfmake, Noto Sans SC embedded
 * from node_modules). Amounts in yuan (单位：元), with the recognised total in 人民币大写.
 */
import ExcelJS from 'exceljs';
import { toChineseCapital } from '../../domain/money.js';
import { starName } from '../../domain/stars.js';
import { renderPdf } from '../../lib/pdf.js';
import { workbookBuffer } from '../../lib/spreadsheet-cells.js';
import { yuanText } from '../monthly-reports/monthly-reports.documents.js';
import type { RedemptionChainService } from './chain.service.js';

type Aggregate = Awaited<ReturnType<RedemptionChainService['aggregate']>>;
const title = (aggregate: Aggregate) =>
  `${aggregate.submission.settlementYear}年度“海安云”资源券兑现汇总表`;
const recognisedOf = (aggregate: Aggregate) =>
  aggregate.byEnterprise.reduce((sum, row) => sum + row.recognised, 0);

export async function aggregateWorkbook(aggregate: Aggregate): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '云券 Yunquan';
  const sheet = workbook.addWorksheet('兑现汇总表');
  sheet.addRow([title(aggregate)]).font = { bold: true, size: 14 };
  sheet.addRow([`第 ${aggregate.submission.roundNo} 轮　单位：元`]);
  const header = sheet.addRow([
    '序号',
    '统一社会信用代码',
    '企业名称',
    '星级',
    '名单年度',
    '申请兑付',
    '认定金额',
  ]);
  header.font = { bold: true };
  for (const [index, row] of aggregate.byEnterprise.entries()) {
    sheet.addRow([
      index + 1,
      row.creditCode,
      row.enterpriseName,
      starName(row.star),
      row.listYear,
      row.netWriteOff / 100,
      row.recognised / 100,
    ]);
  }
  const recognised = recognisedOf(aggregate);
  sheet.addRow([
    '合计',
    '',
    '',
    '',
    '',
    aggregate.submission.netWriteOff / 100,
    recognised / 100,
  ]).font = { bold: true };
  sheet.addRow([`认定金额合计（大写）：${toChineseCapital(recognised)}`]);
  for (const column of [6, 7]) sheet.getColumn(column).numFmt = '#,##0.00';
  sheet.getColumn(2).width = 22;
  sheet.getColumn(3).width = 30;
  sheet.addRow([]);
  sheet.addRow(['报送单位（盖章）：海安市发展和改革委员会']);
  sheet.addRow(['填表人：', '', '审核人：', '', '日期：']);
  for (const [name, rows, label] of [
    ['按星级', aggregate.byStar, (row: { star: number }) => starName(row.star)],
    ['按名单年度', aggregate.byListYear, (row: { listYear: number }) => `${row.listYear}年`],
  ] as const) {
    const part = workbook.addWorksheet(name);
    part.addRow([name, '企业数', '认定金额']).font = { bold: true };
    for (const row of rows)
      part.addRow([
        (label as (r: typeof row) => string)(row),
        row.enterprises,
        row.recognised / 100,
      ]);
    part.getColumn(3).numFmt = '#,##0.00';
  }
  return workbookBuffer(workbook);
}

const cell = (text: string | number, extra: object = {}) => ({ text: String(text), ...extra });
const right = (text: string) => cell(text, { alignment: 'right' });

export function aggregatePdf(aggregate: Aggregate): Promise<Buffer> {
  const recognised = recognisedOf(aggregate);
  const head = (labels: string[]) =>
    labels.map((h) => cell(h, { bold: true, fillColor: '#f0f0f0' }));
  const definition = {
    info: { title: title(aggregate), creator: '云券 Yunquan' },
    pageSize: 'A4',
    pageMargins: [48, 48, 48, 48],
    defaultStyle: { font: 'NotoSansSC', fontSize: 10, lineHeight: 1.3 },
    content: [
      {
        text: title(aggregate),
        bold: true,
        fontSize: 16,
        alignment: 'center',
        margin: [0, 0, 0, 8],
      },
      { text: `第 ${aggregate.submission.roundNo} 轮　单位：元` },
      {
        text: `申请兑付 ${yuanText(aggregate.submission.netWriteOff)} 元；认定金额 ${yuanText(recognised)} 元（${toChineseCapital(recognised)}）。`,
        margin: [0, 4, 0, 8],
      },
      { text: '按企业', bold: true, margin: [0, 8, 0, 2] },
      {
        table: {
          headerRows: 1,
          widths: [110, '*', 44, 40, 64, 64],
          body: [
            head(['统一社会信用代码', '企业名称', '星级', '年度', '申请兑付', '认定']),
            ...aggregate.byEnterprise.map((row) => [
              cell(row.creditCode),
              cell(row.enterpriseName),
              cell(starName(row.star)),
              cell(row.listYear),
              right(yuanText(row.netWriteOff)),
              right(yuanText(row.recognised)),
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
        fontSize: 8.5,
      },
      { text: '按星级', bold: true, margin: [0, 8, 0, 2] },
      {
        table: {
          headerRows: 1,
          widths: ['*', 60, 90],
          body: [
            head(['星级', '企业数', '认定']),
            ...aggregate.byStar.map((row) => [
              cell(starName(row.star)),
              right(String(row.enterprises)),
              right(yuanText(row.recognised)),
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
      },
      { text: '按名单年度', bold: true, margin: [0, 8, 0, 2] },
      {
        table: {
          headerRows: 1,
          widths: ['*', 60, 90],
          body: [
            head(['名单年度', '企业数', '认定']),
            ...aggregate.byListYear.map((row) => [
              cell(`${row.listYear}年`),
              right(String(row.enterprises)),
              right(yuanText(row.recognised)),
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
      },
      {
        text: '报送单位（盖章）：海安市发展和改革委员会　　审核人：　　　　日期：',
        margin: [0, 24, 0, 0],
      },
    ],
  };
  return renderPdf(definition);
}

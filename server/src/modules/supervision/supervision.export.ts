/**
 * 全流程监管 as an Excel workbook for the Data Bureau's files: the year's figures, every listed
 * enterprise with its stage and voucher, and the monthly write-offs by service category.
 * Amounts are yuan as numbers to two places (the ledger's fen divided; the sheet only shows).
 */
import ExcelJS from 'exceljs';
import { CATEGORY_NAMES } from '../../domain/categories.js';
import type { FlowStage } from '../../domain/flow-stage.js';
import { starName } from '../../domain/stars.js';
import { localDateString } from '../../domain/time.js';
import { workbookBuffer } from '../../lib/spreadsheet-cells.js';
import type { EnterpriseFlowRow } from './supervision.query.js';
import type { FlowOverview } from './supervision.service.js';

export const STAGE_NAMES: Record<FlowStage, string> = {
  notCertified: '未认证',
  certifying: '认证审核中',
  certificationReturned: '认证被退回',
  certified: '已认证，未认领',
  claimSubmitted: '认领审核中',
  claimReturned: '认领被退回',
  inUse: '使用中',
  usedUp: '已用完',
  expired: '已到期',
};
const MONEY = '#,##0.00';
const yuan = (fen: number) => fen / 100;

export async function supervisionWorkbook(
  overview: FlowOverview,
  rows: readonly EnterpriseFlowRow[],
  timeZone: string,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '云券 Yunquan';
  workbook.created = new Date(overview.asOf);

  const figures = workbook.addWorksheet('总览');
  figures.columns = [
    { header: '项目', key: 'item', width: 28 },
    { header: '数值', key: 'value', width: 20 },
  ];
  const money = (item: string, fen: number) =>
    (figures.addRow({ item: `${item}（元）`, value: yuan(fen) }).getCell('value').numFmt = MONEY);
  figures.addRow({ item: '名单年度', value: overview.listYear });
  figures.addRow({
    item: '统计时点（北京时间）',
    value: `${localDateString(new Date(overview.asOf), timeZone)}`,
  });
  const plan = overview.plan;
  if (plan) {
    figures.addRow({ item: '发放计划', value: plan.plan.title });
    money('预算总额', plan.budget.total);
    money('已发放', plan.budget.granted);
    money('剩余预算', plan.budget.remaining);
    money('待认领需求', plan.budget.needAhead);
  } else {
    figures.addRow({ item: '发放计划', value: '尚未制定' });
  }
  figures.addRow({ item: '名单企业（已公布）', value: overview.list.published });
  for (const [stage, count] of Object.entries(overview.stages)) {
    figures.addRow({ item: `　${STAGE_NAMES[stage as FlowStage]}`, value: count });
  }
  figures.addRow({ item: '已发放资源券（张）', value: overview.vouchers.count });
  money('资源券总额度', overview.vouchers.amount);
  money('已核销', overview.vouchers.used);
  money('已作废', overview.vouchers.voided);
  money('可用余额', overview.vouchers.available);
  money('待生效额度', overview.vouchers.pending);
  figures.addRow({ item: '核销账单（笔）', value: overview.writeOffs.bills });
  money('冲正金额', overview.writeOffs.reversed);

  const enterprises = workbook.addWorksheet('企业明细');
  enterprises.columns = [
    { header: '批次', key: 'batchNo', width: 6 },
    { header: '序号', key: 'seqNo', width: 6 },
    { header: '县（市、区）', key: 'county', width: 12 },
    { header: '企业名称', key: 'name', width: 32 },
    { header: '统一社会信用代码', key: 'creditCode', width: 22 },
    { header: '星级', key: 'star', width: 8 },
    { header: '所处环节', key: 'stage', width: 14 },
    { header: '认领日期', key: 'grantedAt', width: 12 },
    { header: '额度（元）', key: 'amount', width: 14, style: { numFmt: MONEY } },
    { header: '已核销（元）', key: 'used', width: 14, style: { numFmt: MONEY } },
    { header: '已作废（元）', key: 'voided', width: 14, style: { numFmt: MONEY } },
    { header: '可用（元）', key: 'available', width: 14, style: { numFmt: MONEY } },
    { header: '待生效（元）', key: 'pending', width: 14, style: { numFmt: MONEY } },
  ];
  for (const row of rows) {
    enterprises.addRow({
      batchNo: row.batchNo,
      seqNo: row.seqNo,
      county: row.county,
      name: row.enterpriseName,
      creditCode: row.creditCode,
      star: starName(row.star),
      stage: STAGE_NAMES[row.stage],
      grantedAt: row.grantedAt ? localDateString(new Date(row.grantedAt), timeZone) : '',
      amount: yuan(row.amount),
      used: yuan(row.used),
      voided: yuan(row.voided),
      available: yuan(row.available),
      pending: yuan(row.pending),
    });
  }

  const months = workbook.addWorksheet('月度核销');
  const categories = Object.keys(CATEGORY_NAMES);
  months.columns = [
    { header: '月份', key: 'month', width: 10 },
    ...categories.map((category) => ({
      header: `${CATEGORY_NAMES[category]}（元）`,
      key: category,
      width: 16,
      style: { numFmt: MONEY },
    })),
    { header: '合计（元）', key: 'total', width: 16, style: { numFmt: MONEY } },
  ];
  const byMonth = new Map<string, Record<string, number>>();
  for (const entry of overview.writeOffs.byMonth) {
    const month = byMonth.get(entry.month) ?? { total: 0 };
    month[entry.category] = (month[entry.category] ?? 0) + entry.net;
    month.total = (month.total ?? 0) + entry.net;
    byMonth.set(entry.month, month);
  }
  for (const [month, amounts] of byMonth) {
    months.addRow({
      month,
      ...Object.fromEntries(Object.entries(amounts).map(([key, fen]) => [key, yuan(fen)])),
    });
  }

  for (const sheet of [figures, enterprises, months]) {
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return workbookBuffer(workbook);
}

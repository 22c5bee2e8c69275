/**
 * The enterprise's usage history as an Excel workbook (exceljs), in Chinese, with amounts in
 * yuan as numbers formatted to two places (the ledger's fen are exact; the sheet divides).
 */
import ExcelJS from 'exceljs';
import type { RawSql } from '../../db/client.js';
import { CATEGORY_NAMES } from '../../domain/categories.js';
import { starName } from '../../domain/stars.js';
import { localDateString } from '../../domain/time.js';
import { workbookBuffer } from '../../lib/spreadsheet-cells.js';
import { type UsageScope, usageOf } from './usage.query.js';
import { vouchersOf } from './vouchers.query.js';

const STATUS_NAMES: Record<string, string> = {
  pending: '未生效',
  active: '可使用',
  expired: '已到期',
  exhausted: '已用完',
};
const yuan = (fen: number | null) => (fen === null ? null : fen / 100);
const MONEY = '#,##0.00';

export async function usageWorkbook(
  sql: RawSql,
  enterpriseId: string,
  now: Date,
  timeZone: string,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '云券 Yunquan';
  workbook.created = now;
  const vouchers = await vouchersOf(sql, { enterpriseId }, now);
  const summary = workbook.addWorksheet('资源券额度');
  summary.columns = [
    { header: '年度名单', key: 'listYear', width: 10 },
    { header: '星级', key: 'star', width: 8 },
    { header: '期次', key: 'seq', width: 8 },
    { header: '额度（元）', key: 'amount', width: 14, style: { numFmt: MONEY } },
    { header: '已使用（元）', key: 'used', width: 14, style: { numFmt: MONEY } },
    { header: '已作废（元）', key: 'voided', width: 14, style: { numFmt: MONEY } },
    { header: '可用（元）', key: 'available', width: 14, style: { numFmt: MONEY } },
    { header: '生效日期', key: 'activeFrom', width: 12 },
    { header: '有效期至（含）', key: 'lastDay', width: 14 },
    { header: '状态', key: 'status', width: 10 },
  ];
  for (const voucher of vouchers) {
    for (const t of voucher.tranches) {
      summary.addRow({
        listYear: voucher.listYear,
        star: starName(voucher.star),
        seq: `第${t.seq}期`,
        amount: yuan(t.amount),
        used: yuan(t.used),
        voided: yuan(t.voided),
        available: yuan(t.available),
        activeFrom: localDateString(new Date(t.activeFrom), timeZone),
        lastDay: localDateString(new Date(new Date(t.expiresAt).getTime() - 1), timeZone),
        status: STATUS_NAMES[t.status] ?? t.status,
      });
    }
  }
  const history = workbook.addWorksheet('使用明细');
  history.columns = [
    { header: '时间（北京时间）', key: 'time', width: 20 },
    { header: '类型', key: 'type', width: 8 },
    { header: '订单号', key: 'orderNo', width: 24 },
    { header: '服务类别', key: 'category', width: 12 },
    { header: '账单金额（元）', key: 'requested', width: 16, style: { numFmt: MONEY } },
    { header: '资源券抵扣/冲正（元）', key: 'amount', width: 20, style: { numFmt: MONEY } },
    { header: '现金支付（元）', key: 'payable', width: 16, style: { numFmt: MONEY } },
    { header: '说明', key: 'note', width: 30 },
  ];
  const scope: UsageScope = { enterpriseId };
  const pageSize = 1_000;
  for (let page = 1; ; page++) {
    const { items } = await usageOf(sql, scope, { page, pageSize });
    for (const item of items) {
      const at = new Date(item.createdAt);
      history.addRow({
        time: `${localDateString(at, timeZone)} ${at.toLocaleTimeString('zh-CN', { timeZone, hour12: false })}`,
        type: item.type === 'deduction' ? '核销' : '冲正',
        orderNo: item.orderNo,
        category: CATEGORY_NAMES[item.category] ?? item.category,
        requested: yuan(item.requested),
        amount: yuan(item.type === 'deduction' ? item.amount : -item.amount),
        payable: yuan(item.payable),
        note:
          item.type === 'reversal'
            ? `${item.reason ?? ''}（退回 ${yuan(item.restored)} 元，作废 ${yuan(item.voided)} 元）`
            : (item.description ?? ''),
      });
    }
    if (items.length < pageSize) break;
  }
  for (const sheet of [summary, history]) {
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return workbookBuffer(workbook);
}

/**
 * The operator's 核销记录 of one month (or one enterprise's within it) as a workbook: every
 * write-off and reversal with the enterprise, amounts in yuan and a 合计 row, for the clerk's
 * own reconciliation with the billing system.
 */
export async function operatorDeductionsWorkbook(
  sql: RawSql,
  scope: { operatorId: string; creditCode?: string; period: { from: Date; to: Date } },
  monthLabel: string,
  now: Date,
  timeZone: string,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '云券 Yunquan';
  workbook.created = now;
  const sheet = workbook.addWorksheet('核销记录');
  sheet.columns = [
    { header: '时间（北京时间）', key: 'time', width: 20 },
    { header: '类型', key: 'type', width: 8 },
    { header: '订单号', key: 'orderNo', width: 24 },
    { header: '统一社会信用代码', key: 'creditCode', width: 22 },
    { header: '企业名称', key: 'enterprise', width: 28 },
    { header: '服务类别', key: 'category', width: 12 },
    { header: '账单金额（元）', key: 'requested', width: 16, style: { numFmt: MONEY } },
    { header: '资源券核销/冲正（元）', key: 'amount', width: 20, style: { numFmt: MONEY } },
    { header: '现金支付（元）', key: 'payable', width: 16, style: { numFmt: MONEY } },
    { header: '冲正退回（元）', key: 'restored', width: 16, style: { numFmt: MONEY } },
    { header: '冲正作废（元）', key: 'voided', width: 16, style: { numFmt: MONEY } },
    { header: '说明', key: 'note', width: 30 },
  ];
  let deducted = 0;
  let reversed = 0;
  let rows = 0;
  const pageSize = 1_000;
  for (let page = 1; ; page++) {
    const { items } = await usageOf(sql, scope, { page, pageSize });
    for (const item of items) {
      const at = new Date(item.createdAt);
      const isDeduction = item.type === 'deduction';
      if (isDeduction) deducted += item.amount;
      else reversed += item.amount;
      rows += 1;
      sheet.addRow({
        time: `${localDateString(at, timeZone)} ${at.toLocaleTimeString('zh-CN', { timeZone, hour12: false })}`,
        type: isDeduction ? '核销' : '冲正',
        orderNo: item.orderNo,
        creditCode: item.creditCode,
        enterprise: item.enterpriseName,
        category: CATEGORY_NAMES[item.category] ?? item.category,
        requested: yuan(item.requested),
        amount: yuan(isDeduction ? item.amount : -item.amount),
        payable: yuan(item.payable),
        restored: yuan(item.restored),
        voided: yuan(item.voided),
        note: isDeduction ? (item.description ?? '') : (item.reason ?? ''),
      });
    }
    if (items.length < pageSize) break;
  }
  const total = sheet.addRow({
    time: `合计（${monthLabel}，${rows} 笔）`,
    amount: yuan(deducted - reversed),
    note: `核销 ${yuan(deducted)} 元，冲正 ${yuan(reversed)} 元`,
  });
  total.font = { bold: true };
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return workbookBuffer(workbook);
}

/**
 * 全流程监管 (第三条): the Data Bureau's view of one list year across issuance, claim and use —
 * the plan and its budget, where every listed enterprise stands, the vouchers granted and how
 * they are written off. Read-only; it composes the plans service and the supervision read
 * models, so the figures here are the same ones the plan page and the ledger show.
 */

import type { Database } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { countStages, type FlowStage } from '../../domain/flow-stage.js';
import type { PlanDetail, PlansService } from '../plans/plans.service.js';
import type { PoliciesService } from '../policies/policies.service.js';
import {
  type EnterpriseFlowRow,
  enterpriseFlow,
  listFigures,
  supervisedYears,
  type WriteOffFigures,
  writeOffFigures,
} from './supervision.query.js';

export interface StarFigures {
  entries: number;
  vouchers: number;
  amount: number;
  used: number;
}

export interface FlowOverview {
  listYear: number;
  /** Years with a plan or a star list, newest first, for the year picker. */
  years: number[];
  asOf: string;
  plan: PlanDetail | null;
  list: { published: number; drafts: number };
  stages: Record<FlowStage, number>;
  vouchers: {
    count: number;
    amount: number;
    used: number;
    voided: number;
    available: number;
    pending: number;
    byStar: Record<3 | 4 | 5, StarFigures>;
  };
  writeOffs: WriteOffFigures;
}

export interface EnterpriseFilter {
  listYear: number;
  stage?: FlowStage;
  q?: string;
  page: number;
  pageSize: number;
}

export class SupervisionService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly deps: { plans: PlansService; policies: PoliciesService },
  ) {}

  /** The year shown when none is asked for: the newest year with anything in it. */
  async defaultYear(): Promise<number | null> {
    const [newest] = await supervisedYears(this.database.raw);
    return newest ?? null;
  }

  async overview(listYear: number): Promise<FlowOverview> {
    return (await this.report(listYear)).overview;
  }

  /** The overview and the rows it was counted from (the workbook needs both: one read). */
  async report(listYear: number): Promise<{ overview: FlowOverview; rows: EnterpriseFlowRow[] }> {
    const sql = this.database.raw;
    const now = this.clock.now();
    const { timeZone } = (await this.deps.policies.inForce()).document;
    const [years, plan, list, rows, writeOffs] = await Promise.all([
      supervisedYears(sql),
      this.deps.plans
        .byYear(listYear)
        .then((found) => (found ? this.deps.plans.detailOf(found) : null)),
      listFigures(sql, listYear),
      enterpriseFlow(sql, listYear, now),
      writeOffFigures(sql, listYear, timeZone),
    ]);
    const overview = {
      listYear,
      years,
      asOf: now.toISOString(),
      plan,
      list,
      stages: countStages(rows.map((row) => row.stage)),
      vouchers: voucherFigures(rows),
      writeOffs,
    };
    return { overview, rows };
  }

  /** Every published entry of the year with its stage, filtered and paged. */
  async enterprises(
    filter: EnterpriseFilter,
  ): Promise<{ items: EnterpriseFlowRow[]; total: number }> {
    const rows = await this.rows(filter);
    const start = (filter.page - 1) * filter.pageSize;
    return { items: rows.slice(start, start + filter.pageSize), total: rows.length };
  }

  /** The filtered rows unpaged, for the workbook. */
  async rows(filter: Omit<EnterpriseFilter, 'page' | 'pageSize'>): Promise<EnterpriseFlowRow[]> {
    const rows = await enterpriseFlow(this.database.raw, filter.listYear, this.clock.now());
    const needle = filter.q?.trim().toUpperCase();
    return rows.filter(
      (row) =>
        (!filter.stage || row.stage === filter.stage) &&
        (!needle ||
          row.creditCode.includes(needle) ||
          row.enterpriseName.toUpperCase().includes(needle)),
    );
  }
}

function voucherFigures(rows: readonly EnterpriseFlowRow[]): FlowOverview['vouchers'] {
  const byStar: Record<3 | 4 | 5, StarFigures> = {
    3: { entries: 0, vouchers: 0, amount: 0, used: 0 },
    4: { entries: 0, vouchers: 0, amount: 0, used: 0 },
    5: { entries: 0, vouchers: 0, amount: 0, used: 0 },
  };
  const totals = { count: 0, amount: 0, used: 0, voided: 0, available: 0, pending: 0 };
  for (const row of rows) {
    const star = byStar[row.star as 3 | 4 | 5];
    if (star) star.entries += 1;
    if (!row.voucherId) continue;
    totals.count += 1;
    totals.amount += row.amount;
    totals.used += row.used;
    totals.voided += row.voided;
    totals.available += row.available;
    totals.pending += row.pending;
    if (star) {
      star.vouchers += 1;
      star.amount += row.amount;
      star.used += row.used;
    }
  }
  return { ...totals, byStar };
}

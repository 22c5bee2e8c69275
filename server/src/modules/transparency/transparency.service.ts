/**
 * 信息公开 (issue 10 §5, beyond the measures): the programme's figures for anyone, per programme
 * (list) year — budget, vouchers granted by star, written off by category and month, enterprises
 * using vouchers, paid to the operator — aggregates only, no personal data. The list of
 * recipients (name, star, amount) appears only once the Data Bureau switches it on.
 *
 * A read model: it reads the supervision figures (plans, vouchers, the ledger through
 * supervision's queries), the ledger's `paid:<year>` and its own `transparency_settings`.
 * Answers are cached per year for CACHE_MS and computed once however many ask at the same time,
 * so a public page under load costs the database one query set per year per minute.
 */
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { paidToOperator } from '../ledger/paid.query.js';
import type { SupervisionService } from '../supervision/supervision.service.js';

const CACHE_MS = 60_000;
const CATEGORIES = ['compute', 'storage', 'network', 'security'] as const;

export interface PublicFigures {
  listYear: number;
  /** Programme years with a plan or a star list, newest first. */
  years: number[];
  asOf: string;
  budget: { total: number; granted: number; remaining: number } | null;
  vouchers: {
    count: number;
    amount: number;
    byStar: { star: number; count: number; amount: number; used: number }[];
  };
  writtenOff: {
    net: number;
    reversed: number;
    bills: number;
    byCategory: { category: (typeof CATEGORIES)[number]; net: number; bills: number }[];
    byMonth: { month: string; net: number }[];
  };
  enterprisesUsing: number;
  /** Paid to the operator for write-offs in the calendar year of the same number. */
  paidToOperator: { settlementYear: number; amount: number };
  recipientsPublished: boolean;
  /** Only when published: name, star level and voucher amount, by name. */
  recipients: { enterpriseName: string; star: number; amount: number }[] | null;
}

export class TransparencyService {
  private readonly cache = new Map<number, { at: number; figures: Promise<PublicFigures> }>();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly deps: { supervision: SupervisionService },
  ) {}

  /** The newest programme year, or null before any plan or list exists. */
  async defaultYear(): Promise<number | null> {
    return this.deps.supervision.defaultYear();
  }

  async figures(listYear: number): Promise<PublicFigures> {
    const now = Date.now();
    const cached = this.cache.get(listYear);
    if (cached && now - cached.at < CACHE_MS) return cached.figures;
    const figures = this.compute(listYear);
    this.cache.set(listYear, { at: now, figures });
    // A failed computation is not kept: the next visitor tries again.
    figures.catch(() => this.cache.delete(listYear));
    return figures;
  }

  /** The Data Bureau's switch for the recipients list; takes effect at once. */
  async setRecipientsPublished(
    listYear: number,
    published: boolean,
    by: string,
    sql?: RawSql,
  ): Promise<void> {
    // Without the caller's transaction, one of its own: the audit row commits with the
    // switch (D-audit-tx-4).
    if (!sql) {
      await this.database.raw.transaction((tx) =>
        this.setRecipientsPublished(listYear, published, by, tx),
      );
      return;
    }
    await sql.query(
      `INSERT INTO transparency_settings (list_year, recipients_published, updated_by, updated_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (list_year) DO UPDATE
         SET recipients_published = $2, updated_by = $3, updated_at = $4`,
      [listYear, published, by, this.clock.now()],
    );
    this.cache.delete(listYear);
  }

  private async compute(listYear: number): Promise<PublicFigures> {
    const sql = this.database.raw;
    const [{ overview, rows }, paid, settings] = await Promise.all([
      this.deps.supervision.report(listYear),
      paidToOperator(sql, listYear),
      sql.query<{ recipients_published: boolean }>(
        'SELECT recipients_published FROM transparency_settings WHERE list_year = $1',
        [listYear],
      ),
    ]);
    const published = settings[0]?.recipients_published ?? false;
    const byMonth = new Map<string, number>();
    for (const item of overview.writeOffs.byMonth) {
      byMonth.set(item.month, (byMonth.get(item.month) ?? 0) + item.net);
    }
    const plan = overview.plan;
    return {
      listYear,
      years: overview.years,
      asOf: overview.asOf,
      // A draft plan's figures are not the city's yet: only an approved plan's budget is shown.
      budget:
        plan && plan.plan.status === 'approved'
          ? {
              total: plan.budget.total,
              granted: plan.budget.granted,
              remaining: plan.budget.remaining,
            }
          : null,
      vouchers: {
        count: overview.vouchers.count,
        amount: overview.vouchers.amount,
        byStar: ([3, 4, 5] as const).map((star) => ({
          star,
          count: overview.vouchers.byStar[star].vouchers,
          amount: overview.vouchers.byStar[star].amount,
          used: overview.vouchers.byStar[star].used,
        })),
      },
      writtenOff: {
        net: overview.writeOffs.net,
        reversed: overview.writeOffs.reversed,
        bills: overview.writeOffs.bills,
        byCategory: CATEGORIES.map((category) => {
          const found = overview.writeOffs.byCategory.find((item) => item.category === category);
          return { category, net: found?.net ?? 0, bills: found?.bills ?? 0 };
        }),
        byMonth: [...byMonth.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([month, net]) => ({ month, net })),
      },
      enterprisesUsing: rows.filter((row) => row.voucherId !== null && row.used > 0).length,
      paidToOperator: { settlementYear: listYear, amount: paid },
      recipientsPublished: published,
      recipients: published
        ? rows
            .filter((row) => row.voucherId !== null)
            .map((row) => ({
              enterpriseName: row.enterpriseName,
              star: row.star,
              amount: row.amount,
            }))
            .sort((a, b) => a.enterpriseName.localeCompare(b.enterpriseName, 'zh-CN'))
        : null,
    };
  }
}

/** The figures as CSV (UTF-8 with BOM, so Excel opens the Chinese right), amounts in yuan. */
export function figuresCsv(figures: PublicFigures): string {
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  const starName: Record<number, string> = { 3: '三星级', 4: '四星级', 5: '五星级' };
  const categoryName: Record<string, string> = {
    compute: '计算资源',
    storage: '存储资源',
    network: '网络资源',
    security: '安全防护',
  };
  const lines: string[][] = [
    ['“海安云”资源券信息公开', `${figures.listYear}年度`, `截至 ${figures.asOf}`],
    [],
    ['项目', '数值', '单位'],
  ];
  if (figures.budget) {
    lines.push(['年度预算', yuan(figures.budget.total), '元']);
    lines.push(['已发放', yuan(figures.budget.granted), '元']);
  }
  lines.push(['发放资源券', String(figures.vouchers.count), '张']);
  lines.push(['资源券金额', yuan(figures.vouchers.amount), '元']);
  lines.push(['已核销（净额）', yuan(figures.writtenOff.net), '元']);
  lines.push(['使用资源券的企业', String(figures.enterprisesUsing), '家']);
  lines.push([
    `已兑付平台服务方（${figures.paidToOperator.settlementYear}年核销）`,
    yuan(figures.paidToOperator.amount),
    '元',
  ]);
  lines.push([], ['星级', '资源券张数', '金额（元）', '已使用（元）']);
  for (const row of figures.vouchers.byStar) {
    lines.push([
      starName[row.star] ?? String(row.star),
      String(row.count),
      yuan(row.amount),
      yuan(row.used),
    ]);
  }
  lines.push([], ['服务类别', '账单笔数', '核销净额（元）']);
  for (const row of figures.writtenOff.byCategory) {
    lines.push([categoryName[row.category] ?? row.category, String(row.bills), yuan(row.net)]);
  }
  lines.push([], ['月份', '核销净额（元）']);
  for (const row of figures.writtenOff.byMonth) lines.push([row.month, yuan(row.net)]);
  if (figures.recipients) {
    lines.push([], ['企业名称', '星级', '资源券金额（元）']);
    for (const row of figures.recipients) {
      lines.push([row.enterpriseName, starName[row.star] ?? String(row.star), yuan(row.amount)]);
    }
  }
  const cell = (value: string) => {
    // Formula injection (a name starting with = + - @) and separators are neutralised.
    const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return `\uFEFF${lines.map((line) => line.map(cell).join(',')).join('\r\n')}\r\n`;
}

/**
 * The platform's checks on a claim (认领), as one ordered list of rules over facts read from
 * the database. The same list refuses a submission (the first failing blocking rule is the
 * error the enterprise gets), gates an approval, and is what the reviewer sees beside the
 * contract, recomputed at the moment of looking. Pure: no I/O, no clock.
 */
import { formatYuan } from '../../domain/money.js';
import { starName } from '../../domain/stars.js';
import { localDateString } from '../../domain/time.js';
import type { ErrorCode } from '../../errors.js';

export type CheckKey =
  | 'certified'
  | 'on_list'
  | 'published'
  | 'issued'
  | 'window'
  | 'no_other_claim'
  | 'not_granted'
  | 'contract_file'
  | 'contract_unique'
  | 'name_matches'
  | 'budget';

export interface CheckItem {
  key: CheckKey;
  ok: boolean;
  /** Chinese, for the reviewer (and, for a refused submission, the enterprise). */
  message: string;
  /** A blocking rule refuses the submission and the approval; the others inform the reviewer. */
  blocking: boolean;
  /** For a failing blocking rule: the stable code the refusal carries. */
  code: ErrorCode | null;
}

export interface Checks {
  ok: boolean;
  items: CheckItem[];
}

export interface EntryFacts {
  id: string;
  listYear: number;
  star: number;
  enterpriseName: string;
  creditCode: string;
  batchNo: number;
  batchStatus: 'draft' | 'published';
  publishedAt: Date | null;
  plan: {
    id: string;
    status: 'draft' | 'approved';
    claimOpensAt: Date;
    claimClosesAt: Date;
    budgetBalance: number;
  } | null;
  voucherBatchStatus: 'configured' | 'issued' | null;
}

export interface ClaimFacts {
  organisation: { name: string; creditCode: string | null; certifiedAt: Date | null };
  /** Null when there is no such entry. */
  entry: EntryFacts | null;
  /** When the claim counts as made: now for a new claim, its first submission otherwise. */
  claimedAt: Date;
  /** The voucher amount the policy in force gives the entry's star level. */
  amount: number;
  /** Another claim already made for the entry (new submissions only). */
  otherClaimId: string | null;
  /** A voucher of the same credit code and list year not granted by this claim. */
  grantedVoucherId: string | null;
  /** The contract of the submission; 'missing' when the file is not the caller's contract. */
  contract: { sha256: string } | 'missing';
  /** Another claim backed by a contract with the same SHA-256. */
  contractUsedBy: string | null;
}

export interface AssessOptions {
  timeZone: string;
  /**
   * `submit`: a new claim (every rule, in the order they are refused); `resubmit`: a new
   * round of a returned claim; `review`: a claim as the reviewer sees it and as approval
   * re-checks it; `approved`: as `review`, once the budget has been spent on it.
   */
  mode: 'submit' | 'resubmit' | 'review' | 'approved';
}

/** The error each blocking rule refuses with (the window's depends on which side). */
const REFUSALS: Partial<Record<CheckKey, ErrorCode>> = {
  certified: 'NOT_CERTIFIED',
  on_list: 'ENTRY_NOT_FOUND',
  published: 'ENTRY_NOT_PUBLISHED',
  issued: 'OFFER_NOT_ISSUED',
  no_other_claim: 'CLAIM_EXISTS',
  not_granted: 'VOUCHER_ALREADY_GRANTED',
  contract_file: 'FILE_NOT_FOUND',
  contract_unique: 'CONTRACT_ALREADY_USED',
};

/** The last day of a window that ends (exclusively) at `end`. */
function lastDay(end: Date, timeZone: string): string {
  return localDateString(new Date(end.getTime() - 1), timeZone);
}

export function assessClaim(facts: ClaimFacts, options: AssessOptions): Checks {
  const { timeZone, mode } = options;
  const day = (instant: Date) => localDateString(instant, timeZone);
  const items: CheckItem[] = [];
  const add = (
    key: CheckKey,
    ok: boolean,
    message: string,
    blocking = true,
    code: ErrorCode | undefined = REFUSALS[key],
  ) => {
    items.push({ key, ok, message, blocking, code: !ok && blocking ? (code ?? null) : null });
  };
  const finish = (): Checks => ({
    ok: items.every((item) => item.ok),
    items,
  });

  const { organisation, entry } = facts;
  const certified = organisation.certifiedAt !== null && organisation.creditCode !== null;
  add(
    'certified',
    certified,
    certified
      ? `企业已通过认证（${day(organisation.certifiedAt as Date)}）`
      : '企业尚未通过认证，请先完成企业认证',
  );

  const onList = entry !== null && certified && entry.creditCode === organisation.creditCode;
  add(
    'on_list',
    onList,
    onList && entry
      ? `统一社会信用代码 ${entry.creditCode} 在 ${entry.listYear} 年度星级上云企业名单中（${starName(entry.star)}）`
      : '贵企业的统一社会信用代码不在该星级上云企业名单条目中',
  );
  // Without the entry nothing else can be judged.
  if (!onList || !entry) return finish();

  const published = entry.batchStatus === 'published';
  add(
    'published',
    published,
    published
      ? `名单第 ${entry.batchNo} 批已于 ${entry.publishedAt ? day(entry.publishedAt) : '—'} 公布`
      : `${entry.listYear} 年度名单第 ${entry.batchNo} 批尚未公布，公布后方可认领`,
  );

  const { plan } = entry;
  const issued =
    plan !== null && plan.status === 'approved' && entry.voucherBatchStatus === 'issued';
  add(
    'issued',
    issued,
    issued
      ? `${entry.listYear} 年度发放计划已批准，资源券已发放`
      : `${entry.listYear} 年度资源券尚未发放（发放计划未批准或平台服务方尚未发放资源券）`,
  );
  if (!plan) return finish();

  const window = windowOf(plan, facts.claimedAt);
  const range = `${day(plan.claimOpensAt)} 至 ${lastDay(plan.claimClosesAt, timeZone)}`;
  add(
    'window',
    window === 'open',
    window === 'open'
      ? mode === 'submit'
        ? `认领期 ${range}，当前可认领`
        : `于认领期（${range}）内提交`
      : window === 'not-open'
        ? `认领期 ${range}，尚未开始`
        : `认领期 ${range}，已截止`,
    true,
    window === 'not-open' ? 'CLAIM_WINDOW_NOT_OPEN' : 'CLAIM_WINDOW_CLOSED',
  );

  if (mode === 'submit') {
    add(
      'no_other_claim',
      facts.otherClaimId === null,
      facts.otherClaimId === null ? '该名单条目尚无认领' : '该名单条目已提交认领，请勿重复认领',
    );
  }

  add(
    'not_granted',
    facts.grantedVoucherId === null,
    facts.grantedVoucherId === null
      ? `该企业尚未获得 ${entry.listYear} 年度资源券`
      : `该企业已获得 ${entry.listYear} 年度资源券，每家企业每年度限领一张`,
  );

  if (facts.contract === 'missing') {
    add('contract_file', false, '服务合同文件不存在，请重新上传');
    return finish();
  }
  add(
    'contract_unique',
    facts.contractUsedBy === null,
    facts.contractUsedBy === null
      ? `服务合同文件（SHA-256 ${facts.contract.sha256.slice(0, 12)}…）未被其他认领使用`
      : '该服务合同文件已用于其他认领，同一份合同只能用于一次认领',
  );

  const sameName = organisation.name.trim() === entry.enterpriseName.trim();
  add(
    'name_matches',
    sameName,
    sameName
      ? '企业名称与名单一致'
      : `认证企业名称“${organisation.name}”与名单名称“${entry.enterpriseName}”不一致，请核实`,
    false,
  );

  if (mode !== 'approved') {
    const enough = plan.budgetBalance >= facts.amount;
    add(
      'budget',
      enough,
      enough
        ? `发放计划预算剩余 ${formatYuan(plan.budgetBalance)}，足以发放 ${formatYuan(facts.amount)}`
        : `发放计划预算不足：需要 ${formatYuan(facts.amount)}，剩余 ${formatYuan(plan.budgetBalance)}，缺口 ${formatYuan(facts.amount - plan.budgetBalance)}`,
      false,
    );
  }
  return finish();
}

type WindowState = 'open' | 'not-open' | 'closed';

function windowOf(plan: { claimOpensAt: Date; claimClosesAt: Date }, at: Date): WindowState {
  if (at.getTime() < plan.claimOpensAt.getTime()) return 'not-open';
  if (at.getTime() >= plan.claimClosesAt.getTime()) return 'closed';
  return 'open';
}

/** The first failing blocking rule, as the code and Chinese message to refuse with. */
export function firstRefusal(checks: Checks): { code: ErrorCode; message: string } | null {
  const failed = checks.items.find((item) => item.code !== null);
  return failed?.code ? { code: failed.code, message: failed.message } : null;
}

/**
 * The operator's act in the review chain (第十五条): the administrator attests and submits a final
 * package build — a fresh password and authenticator code, and the promise (DECLARATION) — which
 * opens a new round for the year and goes to the Data Bureau.
 */
import { randomUUID } from 'node:crypto';
import { formatYuan } from '../../domain/money.js';
import { AppError, fieldError } from '../../errors.js';
import { type Caller, type ChainDeps, notifyDepartment, recordStep } from './chain.steps.js';

export const DECLARATION =
  '本单位承诺：所报兑现材料真实、完整；资源券未以任何形式兑换现金；同一账单未重复核销；如经核查发现不符合兑付条件的款项，将如数退还。';

export interface SubmissionInput {
  buildId: string;
  password: string;
  totpCode?: string | undefined;
}

/** Attest and submit a final build; answers the new submission's id. */
export async function submit(
  deps: ChainDeps,
  caller: Caller,
  year: number,
  input: SubmissionInput,
): Promise<string> {
  const build = await deps.packages.get(input.buildId);
  if (!build || build.settlementYear !== year) {
    throw fieldError('body.buildId', `不是 ${year} 年度的兑现材料`);
  }
  if (build.kind !== 'final' || build.status !== 'done' || !build.workbook || !build.pdf) {
    throw new AppError('REDEMPTION_BUILD_NOT_FINAL');
  }
  await deps.signIn.confirm(caller.userId, {
    password: input.password,
    totpCode: input.totpCode,
  });
  const now = deps.clock.now();
  const id = randomUUID();
  await deps.database.raw.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`redemption-year:${year}`]);
    const [open] = await tx.query(
      `SELECT 1 FROM redemption_submissions WHERE settlement_year = $1 AND status <> 'returned'`,
      [year],
    );
    if (open) throw new AppError('REDEMPTION_ALREADY_SUBMITTED');
    const [{ round } = { round: 0 }] = await tx.query<{ round: number }>(
      'SELECT coalesce(max(round_no), 0) AS round FROM redemption_submissions WHERE settlement_year = $1',
      [year],
    );
    await tx.query(
      `INSERT INTO redemption_submissions (id, settlement_year, round_no, build_id, status,
         version, net_write_off, attested_by, attested_by_name, attested_at, declaration,
         workbook_sha256, pdf_sha256, updated_at)
       VALUES ($1, $2, $3, $4, 'submitted', 1, $5, $6, $7, $8, $9, $10, $11, $8)`,
      [
        id,
        year,
        Number(round) + 1,
        build.id,
        build.netWriteOff ?? 0,
        caller.userId,
        caller.name,
        now,
        DECLARATION,
        build.workbook?.sha256,
        build.pdf?.sha256,
      ],
    );
    await recordStep(deps.clock, tx, id, 'submit', null, 'submitted', caller, null, [
      build.workbook?.sha256 ?? '',
      build.pdf?.sha256 ?? '',
    ]);
    await notifyDepartment(deps.notifications, tx, 'data_bureau', {
      kind: 'redemption.submitted',
      title: `${year} 年度资源券兑现材料待审核`,
      body: `平台服务方已提交 ${year} 年度资源券兑现材料（第 ${Number(round) + 1} 轮），申请兑付 ${formatYuan(build.netWriteOff ?? 0)}，请审核。`,
      dedupeKey: `redemption:${id}:submitted`,
    });
  });
  return id;
}

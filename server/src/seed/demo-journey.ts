/**
 * The enterprise journey in the demo (第十条): enterprises at every stage from registration to
 * a granted voucher, built through the platform's own services, so every row is one the
 * platform itself would have written: the current list year's issuance plan (approved, claim
 * window open), a star-list batch imported and published by the DRC, the operator's voucher
 * batch issued, then per agent (DEMO_JOURNEY_ACCOUNTS) its registration, certification
 * (submitted, returned or approved by the Data Bureau) and claim (submitted, returned or
 * approved, which grants the voucher through the ledger). Uploads are real PDFs.
 *
 * The existing demo enterprise (海安示范智能制造有限公司), which holds vouchers of an earlier
 * year, is certified too, as it must have been to claim them.
 */
import { randomUUID } from 'node:crypto';
import { creditCodeCheckChar, maskMobile, validateResidentId } from '../domain/identifiers.js';
import type { Role } from '../domain/permissions.js';
import { localYear, zonedMidnightToInstant } from '../domain/time.js';
import type { Actor } from '../http/types.js';
import {
  DEMO_ACCOUNTS,
  DEMO_JOURNEY_ACCOUNTS,
  DEMO_PASSWORD,
  type DemoJourneyAccount,
  type JourneyStage,
} from '../modules/accounts/demo-accounts.js';
import { TERMS_VERSION } from '../modules/registration/terms.js';
import type { Services } from '../services.js';
import { demoPdf } from './demo-documents.js';

const STAGE_ORDER: JourneyStage[] = [
  'registered',
  'certifying',
  'certification-returned',
  'certified',
  'claim-returned',
  'claimed',
  'approved',
];

/** What the seed needs to know of each journey enterprise beyond its demo login. */
interface Story {
  star: 3 | 4 | 5;
  legalRepresentative: string;
  address: string;
  /** A reviewer's reason, for the stages that were returned. */
  reason?: string;
}

const STORIES: Record<JourneyStage, Story> = {
  registered: { star: 3, legalRepresentative: '孙建国', address: '海安市城东镇开发大道 18 号' },
  certifying: { star: 4, legalRepresentative: '钱永康', address: '海安市曲塘镇工业园区 6 号' },
  'certification-returned': {
    star: 3,
    legalRepresentative: '周文华',
    address: '海安市李堡镇纺织路 32 号',
    reason: '营业执照复印件未加盖企业公章，请加盖公章后重新扫描上传。',
  },
  certified: { star: 5, legalRepresentative: '吴志强', address: '海安市高新区长江西路 88 号' },
  'claim-returned': {
    star: 4,
    legalRepresentative: '郑国平',
    address: '海安市高新区科创路 9 号',
    reason:
      '服务合同仅有首页，未见“海安云”服务内容及双方盖章页，请上传完整并加盖双方公章的合同扫描件。',
  },
  claimed: { star: 4, legalRepresentative: '冯建军', address: '海安市城东镇宁海路 66 号' },
  approved: { star: 5, legalRepresentative: '陈海明', address: '海安市高新区物流园 1 号' },
};

/** On the list, never registered on the platform: the list is more than the demo agents. */
const LIST_ONLY: Array<{ name: string; star: 3 | 4 | 5 }> = [
  { name: '海安东方精密铸造有限公司', star: 3 },
  { name: '海安绿源生物科技有限公司', star: 4 },
  { name: '江苏海安智造装备股份有限公司', star: 5 },
  { name: '海安联创软件科技有限公司', star: 3 },
];

/** A valid GB 32100 code in Haian's region (320685), distinct from the voucher demo's. */
function journeyCreditCode(n: number): string {
  const first17 = `91320685MA3${String(n).padStart(6, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

/** A valid resident ID number (GB 11643) for demo agent n, born in the 1980s. */
function demoResidentId(n: number, now: Date, timeZone: string): string {
  const first17 = `3206851985${String(1 + (n % 12)).padStart(2, '0')}${String(10 + n).padStart(2, '0')}04${n % 10}`;
  for (const check of '0123456789X') {
    if (validateResidentId(first17 + check, now, timeZone).ok) return first17 + check;
  }
  throw new Error(`no check digit for ${first17}`);
}

export interface JourneySeed {
  summary: string[];
  /** Organisation ids by journey username. */
  organisations: Record<string, string>;
}

export async function seedDemoJourney(
  services: Services,
  seeded: { organisations: Record<string, string>; users: Record<string, string> },
): Promise<JourneySeed> {
  const sql = services.database.raw;
  const policy = await services.policies.inForce();
  const { timeZone } = policy.document;
  const now = services.clock.now();
  const listYear = localYear(now, timeZone);

  const official = (username: string): Actor => {
    const account = DEMO_ACCOUNTS.find((candidate) => candidate.username === username);
    const userId = seeded.users[username];
    const organisationId = account ? seeded.organisations[account.organisation] : undefined;
    if (!account || !userId || !organisationId) throw new Error(`demo account ${username} missing`);
    return actor({ userId, username, name: account.name, role: account.role }, organisationId);
  };
  const drc = official('drc');
  const operator = official('operator-admin');
  const bureau = official('bureau-admin');
  const reviewer = official('reviewer');

  // The year's plan, its star list and its voucher batch.
  let plan = await services.plans.byYear(listYear);
  plan ??= await services.plans.create({
    listYear,
    title: `${listYear}年度“海安云”资源券发放计划`,
    totalBudget: 100_000_000, // ¥1,000,000
    claimOpensAt: zonedMidnightToInstant(listYear, 1, 1, timeZone),
    claimClosesAt: zonedMidnightToInstant(listYear + 1, 1, 1, timeZone),
  });
  if (plan.status === 'draft') plan = await services.plans.approve(plan.id, bureau.userId);
  // A plan seeded before with another window: enterprises go no further than certified.
  const windowOpen =
    plan.claimOpensAt.getTime() <= now.getTime() && now.getTime() < plan.claimClosesAt.getTime();

  const accounts = [...DEMO_JOURNEY_ACCOUNTS].sort(
    (a, b) => STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage),
  );
  const codes = new Map(
    accounts.map((account, index) => [account.username, journeyCreditCode(index + 1)]),
  );
  const rows = [
    ...accounts.map((account) => ({
      name: account.enterpriseName,
      creditCode: codes.get(account.username) as string,
      star: STORIES[account.stage].star,
    })),
    ...LIST_ONLY.map((entry, index) => ({
      ...entry,
      creditCode: journeyCreditCode(accounts.length + index + 1),
    })),
  ];
  const csv = [
    '序号,设区市,县(市、区),企业名称,统一社会信用代码,星级',
    ...rows.map(
      (row, index) => `${index + 1},南通市,海安市,${row.name},${row.creditCode},${row.star}`,
    ),
  ].join('\r\n');
  const { batch } = await services.starLists.import({
    bytes: Buffer.from(`\uFEFF${csv}\r\n`, 'utf8'),
    fileName: `${listYear}年度江苏省星级上云企业名单（海安市）.csv`,
    listYear,
    title: `${listYear}年度江苏省星级上云企业名单（海安市）`,
    confirmWarnings: true,
    organisationId: drc.organisationId,
    // By name, as the import route records it: the list shows who imported, not a user id.
    importedBy: drc.name,
  });
  await services.starLists.publish(batch.id, drc.name);

  const voucherBatch =
    (await services.voucherBatches.list()).find((candidate) => candidate.planId === plan.id) ??
    (await services.voucherBatches.configure(
      {
        planId: plan.id,
        name: `${listYear}年度“海安云”资源券`,
        claimInstructions:
          '请上传与“海安云”签订的服务合同复印件或扫描件（加盖双方公章，PDF、JPEG 或 PNG，不超过 10 MB），提交后由市数据局审核；审核通过之日为认领日期，资源券自该日起生效。',
      },
      operator.userId,
    ));
  if (voucherBatch.status === 'configured') {
    await services.voucherBatches.issue(voucherBatch.id, operator.userId);
  }

  // The enterprises, each as far as its stage.
  const organisations: Record<string, string> = {};
  let n = 0;
  for (const account of accounts) {
    n += 1;
    const creditCode = codes.get(account.username) as string;
    const agent = await register(services, account);
    organisations[account.username] = agent.organisationId;
    const stage = STAGE_ORDER.indexOf(account.stage);
    if (stage < STAGE_ORDER.indexOf('certifying')) continue;

    const story = STORIES[account.stage];
    const certification = await certify(services, agent, {
      enterpriseName: account.enterpriseName,
      creditCode,
      legalRepresentative: story.legalRepresentative,
      address: `江苏省南通市${story.address}`,
      agentName: account.name,
      agentIdNumber: demoResidentId(n, now, timeZone),
      agentMobile: account.mobile,
    });
    if (account.stage === 'certifying') continue;
    if (account.stage === 'certification-returned') {
      await services.certificationReview.returnForCorrection(
        reviewer,
        certification.id,
        certification.currentRound,
        story.reason ?? '材料不清晰，请重新上传。',
      );
      continue;
    }
    await services.certificationReview.approve(
      reviewer,
      certification.id,
      certification.currentRound,
    );
    if (account.stage === 'certified' || !windowOpen) continue;

    const [entry] = await sql.query<{ id: string }>(
      'SELECT id FROM star_list_entries WHERE list_year = $1 AND credit_code = $2',
      [listYear, creditCode],
    );
    if (!entry) throw new Error(`${account.enterpriseName} is not on the ${listYear} list`);
    const contract = await services.claims.storeContract(agent, {
      bytes: await demoPdf({
        title: '“海安云”服务合同',
        fields: [
          ['合同编号', `HAC-${listYear}-${String(n).padStart(4, '0')}`],
          ['甲方（用户）', `${account.enterpriseName}（${creditCode}）`],
          ['乙方（服务方）', '海安云平台服务方'],
          ['服务内容', '云主机、对象存储、负载均衡与云安全防护服务'],
          ['服务期限', `${listYear}年1月1日至${listYear + 1}年12月31日`],
        ],
        paragraphs: [
          '甲方使用乙方提供的“海安云”云计算服务，服务费用按月结算。甲方获得的“海安云”资源券可按规定抵扣相应服务费用。',
        ],
        signatures: ['甲方（盖章）', '乙方（盖章）'],
      }),
      filename: `海安云服务合同-${account.enterpriseName}.pdf`,
    });
    const claim = await services.claims.submit(agent, {
      entryId: entry.id,
      contractFileId: contract.id,
    });
    if (account.stage === 'claim-returned') {
      await services.claimReview.returnClaim(reviewer, claim.id, story.reason ?? '请补充材料。');
    } else if (account.stage === 'approved') {
      await services.claimReview.approve(reviewer, claim.id);
    }
  }

  await certifyVoucherDemoEnterprise(services, seeded, reviewer, now, timeZone);

  const width = Math.max(...accounts.map((account) => account.username.length));
  return {
    organisations,
    summary: [
      `  企业办事全流程演示账号 Enterprise journey (密码 password ${DEMO_PASSWORD}; ${listYear} 年度名单已公布、资源券已发放):`,
      ...(windowOpen
        ? []
        : [
            `    （${listYear} 年度认领期未开放，未生成认领数据 no claims: the window is not open）`,
          ]),
      ...accounts.map(
        (account) =>
          `    ${account.username.padEnd(width)}  ${codes.get(account.username)}  ${account.stageName}  ${account.enterpriseName}`,
      ),
    ],
  };
}

function actor(
  user: { userId: string; username: string; name: string; role: Role },
  organisationId: string,
): Actor {
  return {
    ...user,
    organisationId,
    organisationKind: user.role === 'enterprise_agent' ? 'enterprise' : 'department',
    sessionId: 'demo-seed',
    totpEnrolmentRequired: false,
  };
}

/**
 * An agent as registration leaves one: an uncertified enterprise organisation named after the
 * masked mobile number, the account, the accepted terms. (Registration itself needs an SMS
 * code and picks the username; the demo wants known usernames.)
 */
async function register(services: Services, account: DemoJourneyAccount): Promise<Actor> {
  const now = services.clock.now();
  const organisationId = randomUUID();
  await services.database.raw.query(
    `INSERT INTO organisations (id, kind, name, created_at) VALUES ($1, 'enterprise', $2, $3)`,
    [organisationId, `未认证企业（${maskMobile(account.mobile)}）`, now],
  );
  const user = await services.users.createAccount({
    username: account.username,
    name: account.name,
    role: 'enterprise_agent',
    organisationId,
    mobile: account.mobile,
    password: account.password,
  });
  await services.database.raw.query(
    `INSERT INTO terms_acceptances (user_id, terms_version, accepted_at) VALUES ($1, $2, $3)`,
    [user.id, TERMS_VERSION, now],
  );
  return actor(
    { userId: user.id, username: account.username, name: account.name, role: 'enterprise_agent' },
    organisationId,
  );
}

/** Uploads the licence and the letter of authorisation and submits the certification. */
async function certify(
  services: Services,
  agent: Actor,
  details: {
    enterpriseName: string;
    creditCode: string;
    legalRepresentative: string;
    address: string;
    agentName: string;
    agentIdNumber: string;
    agentMobile: string;
  },
) {
  const licence = await services.certification.uploadDocument(agent, {
    bytes: await demoPdf({
      title: '营业执照（副本）',
      fields: [
        ['统一社会信用代码', details.creditCode],
        ['名称', details.enterpriseName],
        ['类型', '有限责任公司'],
        ['法定代表人', details.legalRepresentative],
        ['住所', details.address],
        ['登记机关', '海安市市场监督管理局'],
      ],
      signatures: ['登记机关（盖章）'],
    }),
    filename: `营业执照-${details.enterpriseName}.pdf`,
    purpose: 'business_licence',
  });
  const letter = await services.certification.uploadDocument(agent, {
    bytes: await demoPdf({
      title: '授权委托书',
      fields: [
        ['企业名称', details.enterpriseName],
        ['统一社会信用代码', details.creditCode],
        ['经办人姓名', details.agentName],
        ['经办人身份证号码', details.agentIdNumber],
        ['经办人手机号码', details.agentMobile],
      ],
      paragraphs: [
        '兹授权上述人员作为我单位经办人，在“海安云”资源券服务平台办理企业认证、资源券认领等事项。',
      ],
      signatures: ['法定代表人（签字）', '委托单位（盖章）'],
    }),
    filename: `授权委托书-${details.enterpriseName}.pdf`,
    purpose: 'authorisation_letter',
  });
  return services.certification.submit(agent, {
    ...details,
    contactName: details.agentName,
    contactPhone: details.agentMobile,
    licenceFileId: licence.id,
    authorisationFileId: letter.id,
  });
}

/** The voucher demo's enterprise holds vouchers, so it must be certified: through the service. */
async function certifyVoucherDemoEnterprise(
  services: Services,
  seeded: { organisations: Record<string, string>; users: Record<string, string> },
  reviewer: Actor,
  now: Date,
  timeZone: string,
): Promise<void> {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.organisation === 'enterprise-demo');
  const organisationId = seeded.organisations['enterprise-demo'];
  const userId = account ? seeded.users[account.username] : undefined;
  if (!account || !organisationId || !userId) return;
  const [organisation] = await services.database.raw.query<{
    credit_code: string | null;
    certified_at: Date | null;
  }>('SELECT credit_code, certified_at FROM organisations WHERE id = $1', [organisationId]);
  if (!organisation?.credit_code || organisation.certified_at) return;
  const agent = actor(
    { userId, username: account.username, name: account.name, role: account.role },
    organisationId,
  );
  const certification = await certify(services, agent, {
    enterpriseName: account.organisationName,
    creditCode: organisation.credit_code,
    legalRepresentative: '张国华',
    address: '江苏省南通市海安市高新区智造大道 1 号',
    agentName: account.name,
    agentIdNumber: demoResidentId(0, now, timeZone),
    agentMobile: '13962700000',
  });
  await services.certificationReview.approve(
    reviewer,
    certification.id,
    certification.currentRound,
  );
}

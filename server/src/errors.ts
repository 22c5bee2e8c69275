/**
 * The one registry of error codes. A code is a stable contract: the UI maps it to its own
 * words, API clients branch on it. Add codes here (grouped by module), never rename one.
 * Services throw `AppError`; http/problem.ts turns it into application/problem+json.
 */
export const ERROR_CODES = {
  // General
  VALIDATION_FAILED: { status: 400, title: '请求数据无效 Validation failed' },
  MALFORMED_REQUEST: { status: 400, title: '请求格式错误 Malformed request' },
  NOT_FOUND: { status: 404, title: '资源不存在 Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: '接口不存在 No such route' },
  METHOD_NOT_ALLOWED: { status: 405, title: '不支持的请求方法 Method not allowed' },
  CONFLICT: { status: 409, title: '状态冲突 Conflict' },
  PAYLOAD_TOO_LARGE: { status: 413, title: '请求内容过大 Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: '不支持的内容类型 Unsupported media type' },
  RATE_LIMITED: { status: 429, title: '请求过于频繁 Too many requests' },
  INTERNAL_ERROR: { status: 500, title: '服务器内部错误 Internal error' },
  SERVICE_UNAVAILABLE: { status: 503, title: '服务暂不可用 Service unavailable' },

  // Accounts and sessions
  UNAUTHENTICATED: { status: 401, title: '未登录 Not signed in' },
  SESSION_EXPIRED: { status: 401, title: '登录已超时 Session expired' },
  INVALID_CREDENTIALS: { status: 401, title: '用户名或密码错误 Wrong username or password' },
  INVALID_TOTP_CODE: { status: 401, title: '动态验证码错误 Wrong authenticator code' },
  TOTP_CODE_REUSED: {
    status: 401,
    title: '该动态验证码已使用过，请等待验证器显示新的验证码 Authenticator code already used',
  },
  FORBIDDEN: { status: 403, title: '无权访问 Forbidden' },
  CROSS_SITE_REQUEST: {
    status: 403,
    title: '已拒绝来自其他网站的跨站请求，请在本平台页面内操作 Cross-site request refused',
  },
  ACCOUNT_DISABLED: { status: 403, title: '账号已停用 Account disabled' },
  TOTP_ENROLMENT_REQUIRED: {
    status: 403,
    title: '请先绑定动态验证码 Authenticator enrolment required',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    title: '请先修改临时密码 Change your temporary password first',
  },
  TOTP_REQUIRED_FOR_ROLE: {
    status: 403,
    title: '该角色必须启用动态验证码 This role requires an authenticator',
  },
  ACCOUNT_LOCKED: { status: 423, title: '账号已锁定 Account locked' },
  WEAK_PASSWORD: { status: 400, title: '密码强度不足 Password too weak' },
  USERNAME_TAKEN: { status: 409, title: '用户名已被占用 Username taken' },
  MOBILE_TAKEN: { status: 409, title: '手机号已被其他账号使用 Mobile number already in use' },
  EMAIL_TAKEN: { status: 409, title: '邮箱已被其他账号使用 E-mail already in use' },
  ROLE_ORGANISATION_MISMATCH: {
    status: 400,
    title: '角色与所属单位不匹配 Role does not fit the organisation',
  },
  CANNOT_DISABLE_SELF: { status: 409, title: '不能停用自己的账号 Cannot disable yourself' },
  CANNOT_CHANGE_OWN_ROLE: { status: 409, title: '不能修改自己的角色 Cannot change your own role' },

  // Policy, ledger and open API (open-api.md keeps these stable for billing systems)
  ENTERPRISE_NOT_FOUND: { status: 404, title: '企业不存在 Unknown enterprise' },
  DEDUCTION_NOT_FOUND: { status: 404, title: '核销记录不存在 Unknown deduction' },
  VOUCHER_NOT_FOUND: { status: 404, title: '资源券不存在 Unknown voucher' },
  PLAN_NOT_FOUND: { status: 404, title: '发放计划不存在 Unknown issuance plan' },
  API_CLIENT_NOT_FOUND: { status: 404, title: '接口客户端不存在 Unknown API client' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    title: '幂等键已用于不同请求 Idempotency key reused with a different request',
  },
  REQUEST_IN_PROGRESS: { status: 409, title: '相同请求正在处理 The same request is in progress' },
  DUPLICATE_ORDER: { status: 409, title: '订单已核销 Order already deducted' },
  VOUCHER_ALREADY_GRANTED: { status: 409, title: '资源券已发放 Voucher already granted' },
  PLAN_NOT_APPROVED: { status: 409, title: '发放计划未批准 Issuance plan not approved' },
  CATEGORY_NOT_ELIGIBLE: {
    status: 422,
    title: '该服务类别不可使用资源券 Service category not eligible',
  },
  NO_AVAILABLE_BALANCE: { status: 422, title: '无可用资源券余额 No available voucher balance' },
  REVERSAL_EXCEEDS_DEDUCTION: {
    status: 422,
    title: '冲正金额超过可冲正金额 Reversal exceeds what was deducted',
  },
  BUDGET_INSUFFICIENT: { status: 422, title: '发放计划预算不足 Plan budget insufficient' },
  STAR_NOT_IN_POLICY: { status: 422, title: '星级不在政策档位内 Star level has no tier' },
  POLICY_INVALID: { status: 422, title: '政策文件无效 Invalid policy document' },

  // Files
  FILE_EMPTY: { status: 400, title: '文件为空 Empty file' },
  FILE_TOO_LARGE: { status: 413, title: '文件过大 File too large' },
  UNSUPPORTED_FILE_TYPE: { status: 415, title: '文件类型不支持 File type not allowed' },
  FILE_DAMAGED: { status: 422, title: '文件已损坏 File damaged or truncated' },
  FILE_NOT_FOUND: { status: 404, title: '文件不存在 Unknown file' },

  // Star lists, plans, voucher batches
  STAR_LIST_UNREADABLE: { status: 422, title: '名单文件无法读取 Star list file unreadable' },
  STAR_LIST_COLUMNS_MISSING: {
    status: 422,
    title: '名单缺少必需的列 Star list columns missing',
  },
  STAR_LIST_EMPTY: { status: 422, title: '名单没有数据行 Star list has no rows' },
  STAR_LIST_TOO_MANY_ROWS: { status: 422, title: '名单行数超过上限 Star list has too many rows' },
  STAR_LIST_INVALID: { status: 422, title: '名单存在错误行 Star list has invalid rows' },
  STAR_LIST_WARNINGS_UNCONFIRMED: {
    status: 422,
    title: '名单有待核实的提示，请确认后再导入 Star list warnings not confirmed',
  },
  STAR_LIST_BATCH_NOT_FOUND: { status: 404, title: '名单批次不存在 Unknown star list batch' },
  STAR_LIST_BATCH_PUBLISHED: {
    status: 409,
    title: '名单批次已发布，不能再修改 Star list batch already published',
  },
  PLAN_ALREADY_EXISTS: { status: 409, title: '该年度已有发放计划 Plan for this year exists' },
  PLAN_ALREADY_APPROVED: { status: 409, title: '发放计划已批准 Plan already approved' },
  VOUCHER_BATCH_NOT_FOUND: { status: 404, title: '资源券批次不存在 Unknown voucher batch' },
  VOUCHER_BATCH_EXISTS: {
    status: 409,
    title: '该发放计划已配置资源券批次 Plan already has a voucher batch',
  },
  VOUCHER_BATCH_ISSUED: { status: 409, title: '资源券批次已发放 Voucher batch already issued' },

  // Registration and certification (modules/registration, modules/certification)
  CODE_TOO_SOON: { status: 429, title: '获取验证码过于频繁 Verification code requested too soon' },
  CODE_INVALID: { status: 400, title: '验证码错误 Wrong verification code' },
  CODE_EXPIRED: { status: 400, title: '验证码已过期 Verification code expired' },
  CODE_ATTEMPTS_EXCEEDED: {
    status: 400,
    title: '验证码错误次数过多，请重新获取 Too many wrong codes',
  },
  TERMS_NOT_ACCEPTED: {
    status: 400,
    title: '请阅读并同意个人信息处理规则 Terms of personal-information use not accepted',
  },
  CERTIFICATION_NOT_FOUND: { status: 404, title: '企业认证不存在 Unknown certification' },
  CERTIFICATION_PENDING: { status: 409, title: '企业认证正在审核中 Certification under review' },
  CERTIFICATION_APPROVED: { status: 409, title: '企业已通过认证 Enterprise already certified' },
  CREDIT_CODE_TAKEN: {
    status: 409,
    title: '该统一社会信用代码已由其他企业认证 Credit code certified by another enterprise',
  },
  REAL_NAME_CHECK_FAILED: { status: 422, title: '实名核验未通过 Real-name check failed' },
  FILE_PURPOSE_MISMATCH: { status: 400, title: '文件用途不符 File uploaded for another purpose' },
  ROUND_ALREADY_DECIDED: {
    status: 409,
    title: '该轮提交已审核或已有新提交 Round already decided or superseded',
  },

  // Claims (modules/claims): the enterprise's claim of its offer, and the Data Bureau's review
  NOT_CERTIFIED: {
    status: 409,
    title: '企业尚未通过认证，请先完成企业认证 Enterprise not certified',
  },
  ENTRY_NOT_FOUND: {
    status: 404,
    title: '贵企业不在该星级上云企业名单中 Not on the star list',
  },
  ENTRY_NOT_PUBLISHED: {
    status: 409,
    title: '星级名单尚未公布，暂不能认领 Star list not yet published',
  },
  OFFER_NOT_ISSUED: {
    status: 409,
    title: '本年度资源券尚未发放，暂不能认领 Vouchers of this year not yet issued',
  },
  CLAIM_WINDOW_NOT_OPEN: { status: 409, title: '认领尚未开始 Claim window not yet open' },
  CLAIM_WINDOW_CLOSED: { status: 409, title: '认领已截止 Claim window closed' },
  CLAIM_EXISTS: {
    status: 409,
    title: '该名单条目已提交认领，请勿重复认领 A claim for this entry exists',
  },
  CONTRACT_ALREADY_USED: {
    status: 409,
    title: '该服务合同已用于其他认领 Service contract already used by another claim',
  },
  CLAIM_NOT_FOUND: { status: 404, title: '认领不存在 Unknown claim' },
  CLAIM_NOT_RETURNED: {
    status: 409,
    title: '认领未被退回，不能重新提交 Claim not returned, nothing to resubmit',
  },
  CLAIM_NOT_UNDER_REVIEW: {
    status: 409,
    title: '该认领不在待审核状态（已审核或尚未重新提交） Claim not awaiting review',
  },

  // Monthly operation reports (modules/monthly-reports) and the open API's statements
  PERIOD_NOT_STARTED: { status: 422, title: '该期间尚未开始 Period not started' },
  MONTHLY_REPORT_NOT_FOUND: { status: 404, title: '月度报告不存在 Unknown monthly report' },
  MONTHLY_REPORT_NOT_EDITABLE: {
    status: 409,
    title: '月度报告已提交或已存档，不能修改 Monthly report not editable',
  },
  MONTHLY_REPORT_ALREADY_SUBMITTED: {
    status: 409,
    title: '月度报告已提交，请勿重复提交 Monthly report already submitted',
  },
  MONTHLY_REPORT_MONTH_NOT_ENDED: {
    status: 409,
    title: '该月尚未结束，不能提交月度报告 Month not yet ended',
  },
  MONTHLY_REPORT_NOT_UNDER_REVIEW: {
    status: 409,
    title: '月度报告不在待审核状态 Monthly report not awaiting review',
  },
  MONTHLY_REPORT_INCOMPLETE: {
    status: 422,
    title: '月度报告第一部分数据未填写完整 Monthly report incomplete',
  },
  MONTHLY_REPORT_UNRECONCILED: {
    status: 422,
    title: '月度报告控制合计与台账不一致 Monthly report does not reconcile with the ledger',
  },
  REDEMPTION_YEAR_NOT_ENDED: {
    status: 422,
    title: '该结算年度尚未结束，只能生成预览 Settlement year not ended',
  },
  REDEMPTION_BUILD_RUNNING: {
    status: 409,
    title: '该年度的兑现材料正在生成，请稍候 A package build for the year is running',
  },
  REDEMPTION_BUILD_NOT_FOUND: { status: 404, title: '兑现材料不存在 Unknown package build' },
  REDEMPTION_BUILD_NOT_FINAL: {
    status: 422,
    title: '只能提交年度结束后生成完成的正式兑现材料 Only a finished final build can be submitted',
  },
  REDEMPTION_ALREADY_SUBMITTED: {
    status: 409,
    title: '该年度的兑现材料已提交，正在审核或已兑付 Already submitted for the year',
  },
  REDEMPTION_NOT_FOUND: { status: 404, title: '兑现申请不存在 Unknown redemption submission' },
  REDEMPTION_WRONG_STATUS: {
    status: 409,
    title: '兑现申请当前状态不允许此操作 Not allowed in the current status',
  },
  REDEMPTION_STEP_CONFLICT: {
    status: 409,
    title: '兑现申请已被他人处理，请刷新后重试 Someone else acted first',
  },
  REDEMPTION_LINES_UNDECIDED: {
    status: 422,
    title: '仍有未审核的明细，全部审核后才能批准 Lines still undecided',
  },
  REDEMPTION_LINE_NOT_FOUND: { status: 404, title: '兑现明细不存在 Unknown line' },
  REDEMPTION_LINE_HAS_EXCEPTIONS: {
    status: 422,
    title: '有核查异常的明细须逐条审核 Lines with exceptions are decided one by one',
  },
  CONFIRMATION_FAILED: {
    status: 422,
    title: '密码或动态验证码不正确 Password or authenticator code wrong',
  },
  PAYMENT_AMOUNT_MISMATCH: {
    status: 422,
    title: '拨付金额须等于认定金额 Payment must equal the recognised amount',
  },
  PAYMENT_ALREADY_RECORDED: { status: 409, title: '该年度已拨付 Already paid' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  field: string;
  message: string;
  /** The rule that refused it (zod's issue code, or a service's own). */
  rule?: string;
  limits?: Record<string, string | number | boolean | Array<string | number>>;
}

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    /** Extra members of the problem document, e.g. `{ lockedUntil }` or `{ shortfall }`. */
    readonly extensions?: Record<string, unknown>,
    readonly errors?: FieldError[],
  ) {
    super(detail ?? ERROR_CODES[code].title);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }
}

/** A 400 VALIDATION_FAILED naming one field, with the words a person reads (Chinese). */
export function fieldError(field: string, message: string, rule = 'custom'): AppError {
  return new AppError('VALIDATION_FAILED', `${field}: ${message}`, undefined, [
    { field, message, rule },
  ]);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

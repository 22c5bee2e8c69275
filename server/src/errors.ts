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
  FORBIDDEN: { status: 403, title: '无权访问 Forbidden' },
  ACCOUNT_DISABLED: { status: 403, title: '账号已停用 Account disabled' },
  TOTP_ENROLMENT_REQUIRED: {
    status: 403,
    title: '请先绑定动态验证码 Authenticator enrolment required',
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
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  field: string;
  message: string;
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

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * What a person reads when a field is refused (issue 10 §2): Chinese, and saying what is
 * allowed — “最多 100 个字符”, “不能为负数” — never zod's English defaults nor its programmer
 * phrasing (“Too big: expected string to have <=100 characters”). The field itself is named by
 * the caller (`field` beside each message); the UI shows its own wording in its own language
 * from `rule` and `limits`, and this text is what API clients and logs see.
 *
 * A schema's own message (`.refine(check, '…')`, `{ error: '…' }`) is kept when it is already
 * written for people (contains Chinese); zod's built-in English is replaced.
 */
export interface IssueDescription {
  message: string;
  /** zod's issue code: too_big, too_small, invalid_type, invalid_format, invalid_value, … */
  rule: string;
  /** What the rule allows, for the UI to phrase: minimum, maximum, format, values, keys, … */
  limits?: Record<string, string | number | boolean | Array<string | number>>;
}

const HAS_CHINESE = /[\u3400-\u9fff]/;

type Params = Record<string, unknown>;

const num = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : undefined;

function tooBig(params: Params): string {
  const max = num(params.maximum);
  const inclusive = params.inclusive !== false;
  switch (params.origin) {
    case 'string':
      return `最多 ${max} 个字符`;
    case 'array':
    case 'set':
      return `最多 ${max} 项`;
    case 'date':
      return '日期太晚';
    default:
      return inclusive ? `不能大于 ${max}` : `须小于 ${max}`;
  }
}

function tooSmall(params: Params): string {
  const min = num(params.minimum);
  const inclusive = params.inclusive !== false;
  switch (params.origin) {
    case 'string':
      return min === 1 ? '不能为空' : `至少 ${min} 个字符`;
    case 'array':
    case 'set':
      return `至少 ${min} 项`;
    case 'date':
      return '日期太早';
    default:
      if (min === 0) return inclusive ? '不能为负数' : '须大于 0';
      return inclusive ? `不能小于 ${min}` : `须大于 ${min}`;
  }
}

const EXPECTED: Record<string, string> = {
  string: '须为文字',
  number: '须为数字',
  int: '须为整数',
  bigint: '须为整数',
  boolean: '须为“是”或“否”',
  array: '须为列表',
  object: '格式不正确',
  date: '须为日期',
};

const FORMATS: Record<string, string> = {
  datetime: '须为日期时间（如 2026-01-31T08:00:00+08:00）',
  date: '须为日期（如 2026-01-31）',
  time: '须为时间（如 08:00:00）',
  email: '须为有效的电子邮箱地址',
  url: '须为有效的网址（http:// 或 https:// 开头）',
  uuid: '不是有效的编号',
  guid: '不是有效的编号',
  ipv4: '须为 IPv4 地址',
  ipv6: '须为 IPv6 地址',
  cidrv4: '须为 IPv4 地址段',
  cidrv6: '须为 IPv6 地址段',
};

function describeValues(values: unknown[]): string {
  const shown = values.map((value) => String(value));
  if (shown.length === 1) return `须为 ${shown[0]}`;
  if (shown.length <= 8) return `须为以下之一：${shown.join('、')}`;
  return '不在可选范围内';
}

/** One validation issue as fastify-type-provider-zod hands it: keyword, params, message. */
export function describeIssue(issue: {
  keyword: string;
  params?: Params;
  message?: string;
}): IssueDescription {
  const params = issue.params ?? {};
  const rule = issue.keyword;
  const own = issue.message && HAS_CHINESE.test(issue.message) ? issue.message : undefined;
  const limits: IssueDescription['limits'] = {};
  for (const key of [
    'minimum',
    'maximum',
    'inclusive',
    'origin',
    'format',
    'expected',
    'divisor',
  ]) {
    const value = params[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      limits[key] = value;
    } else if (typeof value === 'bigint') {
      limits[key] = Number(value);
    }
  }
  if (Array.isArray(params.values)) {
    limits.values = params.values.filter(
      (value): value is string | number => typeof value === 'string' || typeof value === 'number',
    );
  }
  if (Array.isArray(params.keys)) limits.keys = params.keys.map(String);
  // A refinement may name its reason (`params: { reason }`) for the UI to word it.
  if (typeof (params.params as Params | undefined)?.reason === 'string') {
    limits.reason = (params.params as Params).reason as string;
  }
  const withLimits = (message: string): IssueDescription =>
    Object.keys(limits).length > 0 ? { message, rule, limits } : { message, rule };

  if (own) return withLimits(own);
  switch (rule) {
    case 'too_big':
      return withLimits(tooBig(params));
    case 'too_small':
      return withLimits(tooSmall(params));
    case 'invalid_type':
      return withLimits(
        params.input === undefined ? '必填' : (EXPECTED[String(params.expected)] ?? '类型不正确'),
      );
    case 'invalid_format':
      return withLimits(FORMATS[String(params.format)] ?? '格式不正确');
    case 'invalid_value':
      return withLimits(
        Array.isArray(params.values) ? describeValues(params.values) : '不在可选范围内',
      );
    case 'not_multiple_of':
      return withLimits(`须为 ${num(params.divisor)} 的整数倍`);
    case 'unrecognized_keys':
      return withLimits(
        `不接受的字段：${(Array.isArray(params.keys) ? params.keys : []).join('、')}`,
      );
    default:
      return withLimits('格式不正确');
  }
}

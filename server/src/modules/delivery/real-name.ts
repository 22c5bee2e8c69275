/**
 * Real-name verification of an enterprise's agent (实名认证). The built-in check needs no
 * outside service: the resident ID number must carry a valid GB 11643 check digit and a real
 * birth date that is not in the future. It cannot know whether the number belongs to the
 * person named, and says so in its result (`nameChecked: false`). Configured with a URL and a
 * key, an HTTP adapter asks a real verification service whether name and number match.
 */
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Clock } from '../../domain/clock.js';
import { validateResidentId } from '../../domain/identifiers.js';
import { HAIAN_2024_POLICY } from '../../domain/policy.js';
import { postJson } from './http-json.js';

export type RealNameReason =
  | 'LENGTH'
  | 'FORMAT'
  | 'CHECK_DIGIT'
  | 'BIRTH_DATE'
  | 'NAME_MISMATCH'
  | 'PROVIDER_UNAVAILABLE';

/** Stored with each certification round and shown to the reviewer. */
export interface RealNameResult {
  /** 'local-check' (built in) or 'http' (the configured service). */
  provider: string;
  ok: boolean;
  /** Whether the name was compared with the number (only a real service can). */
  nameChecked: boolean;
  reason: RealNameReason | null;
  /** One line for the reviewer, in Chinese. */
  message: string;
  checkedAt: string;
}

export interface RealNameVerifier {
  readonly provider: string;
  verify(input: { name: string; idNumber: string }): Promise<RealNameResult>;
}

export const REAL_NAME_MESSAGES: Record<RealNameReason, string> = {
  LENGTH: '身份证号码应为 18 位',
  FORMAT: '身份证号码格式错误（前 17 位为数字，末位为数字或 X）',
  CHECK_DIGIT: '身份证号码校验位错误，请核对',
  BIRTH_DATE: '身份证号码中的出生日期无效',
  NAME_MISMATCH: '姓名与身份证号码不一致',
  PROVIDER_UNAVAILABLE: '实名核验服务暂不可用，请人工核验',
};

/** The built-in check of one ID number on the given day (pure). */
export function localResidentIdCheck(
  idNumber: string,
  today: Date,
  timeZone: string,
): RealNameResult {
  const result = validateResidentId(idNumber, today, timeZone);
  const base = { provider: 'local-check', nameChecked: false, checkedAt: today.toISOString() };
  if (!result.ok) {
    return {
      ...base,
      ok: false,
      reason: result.reason,
      message: REAL_NAME_MESSAGES[result.reason],
    };
  }
  return {
    ...base,
    ok: true,
    reason: null,
    message: '身份证号码校验位与出生日期有效（本地校验，未核对姓名与号码是否一致，请人工核对）',
  };
}

export class LocalRealNameVerifier implements RealNameVerifier {
  readonly provider = 'local-check';

  constructor(
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  async verify(input: { idNumber: string }): Promise<RealNameResult> {
    return localResidentIdCheck(input.idNumber, this.clock.now(), this.timeZone);
  }
}

const serviceAnswer = z.object({ match: z.boolean() });

/**
 * POST { name, idNumber } → { match: boolean }. An unreachable service or an unexpected
 * answer is a result too (`PROVIDER_UNAVAILABLE`): the submission goes on, and the reviewer
 * sees that the check could not be made.
 */
export class HttpRealNameVerifier implements RealNameVerifier {
  readonly provider = 'http';

  constructor(
    private readonly service: { url: string; key: string },
    private readonly timeoutMs: number,
    private readonly clock: Clock,
  ) {}

  async verify(input: { name: string; idNumber: string }): Promise<RealNameResult> {
    const base = { provider: this.provider, checkedAt: this.clock.now().toISOString() };
    try {
      const answer = serviceAnswer.parse(
        await postJson(
          this.service,
          { name: input.name, idNumber: input.idNumber },
          this.timeoutMs,
        ),
      );
      return answer.match
        ? { ...base, ok: true, nameChecked: true, reason: null, message: '姓名与身份证号码一致' }
        : {
            ...base,
            ok: false,
            nameChecked: true,
            reason: 'NAME_MISMATCH',
            message: REAL_NAME_MESSAGES.NAME_MISMATCH,
          };
    } catch {
      return {
        ...base,
        ok: false,
        nameChecked: false,
        reason: 'PROVIDER_UNAVAILABLE',
        message: REAL_NAME_MESSAGES.PROVIDER_UNAVAILABLE,
      };
    }
  }
}

export function createRealNameVerifier(
  config: Config,
  clock: Clock,
  timeZone: string = HAIAN_2024_POLICY.timeZone,
): RealNameVerifier {
  const service = config.delivery.realName;
  return service
    ? new HttpRealNameVerifier(service, config.delivery.timeoutMs, clock)
    : new LocalRealNameVerifier(clock, timeZone);
}

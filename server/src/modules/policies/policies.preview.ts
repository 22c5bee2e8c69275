/**
 * The dry run the policy form shows before publishing (issue 10 §2): what the server would
 * refuse, field by field, the version it would replace, and the plans whose later grants it
 * would govern. Nothing is written.
 *
 * Plans are asked for through a structural type, not the plans module's own: plans already
 * depend on policies, and this must not make the dependency a cycle.
 */
import type { FieldError } from '../../errors.js';
import type { PoliciesService, StoredPolicy } from './policies.service.js';

interface PlanLike {
  listYear: number;
  title: string;
  status: 'draft' | 'approved';
  claimOpensAt: Date;
  claimClosesAt: Date;
  policyId: string;
}

export interface PolicyPreview {
  errors: FieldError[];
  inForce: StoredPolicy;
  /**
   * Plans whose claim window has not closed: the claims approved in them after publication
   * are granted under the new version (tier amounts, tranches, categories, cap, reminders);
   * vouchers granted before keep theirs (policy-rules.md).
   */
  openPlans: Array<PlanLike & { policyVersion: string }>;
}

export async function previewPolicy(
  deps: {
    policies: Pick<PoliciesService, 'check' | 'inForce' | 'byIdOrThrow'>;
    plans: { list(): Promise<PlanLike[]> };
    now: () => Date;
  },
  document: unknown,
): Promise<PolicyPreview> {
  const [errors, inForce, plans] = await Promise.all([
    deps.policies.check(document),
    deps.policies.inForce(),
    deps.plans.list(),
  ]);
  const now = deps.now().getTime();
  const open = plans.filter((plan) => plan.claimClosesAt.getTime() > now);
  const openPlans = await Promise.all(
    open.map(async (plan) => ({
      ...plan,
      policyVersion: (await deps.policies.byIdOrThrow(plan.policyId)).version,
    })),
  );
  return { errors, inForce, openPlans };
}

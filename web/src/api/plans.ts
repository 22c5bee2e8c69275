import { useQuery } from '@tanstack/react-query';
import { api } from './client';

/** 发放计划 (第六条、第八条): one plan per list year, total-amount control, live budget. */

export interface Plan {
  id: string;
  listYear: number;
  policyId: string;
  title: string;
  totalBudget: number;
  budgetBalance: number;
  claimOpensAt: string;
  claimClosesAt: string;
  claimWindow: 'upcoming' | 'open' | 'closed';
  status: 'draft' | 'approved';
  approvedAt: string | null;
  approvedBy: string | null;
}

type ByStar<T> = { 3: T; 4: T; 5: T };

export interface PlanDetail {
  plan: Plan;
  policyVersion: string;
  budget: {
    total: number;
    granted: number;
    grantedVouchers: number;
    remaining: number;
    needAhead: number;
    entriesAhead: number;
    needByStar: ByStar<{ entries: number; amount: number }>;
    shortfall: number;
    warning: boolean;
    policyVersion: string;
    tierAmounts: ByStar<number>;
  };
  history: {
    kind: 'approval' | 'increase';
    amount: number;
    reason: string;
    by: string | null;
    at: string;
  }[];
}

export interface PlanInput {
  listYear: number;
  title: string;
  totalBudget: number;
  claimOpensAt: string;
  claimClosesAt: string;
}

export const plansKey = ['plans'] as const;

export function usePlans() {
  return useQuery({
    queryKey: [...plansKey, 'list'],
    queryFn: ({ signal }) => api<{ items: Plan[] }>('/api/plans', { signal }),
  });
}

export function usePlanDetail(year: number | null) {
  return useQuery({
    queryKey: [...plansKey, 'detail', year],
    queryFn: ({ signal }) => api<PlanDetail>(`/api/plans/${year}`, { signal }),
    enabled: year !== null,
  });
}

export function createPlan(input: PlanInput) {
  return api<unknown>('/api/plans', { method: 'POST', body: input });
}

export function approvePlan(id: string) {
  return api<PlanDetail>(`/api/plans/${encodeURIComponent(id)}/approve`, { method: 'POST' });
}

export function raiseBudget(id: string, amount: number, reason: string) {
  return api<PlanDetail>(`/api/plans/${encodeURIComponent(id)}/budget-increases`, {
    method: 'POST',
    body: { amount, reason },
  });
}

import { useQuery } from '@tanstack/react-query';
import { client, data } from './client';
import type { RequestBody, Schema } from './contract';

/** 发放计划 (第六条、第八条): one plan per list year, total-amount control, live budget. */

export type Plan = Schema<'Plan'>;
export type PlanDetail = Schema<'PlanDetail'>;
export type PlanInput = RequestBody<'/api/plans'>;

export const plansKey = ['plans'] as const;

export function usePlans() {
  return useQuery({
    queryKey: [...plansKey, 'list'],
    queryFn: ({ signal }) => data(client.GET('/api/plans', { signal })),
  });
}

export function usePlanDetail(year: number | null) {
  return useQuery({
    queryKey: [...plansKey, 'detail', year],
    queryFn: ({ signal }) =>
      data(client.GET('/api/plans/{year}', { params: { path: { year: year ?? 0 } }, signal })),
    enabled: year !== null,
  });
}

export function createPlan(input: PlanInput) {
  return data(client.POST('/api/plans', { body: input }));
}

export function approvePlan(id: string) {
  return data(client.POST('/api/plans/{id}/approve', { params: { path: { id } } }));
}

export function raiseBudget(id: string, amount: number, reason: string) {
  return data(
    client.POST('/api/plans/{id}/budget-increases', {
      params: { path: { id } },
      body: { amount, reason },
    }),
  );
}

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Paged, QueryOf, ResponseBody } from './contract';

/** 全流程监管 (第三条): the year's figures and where every listed enterprise stands. */

export type FlowOverview = ResponseBody<'/api/supervision/overview'>;
export type EnterpriseFlowRow = ResponseBody<'/api/supervision/enterprises'>['items'][number];
export type FlowStage = EnterpriseFlowRow['stage'];
export type EnterpriseFilter = Paged<QueryOf<'/api/supervision/enterprises'>>;

/** The stages in the order the page shows them; every stage the server knows, once. */
export const FLOW_STAGES = [
  'notCertified',
  'certifying',
  'certificationReturned',
  'certified',
  'claimSubmitted',
  'claimReturned',
  'inUse',
  'usedUp',
  'expired',
] as const satisfies readonly FlowStage[];

export const SUPERVISION_EXPORT_PATH = '/api/supervision/export.xlsx';
const supervisionKey = ['supervision'] as const;

export function useFlowOverview(listYear: number | undefined) {
  return useQuery({
    queryKey: [...supervisionKey, 'overview', listYear ?? 'default'],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/supervision/overview'>>('/api/supervision/overview', {
        query: { listYear },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useEnterpriseFlow(filter: EnterpriseFilter, enabled: boolean) {
  return useQuery({
    queryKey: [...supervisionKey, 'enterprises', filter],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/supervision/enterprises'>>('/api/supervision/enterprises', {
        query: { ...filter },
        signal,
      }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

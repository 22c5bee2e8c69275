import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { PlanDetail } from './plans';

/** 全流程监管 (第三条): the year's figures and where every listed enterprise stands. */

export const FLOW_STAGES = [
  'notCertified',
  'certifying',
  'certified',
  'claimSubmitted',
  'claimReturned',
  'inUse',
  'usedUp',
  'expired',
] as const;
export type FlowStage = (typeof FLOW_STAGES)[number];

interface StarFigures {
  entries: number;
  vouchers: number;
  amount: number;
  used: number;
}

export interface FlowOverview {
  listYear: number;
  years: number[];
  asOf: string;
  plan: PlanDetail | null;
  list: { published: number; drafts: number };
  stages: Record<FlowStage, number>;
  vouchers: {
    count: number;
    amount: number;
    used: number;
    voided: number;
    available: number;
    pending: number;
    byStar: { 3: StarFigures; 4: StarFigures; 5: StarFigures };
  };
  writeOffs: {
    bills: number;
    net: number;
    reversed: number;
    byCategory: { category: string; bills: number; net: number }[];
    byMonth: { month: string; category: string; net: number }[];
  };
}

export interface EnterpriseFlowRow {
  entryId: string;
  seqNo: number;
  batchNo: number;
  county: string;
  enterpriseName: string;
  creditCode: string;
  star: number;
  stage: FlowStage;
  claimId: string | null;
  voucherId: string | null;
  grantedAt: string | null;
  amount: number;
  used: number;
  voided: number;
  available: number;
  pending: number;
}

export interface EnterpriseFilter {
  listYear?: number;
  stage?: FlowStage;
  q?: string;
  page: number;
  pageSize: number;
}

export const SUPERVISION_EXPORT_PATH = '/api/supervision/export.xlsx';
const supervisionKey = ['supervision'] as const;

export function useFlowOverview(listYear: number | undefined) {
  return useQuery({
    queryKey: [...supervisionKey, 'overview', listYear ?? 'default'],
    queryFn: ({ signal }) =>
      api<FlowOverview>('/api/supervision/overview', { query: { listYear }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useEnterpriseFlow(filter: EnterpriseFilter, enabled: boolean) {
  return useQuery({
    queryKey: [...supervisionKey, 'enterprises', filter],
    queryFn: ({ signal }) =>
      api<{ listYear: number; items: EnterpriseFlowRow[]; total: number }>(
        '/api/supervision/enterprises',
        { query: { ...filter }, signal },
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

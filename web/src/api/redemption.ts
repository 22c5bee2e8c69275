import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { client, data } from './client';
import type { RequestBody, Schema } from './contract';

/**
 * 兑现 (第十五条 to 第十八条): the operator's package and the review chain. Shapes come from the
 * generated contract (server/src/modules/redemption/redemption.schemas.ts).
 */
export type RedemptionBuild = Schema<'RedemptionBuild'>;
export type RedemptionLine = Schema<'RedemptionLine'>;
export type RedemptionSubmission = Schema<'RedemptionSubmission'>;
export type RedemptionAggregate = Schema<'RedemptionAggregate'>;
export type LineDecision = RequestBody<
  '/api/redemption/submissions/{id}/lines/{lineNo}/decision',
  'put'
>;

export const redemptionKey = ['redemption'] as const;

export function useRedemptionYears() {
  return useQuery({
    queryKey: [...redemptionKey, 'years'],
    queryFn: ({ signal }) => data(client.GET('/api/redemption/years', { signal })),
  });
}

/** A build, polled every second while it runs so the progress bar moves. */
export function useBuild(buildId: string | null) {
  return useQuery({
    queryKey: [...redemptionKey, 'build', buildId],
    queryFn: ({ signal }) =>
      data(
        client.GET('/api/redemption/builds/{buildId}', {
          params: { path: { buildId: buildId ?? '' } },
          signal,
        }),
      ),
    enabled: buildId !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.build.status;
      return status === 'queued' || status === 'running' ? 1000 : false;
    },
  });
}

export function useSubmissions(status?: RedemptionSubmission['status']) {
  return useQuery({
    queryKey: [...redemptionKey, 'submissions', status ?? 'all'],
    queryFn: ({ signal }) =>
      data(
        client.GET('/api/redemption/submissions', {
          params: { query: status ? { status } : {} },
          signal,
        }),
      ),
  });
}

export function useSubmissionLines(id: string | null, cursor: number, exceptionsOnly: boolean) {
  return useQuery({
    queryKey: [...redemptionKey, 'lines', id, cursor, exceptionsOnly],
    queryFn: ({ signal }) =>
      data(
        client.GET('/api/redemption/submissions/{id}/lines', {
          params: {
            path: { id: id ?? '' },
            query: { cursor, limit: 20, exceptionsOnly: exceptionsOnly ? 'true' : 'false' },
          },
          signal,
        }),
      ),
    enabled: id !== null,
    placeholderData: keepPreviousData,
  });
}

export function useLineTransfers(buildId: string, lineNo: number | null) {
  return useQuery({
    queryKey: [...redemptionKey, 'transfers', buildId, lineNo],
    queryFn: ({ signal }) =>
      data(
        client.GET('/api/redemption/builds/{buildId}/lines/{lineNo}/transfers', {
          params: { path: { buildId, lineNo: lineNo ?? 0 } },
          signal,
        }),
      ),
    enabled: lineNo !== null,
  });
}

export function useAggregate(id: string | null) {
  return useQuery({
    queryKey: [...redemptionKey, 'aggregate', id],
    queryFn: ({ signal }) =>
      data(
        client.GET('/api/redemption/submissions/{id}/aggregate', {
          params: { path: { id: id ?? '' } },
          signal,
        }),
      ),
    enabled: id !== null,
  });
}

export function startBuild(year: number, kind: 'preview' | 'final') {
  return data(
    client.POST('/api/redemption/years/{year}/builds', {
      params: { path: { year } },
      body: { kind },
    }),
  );
}

export function submitPackage(
  year: number,
  body: RequestBody<'/api/redemption/years/{year}/submissions'>,
) {
  return data(
    client.POST('/api/redemption/years/{year}/submissions', { params: { path: { year } }, body }),
  );
}

export function decideLine(id: string, lineNo: number, body: LineDecision) {
  return data(
    client.PUT('/api/redemption/submissions/{id}/lines/{lineNo}/decision', {
      params: { path: { id, lineNo } },
      body,
    }),
  );
}

export function acceptCleanLines(id: string) {
  return data(
    client.POST('/api/redemption/submissions/{id}/lines/accept-clean', {
      params: { path: { id } },
    }),
  );
}

const on = (id: string) => ({ params: { path: { id } } });

export function approveSubmission(id: string, version: number, totpCode?: string) {
  return data(
    client.POST('/api/redemption/submissions/{id}/approve', {
      ...on(id),
      body: { version, totpCode },
    }),
  );
}

export function returnSubmission(id: string, version: number, reason: string) {
  return data(
    client.POST('/api/redemption/submissions/{id}/return', {
      ...on(id),
      body: { version, reason },
    }),
  );
}

export function sendToFinance(id: string, version: number, comment?: string) {
  return data(
    client.POST('/api/redemption/submissions/{id}/send-to-finance', {
      ...on(id),
      body: { version, comment },
    }),
  );
}

export function financeApprove(id: string, version: number, totpCode?: string) {
  return data(
    client.POST('/api/redemption/submissions/{id}/finance-approve', {
      ...on(id),
      body: { version, totpCode },
    }),
  );
}

export function recordPayment(
  id: string,
  body: RequestBody<'/api/redemption/submissions/{id}/payment'>,
) {
  return data(client.POST('/api/redemption/submissions/{id}/payment', { ...on(id), body }));
}

export const buildDocumentPath = (buildId: string, kind: 'xlsx' | 'pdf') =>
  `/api/redemption/builds/${buildId}/documents/${kind}`;
export const aggregateDocumentPath = (id: string, kind: 'xlsx' | 'pdf') =>
  `/api/redemption/submissions/${id}/aggregate/${kind}`;

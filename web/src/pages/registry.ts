import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { FeatureKey } from '../workspace/features';

const RELOADED_FOR_CHUNK = 'yunquan.reloadedForChunk';

/**
 * `lazy` that survives an upgrade: a page open since before a new release asks for chunks that
 * no longer exist (the server answers 404). Reloading once fetches the new index and its chunks;
 * the session flag stops a loop when the failure is something else (the error then reaches the
 * error boundary as usual).
 */
function lazyPage(load: () => Promise<{ default: ComponentType }>) {
  return lazy(async () => {
    try {
      const page = await load();
      sessionStorage.removeItem(RELOADED_FOR_CHUNK);
      return page;
    } catch (error) {
      if (!sessionStorage.getItem(RELOADED_FOR_CHUNK)) {
        sessionStorage.setItem(RELOADED_FOR_CHUNK, '1');
        window.location.reload();
        return new Promise<never>(() => {});
      }
      throw error;
    }
  });
}

/**
 * Every capability's page, loaded on demand. A complete record: a menu entry without a built
 * page is a type error, never a placeholder.
 */
export const PAGES: Record<FeatureKey, LazyExoticComponent<ComponentType>> = {
  certification: lazyPage(() => import('./certification/CertificationPage')),
  claim: lazyPage(() => import('./claim/ClaimPage')),
  certificationReviews: lazyPage(() => import('./reviews/CertificationReviewsPage')),
  claimReviews: lazyPage(() => import('./reviews/ClaimReviewsPage')),
  starLists: lazyPage(() => import('./star-lists/StarListsPage')),
  plans: lazyPage(() => import('./plans/PlansPage')),
  voucherConfig: lazyPage(() => import('./voucher-config/VoucherConfigPage')),
  vouchers: lazyPage(() => import('./vouchers/MyVouchersPage')),
  writeOffs: lazyPage(() => import('./write-offs/WriteOffPage')),
  openApi: lazyPage(() => import('./open-api/OpenApiPage')),
  supervision: lazyPage(() => import('./supervision/SupervisionPage')),
  monthlyReports: lazyPage(() => import('./monthly-reports/MonthlyReportsPage')),
  reportArchive: lazyPage(() => import('./monthly-reports/ReportArchivePage')),
  redemptionMaterials: lazyPage(() => import('./redemption/RedemptionMaterialsPage')),
  redemptionReviews: lazyPage(() => import('./redemption/RedemptionReviewsPage')),
  redemptionSummary: lazyPage(() => import('./redemption/RedemptionSummaryPage')),
  payments: lazyPage(() => import('./redemption/PaymentsPage')),
  policy: lazyPage(() => import('./policy/PolicyPage')),
  notifications: lazyPage(() => import('./notifications/NotificationsPage')),
  account: lazyPage(() => import('./account/AccountPage')),
  users: lazyPage(() => import('./admin/UsersPage')),
  audit: lazyPage(() => import('./audit/AuditLogPage')),
};

import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { FeatureKey } from '../workspace/features';

/**
 * The capabilities that have a real page. Add a line here when a page is built; every
 * other menu entry shows “该功能建设中”. Pages are loaded on demand.
 */
export const PAGES: Partial<Record<FeatureKey, LazyExoticComponent<ComponentType>>> = {
  certification: lazy(() => import('./certification/CertificationPage')),
  claim: lazy(() => import('./claim/ClaimPage')),
  certificationReviews: lazy(() => import('./reviews/CertificationReviewsPage')),
  claimReviews: lazy(() => import('./reviews/ClaimReviewsPage')),
  starLists: lazy(() => import('./star-lists/StarListsPage')),
  plans: lazy(() => import('./plans/PlansPage')),
  voucherConfig: lazy(() => import('./voucher-config/VoucherConfigPage')),
  vouchers: lazy(() => import('./vouchers/MyVouchersPage')),
  writeOffs: lazy(() => import('./write-offs/WriteOffPage')),
  openApi: lazy(() => import('./open-api/OpenApiPage')),
  supervision: lazy(() => import('./supervision/SupervisionPage')),
  policy: lazy(() => import('./policy/PolicyPage')),
  notifications: lazy(() => import('./notifications/NotificationsPage')),
  account: lazy(() => import('./account/AccountPage')),
  users: lazy(() => import('./admin/UsersPage')),
  audit: lazy(() => import('./audit/AuditLogPage')),
};

export function isBuilt(key: FeatureKey): boolean {
  return PAGES[key] !== undefined;
}

/**
 * The service container: every service constructed once from the app's dependencies.
 * Routes receive it; services receive only what they use.
 */
import type { AppDeps } from './app.js';
import { SecretBox } from './lib/secret-box.js';
import { createAuth } from './modules/accounts/auth.service.js';
import { UsersService } from './modules/accounts/users.service.js';
import { AuditSealer } from './modules/audit/audit.sealer.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AuditWriter } from './modules/audit/audit.writer.js';
import { CertificationRecords } from './modules/certification/certification.records.js';
import { CertificationService } from './modules/certification/certification.service.js';
import { CertificationReviewService } from './modules/certification/certification-review.service.js';
import { ClaimReviewService } from './modules/claims/claim-review.service.js';
import { ClaimsService } from './modules/claims/claims.service.js';
import {
  createMessageSenders,
  type DeliveryLogger,
  silentDeliveryLogger,
} from './modules/delivery/adapters.js';
import { OutboxService } from './modules/delivery/outbox.service.js';
import { createRealNameVerifier } from './modules/delivery/real-name.js';
import { FilesService } from './modules/files/files.service.js';
import { LedgerService } from './modules/ledger/ledger.service.js';
import { MonthlyReportsService } from './modules/monthly-reports/monthly-reports.service.js';
import { NotificationsService } from './modules/notifications/notifications.service.js';
import { ApiClientsService } from './modules/open-api/api-clients.service.js';
import { planBudget } from './modules/plans/plan-budget.js';
import { PlansService } from './modules/plans/plans.service.js';
import { PoliciesService } from './modules/policies/policies.service.js';
import { RedemptionChainService } from './modules/redemption/chain.service.js';
import { RedemptionPackageService } from './modules/redemption/package.service.js';
import { RegistrationService } from './modules/registration/registration.service.js';
import { StarListsService } from './modules/star-lists/star-lists.service.js';
import { SupervisionService } from './modules/supervision/supervision.service.js';
import { TransparencyService } from './modules/transparency/transparency.service.js';
import { notifyOfferHolders } from './modules/voucher-batches/offers.notify.js';
import { VoucherBatchesService } from './modules/voucher-batches/voucher-batches.service.js';

/** `log` receives what the delivery adapters write (the app's logger; silent by default). */
export function createServices(deps: AppDeps, log: DeliveryLogger = silentDeliveryLogger) {
  const { config, clock, database } = deps;
  const audit = new AuditWriter(database, clock);
  const auth = createAuth({ config, clock, database, audit });
  const secretBox = new SecretBox(config.dataEncryptionKey);
  const policies = new PoliciesService(database, clock);
  const ledger = new LedgerService(database, clock, policies, planBudget);
  const notifications = new NotificationsService(database, clock);
  const files = new FilesService(database, clock, config);
  const users = new UsersService({ config, clock, database, auth });
  // Enterprise journey: delivery (SMS, e-mail, real name), registration, certification.
  const outbox = new OutboxService(
    database,
    clock,
    secretBox,
    createMessageSenders(config, log),
    log,
  );
  const realName = createRealNameVerifier(config, clock);
  const certificationRecords = new CertificationRecords(secretBox);
  const plans = new PlansService(database, clock, policies);
  const redemptionPackage = new RedemptionPackageService({ database, clock, policies, files });
  const supervision = new SupervisionService(database, clock, { plans, policies });
  return {
    config,
    clock,
    database,
    audit,
    auditLog: new AuditService(database),
    auditSealer: new AuditSealer(database, clock),
    auth,
    users,
    secretBox,
    policies,
    plans,
    ledger,
    apiClients: new ApiClientsService(database, clock, secretBox),
    notifications,
    files,
    outbox,
    realName,
    registration: new RegistrationService({ config, clock, database, auth, users, outbox }),
    certification: new CertificationService({
      database,
      clock,
      secretBox,
      files,
      policies,
      realName,
      records: certificationRecords,
    }),
    certificationReview: new CertificationReviewService({
      config,
      database,
      clock,
      records: certificationRecords,
      notifications,
      outbox,
    }),
    starLists: new StarListsService(database, clock, {
      files,
      policies,
      notifyOfferHolders: (tx, scope) => notifyOfferHolders(tx, notifications, scope),
    }),
    voucherBatches: new VoucherBatchesService(database, clock, { notifications, policies }),
    claims: new ClaimsService({ database, clock, policies, notifications, files }),
    claimReview: new ClaimReviewService({
      database,
      clock,
      policies,
      ledger,
      notifications,
      outbox,
    }),
    supervision,
    transparency: new TransparencyService(database, clock, { supervision }),
    monthlyReports: new MonthlyReportsService({ database, clock, policies, files }),
    redemptionPackage,
    redemptionChain: new RedemptionChainService({
      database,
      clock,
      policies,
      packages: redemptionPackage,
      signIn: auth.signIn,
      notifications,
    }),
  };
}

export type Services = ReturnType<typeof createServices>;

/**
 * The service container: every service constructed once from the app's dependencies.
 * Routes receive it; services receive only what they use.
 */
import type { AppDeps } from './app.js';
import { SecretBox } from './lib/secret-box.js';
import { AuthService } from './modules/accounts/auth.service.js';
import { UsersService } from './modules/accounts/users.service.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AuditWriter } from './modules/audit/audit.writer.js';
import { FilesService } from './modules/files/files.service.js';
import { LedgerService } from './modules/ledger/ledger.service.js';
import { NotificationsService } from './modules/notifications/notifications.service.js';
import { ApiClientsService } from './modules/open-api/api-clients.service.js';
import { PlansService } from './modules/plans/plans.service.js';
import { PoliciesService } from './modules/policies/policies.service.js';

export function createServices(deps: AppDeps) {
  const { config, clock, database } = deps;
  const audit = new AuditWriter(database, clock);
  const auth = new AuthService({ config, clock, database, audit });
  const secretBox = new SecretBox(config.dataEncryptionKey);
  const policies = new PoliciesService(database, clock);
  const ledger = new LedgerService(database, clock, policies);
  return {
    config,
    clock,
    database,
    audit,
    auditLog: new AuditService(database),
    auth,
    users: new UsersService({ config, clock, database, auth }),
    secretBox,
    policies,
    plans: new PlansService(database, clock, policies),
    ledger,
    apiClients: new ApiClientsService(database, clock, secretBox),
    notifications: new NotificationsService(database, clock),
    files: new FilesService(database, clock, config),
  };
}

export type Services = ReturnType<typeof createServices>;

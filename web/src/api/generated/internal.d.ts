/**
 * The internal API's types, generated from docs/api/internal-openapi.json by openapi-typescript.
 * Do not edit: change the route's zod schema on the server and run `npm run api:generate`.
 */

export interface paths {
    "/api/system/info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/system/info */
        get: operations["getSystemInfo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/health */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with a username (or mobile number) and password */
        post: operations["postSessionSignIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete a sign-in with an authenticator code or a backup code */
        post: operations["postSessionTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the caller is signed in, signed out, or holds an expired session */
        get: operations["getSessionState"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: the session ends on the server */
        post: operations["postSessionSignOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user and their permissions */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change one’s own password (also a temporary one, which must be changed); other sessions end */
        post: operations["postAccountPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One’s own live sessions */
        get: operations["getAccountSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End one of one’s own sessions */
        delete: operations["deleteAccountSessionsById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/totp/enrol": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start enrolling an authenticator: a new secret and backup codes */
        post: operations["postAccountTotpEnrol"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/totp/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm the enrolment with a first code; the second factor is then on */
        post: operations["postAccountTotpConfirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/totp/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn the second factor off (refused where the role requires it) */
        post: operations["postAccountTotpDisable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/organisations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Organisations whose staff administrators manage */
        get: operations["getAdminOrganisations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search users by name, username or mobile; newest first */
        get: operations["getAdminUsers"];
        put?: never;
        /** Create a staff account; the temporary password is shown once and must be changed at first sign-in */
        post: operations["postAdminUsers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename, change the role, disable (ends their sessions) or re-enable a user */
        patch: operations["patchAdminUsersById"];
        trace?: never;
    };
    "/api/admin/users/{id}/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a temporary password (shown once, to be changed at the next sign-in); the user’s sessions end */
        post: operations["postAdminUsersByIdResetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lift a lockout after failed sign-ins */
        post: operations["postAdminUsersByIdUnlock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search the audit trail, newest first */
        get: operations["getAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/notifications */
        get: operations["getNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/notifications/{id}/read */
        post: operations["postNotificationsByIdRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/notifications/read-all */
        post: operations["postNotificationsReadAll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/policies/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/policies/current */
        get: operations["getPoliciesCurrent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/policies */
        get: operations["getPolicies"];
        put?: never;
        /** POST /api/policies */
        post: operations["postPolicies"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/policies/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/policies/preview */
        post: operations["postPoliciesPreview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enterprise/vouchers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/enterprise/vouchers */
        get: operations["getEnterpriseVouchers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enterprise/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/enterprise/usage */
        get: operations["getEnterpriseUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enterprise/usage.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/enterprise/usage.xlsx */
        get: operations["getEnterpriseUsageXlsx"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/operator/enterprises/{creditCode}/vouchers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/operator/enterprises/{creditCode}/vouchers */
        get: operations["getOperatorEnterprisesByCreditCodeVouchers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/operator/deductions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/operator/deductions */
        get: operations["getOperatorDeductions"];
        put?: never;
        /** POST /api/operator/deductions */
        post: operations["postOperatorDeductions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/operator/deductions.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/operator/deductions.xlsx */
        get: operations["getOperatorDeductionsXlsx"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/operator/deductions/{deductionId}/reversals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/operator/deductions/{deductionId}/reversals */
        post: operations["postOperatorDeductionsByDeductionIdReversals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/supervision/enterprises/{creditCode}/vouchers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/supervision/enterprises/{creditCode}/vouchers */
        get: operations["getSupervisionEnterprisesByCreditCodeVouchers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/operator/api-clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/operator/api-clients */
        get: operations["getOperatorApiClients"];
        put?: never;
        /** POST /api/operator/api-clients */
        post: operations["postOperatorApiClients"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/operator/api-clients/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/operator/api-clients/{id}/rotate */
        post: operations["postOperatorApiClientsByIdRotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/operator/api-clients/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/operator/api-clients/{id}/disable */
        post: operations["postOperatorApiClientsByIdDisable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/operator/api-clients/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/operator/api-clients/{id}/enable */
        post: operations["postOperatorApiClientsByIdEnable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/registration/terms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The personal-information rules an agent accepts on registration */
        get: operations["getRegistrationTerms"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/registration/codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a registration code by SMS (limited per number and per address) */
        post: operations["postRegistrationCodes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/registration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register an enterprise agent with the code; signs the new agent in */
        post: operations["postRegistration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/certification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One’s own enterprise certification with every round (personal data masked) */
        get: operations["getCertification"];
        put?: never;
        /** Submit the certification, or resubmit it after a return (a new round) */
        post: operations["postCertification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/certification/listing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether a credit code is on a published star list, and of which years */
        get: operations["getCertificationListing"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/certification/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a business licence or letter of authorisation (multipart: purpose, file); PDF, JPEG or PNG judged by content, within the policy’s size limit */
        post: operations["postCertificationFiles"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/certification/authorisation-letter-template.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The letter-of-authorisation template (PDF) to print, sign, stamp and upload */
        get: operations["getCertificationAuthorisationLetterTemplatePdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/certifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Certification queue: filter by status and name or credit code; counts by status */
        get: operations["getReviewsCertifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/certifications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A certification with every round, documents, real-name check, list comparison */
        get: operations["getReviewsCertificationsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/certifications/{id}/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Show one personal field of one round in full (audited) */
        post: operations["postReviewsCertificationsByIdReveal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/certifications/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve the latest round: the enterprise is certified under its name and code */
        post: operations["postReviewsCertificationsByIdApprove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/certifications/{id}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Return the latest round to the enterprise with a reason */
        post: operations["postReviewsCertificationsByIdReturn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/files/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A stored document, shown inline (owner organisation and reviewers only) */
        get: operations["getFilesById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/star-lists/template.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/star-lists/template.xlsx */
        get: operations["getStarListsTemplateXlsx"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/star-lists/import/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/star-lists/import/preview */
        post: operations["postStarListsImportPreview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/star-lists/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/star-lists/import */
        post: operations["postStarListsImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/star-lists/years": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/star-lists/years */
        get: operations["getStarListsYears"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/star-lists/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/star-lists/batches */
        get: operations["getStarListsBatches"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/star-lists/batches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/star-lists/batches/{id} */
        get: operations["getStarListsBatchesById"];
        put?: never;
        post?: never;
        /** DELETE /api/star-lists/batches/{id} */
        delete: operations["deleteStarListsBatchesById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/star-lists/batches/{id}/source": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/star-lists/batches/{id}/source */
        get: operations["getStarListsBatchesByIdSource"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/star-lists/batches/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/star-lists/batches/{id}/publish */
        post: operations["postStarListsBatchesByIdPublish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/star-lists/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/star-lists/entries */
        get: operations["getStarListsEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/star-lists/entries.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/star-lists/entries.xlsx */
        get: operations["getStarListsEntriesXlsx"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/plans */
        get: operations["getPlans"];
        put?: never;
        /** POST /api/plans */
        post: operations["postPlans"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/plans/{year}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/plans/{year} */
        get: operations["getPlansByYear"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/plans/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/plans/{id}/approve */
        post: operations["postPlansByIdApprove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/plans/{id}/budget-increases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/plans/{id}/budget-increases */
        post: operations["postPlansByIdBudgetIncreases"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/voucher-batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/voucher-batches */
        get: operations["getVoucherBatches"];
        put?: never;
        /** POST /api/voucher-batches */
        post: operations["postVoucherBatches"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/voucher-batches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/voucher-batches/{id} */
        get: operations["getVoucherBatchesById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** PATCH /api/voucher-batches/{id} */
        patch: operations["patchVoucherBatchesById"];
        trace?: never;
    };
    "/api/voucher-batches/{id}/issue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/voucher-batches/{id}/issue */
        post: operations["postVoucherBatchesByIdIssue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/voucher-batches/{id}/offers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/voucher-batches/{id}/offers */
        get: operations["getVoucherBatchesByIdOffers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/monthly-reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/monthly-reports */
        get: operations["getMonthlyReports"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/monthly-reports/{month}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/monthly-reports/{month} */
        get: operations["getMonthlyReportsByMonth"];
        /** PUT /api/monthly-reports/{month} */
        put: operations["putMonthlyReportsByMonth"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/monthly-reports/{month}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/monthly-reports/{month}/submit */
        post: operations["postMonthlyReportsByMonthSubmit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/monthly-reports/{month}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/monthly-reports/{month}/archive */
        post: operations["postMonthlyReportsByMonthArchive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/monthly-reports/{month}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/monthly-reports/{month}/return */
        post: operations["postMonthlyReportsByMonthReturn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/monthly-reports/{month}/rounds/{roundNo}/documents/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/monthly-reports/{month}/rounds/{roundNo}/documents/{kind} */
        get: operations["getMonthlyReportsByMonthRoundsByRoundNoDocumentsByKind"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/claims/offers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/claims/offers */
        get: operations["getClaimsOffers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/claims/contracts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/claims/contracts */
        post: operations["postClaimsContracts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/claims": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/claims */
        get: operations["getClaims"];
        put?: never;
        /** POST /api/claims */
        post: operations["postClaims"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/claims/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/claims/{id} */
        get: operations["getClaimsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/claims/{id}/resubmit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/claims/{id}/resubmit */
        post: operations["postClaimsByIdResubmit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/claims": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/reviews/claims */
        get: operations["getReviewsClaims"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/claims/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/reviews/claims/{id} */
        get: operations["getReviewsClaimsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/claims/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/reviews/claims/{id}/approve */
        post: operations["postReviewsClaimsByIdApprove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/claims/{id}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** POST /api/reviews/claims/{id}/return */
        post: operations["postReviewsClaimsByIdReturn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/supervision/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/supervision/overview */
        get: operations["getSupervisionOverview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/supervision/enterprises": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/supervision/enterprises */
        get: operations["getSupervisionEnterprises"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/supervision/export.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET /api/supervision/export.xlsx */
        get: operations["getSupervisionExportXlsx"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/years": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Settlement years with write-offs: the ledger’s figure, the newest build, the rounds */
        get: operations["getRedemptionYears"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/years/{year}/builds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Generate the year’s package (preview any time; final once the year has ended) */
        post: operations["postRedemptionYearsByYearBuilds"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/builds/{buildId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A build: status, progress, totals, exceptions, documents and their SHA-256 */
        get: operations["getRedemptionBuildsByBuildId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/builds/{buildId}/lines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A build’s lines (one per voucher used in the year), paged by line number */
        get: operations["getRedemptionBuildsByBuildIdLines"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/builds/{buildId}/lines/{lineNo}/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A line’s deductions and reversals in the settlement year */
        get: operations["getRedemptionBuildsByBuildIdLinesByLineNoTransfers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/builds/{buildId}/documents/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The build’s workbook or PDF */
        get: operations["getRedemptionBuildsByBuildIdDocumentsByKind"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/years/{year}/submissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Attest (fresh password + authenticator code, the 承诺书) and submit a final build */
        post: operations["postRedemptionYearsByYearSubmissions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/submissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Redemption submissions, newest year first (filter by status) */
        get: operations["getRedemptionSubmissions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/submissions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A submission with its steps, decisions so far and payment */
        get: operations["getRedemptionSubmissionsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/submissions/{id}/lines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A submission’s lines with the Data Bureau’s decision on each */
        get: operations["getRedemptionSubmissionsByIdLines"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/submissions/{id}/lines/{lineNo}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Decide a line: accept, reject or recognise a lower amount (reason required) */
        put: operations["putRedemptionSubmissionsByIdLinesByLineNoDecision"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/submissions/{id}/lines/accept-clean": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept every undecided line that has no exception */
        post: operations["postRedemptionSubmissionsByIdLinesAcceptClean"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/submissions/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Data Bureau: approve (authenticator code) and report to the DRC */
        post: operations["postRedemptionSubmissionsByIdApprove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/submissions/{id}/send-to-finance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** DRC: send the aggregate to Finance */
        post: operations["postRedemptionSubmissionsByIdSendToFinance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/submissions/{id}/finance-approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finance: approve (authenticator code) */
        post: operations["postRedemptionSubmissionsByIdFinanceApprove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/submissions/{id}/payment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finance: record the payment (must equal the recognised amount) */
        post: operations["postRedemptionSubmissionsByIdPayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/submissions/{id}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Return to the previous department with a reason (Data Bureau → operator, DRC → Data Bureau, Finance → DRC) */
        post: operations["postRedemptionSubmissionsByIdReturn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/submissions/{id}/aggregate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The recognised enterprises and amounts, by enterprise, star and list year */
        get: operations["getRedemptionSubmissionsByIdAggregate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/redemption/submissions/{id}/aggregate/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The DRC’s 汇总表 as Excel or PDF */
        get: operations["getRedemptionSubmissionsByIdAggregateByKind"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/transparency": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The programme’s public figures for a year (default: the newest); no sign-in */
        get: operations["getPublicTransparency"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/transparency/{year}/figures.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The same figures as CSV (UTF-8 with BOM), amounts in yuan */
        get: operations["getPublicTransparencyByYearFiguresCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/transparency/{year}/recipients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Publish (or withdraw) the year’s recipients list on the public page */
        put: operations["putTransparencyByYearRecipients"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        CreditCodeListing: {
            creditCode: string;
            publishedYears: number[];
        };
        MonthlyReportAdoptionRow: {
            star: number;
            registered: number;
            certified: number;
            claimed: number;
            activeVoucher: number;
            newRegistered: number;
            newCertified: number;
            newClaimed: number;
        };
        MonthlyReportControlRow: {
            star: number;
            opening: number;
            granted: number;
            restored: number;
            deducted: number;
            voided: number;
            closing: number;
        };
        MonthlyReportDetail: {
            month: string;
            status: ("draft" | "submitted" | "returned" | "archived") | "not-started";
            /** @enum {string} */
            monthState: "current" | "ended";
            dueDate: string;
            roundNo: number;
            submittedAt: string | null;
            lateDays: number | null;
            overdueDays: number;
            updatedAt: string | null;
            usage: components["schemas"]["MonthlyReportUsage"];
            commentary: string;
            updatedBy: string | null;
            parts: components["schemas"]["MonthlyReportParts"];
            frozen: boolean;
            rounds: components["schemas"]["MonthlyReportRound"][];
        };
        MonthlyReportParts: {
            window: {
                start: string;
                end: string;
            };
            adoption: components["schemas"]["MonthlyReportAdoptionRow"][];
            vouchers: {
                totals: components["schemas"]["MonthlyReportUsageLine"];
                byCategory: {
                    deductions: number;
                    deducted: number;
                    reversals: number;
                    reversed: number;
                    netWriteOff: number;
                    category: string;
                }[];
                byEnterprise: {
                    deductions: number;
                    deducted: number;
                    reversals: number;
                    reversed: number;
                    netWriteOff: number;
                    creditCode: string;
                    enterpriseName: string;
                }[];
                expiries: {
                    tranches: number;
                    amount: number;
                };
                reversalVoided: number;
            };
            controls: components["schemas"]["MonthlyReportControlRow"][];
            reconciliation: {
                ok: boolean;
                discrepancies: {
                    star: number;
                    /** @enum {string} */
                    what: "identity" | "opening" | "closing";
                    difference: number;
                }[];
            };
        };
        MonthlyReportRound: {
            roundNo: number;
            submittedBy: string;
            submittedAt: string;
            dueDate: string;
            lateDays: number;
            decision: ("archived" | "returned") | null;
            reviewedBy: string | null;
            reason: string | null;
            decidedAt: string | null;
            documents: {
                /** @enum {string} */
                kind: "json" | "xlsx" | "pdf";
                name: string;
                sha256: string;
                url: string;
            }[];
        };
        MonthlyReportSummary: {
            month: string;
            status: ("draft" | "submitted" | "returned" | "archived") | "not-started";
            /** @enum {string} */
            monthState: "current" | "ended";
            dueDate: string;
            roundNo: number;
            submittedAt: string | null;
            lateDays: number | null;
            overdueDays: number;
            updatedAt: string | null;
        };
        MonthlyReportUsage: {
            vcpuCoreHours: string | null;
            memoryGibHours: string | null;
            blockStorageTbMonths: string | null;
            objectStorageTbMonths: string | null;
            bandwidthPeakMbps: string | null;
            trafficTb: string | null;
            securityInstances: number | null;
        };
        MonthlyReportUsageLine: {
            deductions: number;
            deducted: number;
            reversals: number;
            reversed: number;
            netWriteOff: number;
        };
        Plan: {
            id: string;
            listYear: number;
            policyId: string;
            title: string;
            totalBudget: number;
            budgetBalance: number;
            claimOpensAt: string;
            claimClosesAt: string;
            /** @enum {string} */
            claimWindow: "upcoming" | "open" | "closed";
            /** @enum {string} */
            status: "draft" | "approved";
            approvedAt: string | null;
            approvedBy: string | null;
        };
        PlanDetail: {
            plan: components["schemas"]["Plan"];
            policyVersion: string;
            budget: {
                total: number;
                granted: number;
                grantedVouchers: number;
                remaining: number;
                needAhead: number;
                entriesAhead: number;
                needByStar: {
                    3: {
                        entries: number;
                        amount: number;
                    };
                    4: {
                        entries: number;
                        amount: number;
                    };
                    5: {
                        entries: number;
                        amount: number;
                    };
                };
                shortfall: number;
                warning: boolean;
                policyVersion: string;
                tierAmounts: {
                    3: number;
                    4: number;
                    5: number;
                };
            };
            history: {
                /** @enum {string} */
                kind: "approval" | "increase";
                amount: number;
                reason: string;
                by: string | null;
                at: string;
            }[];
        };
        PolicyDocument: {
            version: string;
            title: string;
            documentNumber: string;
            timeZone: string;
            tierAmounts: {
                3: number;
                4: number;
                5: number;
            };
            oneVoucherPerEnterprisePerListYear: boolean;
            tranches: {
                shareBasisPoints: number;
                activeFromMonths: number;
                validForMonths: number;
            }[];
            /** @constant */
            voidUnusedAtExpiry: true;
            expiryReminderDays: number[];
            eligibleCategories: string[];
            coverageCapBasisPoints: number;
            upload: {
                maxBytes: number;
                allowedTypes: string[];
            };
            monthlyReportDueDay: number;
            paymentDueDays?: number;
            anomalyThresholds?: {
                lateSpend: {
                    lastDays: number;
                    shareBasisPoints: number;
                };
                roundAmounts: {
                    unitFen: number;
                    minBills: number;
                };
                nearBalance: {
                    marginBasisPoints: number;
                    minBills: number;
                };
            };
        };
        PolicyPreview: {
            valid: boolean;
            errors: {
                field: string;
                message: string;
                rule?: string;
                limits?: {
                    [key: string]: string | number | boolean | (string | number)[];
                };
            }[];
            inForce: {
                id: string;
                version: string;
                document: components["schemas"]["PolicyDocument"];
                publishedAt: string;
                publishedBy: string | null;
                supersededAt: string | null;
                inForce: boolean;
            };
            openPlans: {
                listYear: number;
                title: string;
                /** @enum {string} */
                status: "draft" | "approved";
                claimOpensAt: string;
                claimClosesAt: string;
                policyVersion: string;
            }[];
        };
        /** @description application/problem+json (RFC 9457) */
        Problem: {
            type: string;
            title: string;
            status: number;
            code: string;
            detail: string;
            requestId?: string;
            errors?: {
                field: string;
                message: string;
                rule?: string;
                limits?: {
                    [key: string]: string | number | boolean | (string | number)[];
                };
            }[];
        } & {
            [key: string]: unknown;
        };
        PublicFigures: {
            listYear: number;
            years: number[];
            asOf: string;
            budget: {
                total: number;
                granted: number;
                remaining: number;
            } | null;
            vouchers: {
                count: number;
                amount: number;
                byStar: {
                    star: number;
                    count: number;
                    amount: number;
                    used: number;
                }[];
            };
            writtenOff: {
                net: number;
                reversed: number;
                bills: number;
                byCategory: {
                    /** @enum {string} */
                    category: "compute" | "storage" | "network" | "security";
                    net: number;
                    bills: number;
                }[];
                byMonth: {
                    month: string;
                    net: number;
                }[];
            };
            enterprisesUsing: number;
            paidToOperator: {
                settlementYear: number;
                amount: number;
            };
            recipientsPublished: boolean;
            recipients: {
                enterpriseName: string;
                star: number;
                amount: number;
            }[] | null;
        };
        RedemptionAggregate: {
            submission: components["schemas"]["RedemptionSubmission"];
            byEnterprise: {
                creditCode: string;
                enterpriseName: string;
                star: number;
                listYear: number;
                netWriteOff: number;
                recognised: number;
            }[];
            byStar: {
                star: number;
                enterprises: number;
                recognised: number;
            }[];
            byListYear: {
                listYear: number;
                enterprises: number;
                recognised: number;
            }[];
        };
        RedemptionBuild: {
            id: string;
            settlementYear: number;
            /** @enum {string} */
            kind: "preview" | "final";
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            progress: number;
            asOf: string;
            requestedBy: string;
            requestedByName: string | null;
            requestedAt: string;
            finishedAt: string | null;
            errorCode: string | null;
            totals: {
                byStar: {
                    [key: string]: {
                        vouchers: number;
                        deducted: number;
                        reversed: number;
                        net: number;
                    };
                };
                byCategory: {
                    [key: string]: number;
                };
                net: number;
                deducted: number;
                reversed: number;
                vouchers: number;
                ledgerNet: number;
            } | null;
            netWriteOff: number | null;
            voucherCount: number | null;
            transferCount: number | null;
            exceptionCount: number | null;
            buildExceptions: string[];
            workbook: {
                fileId: string;
                sha256: string;
            } | null;
            pdf: {
                fileId: string;
                sha256: string;
            } | null;
        };
        RedemptionLine: {
            lineNo: number;
            voucherId: string;
            enterpriseId: string;
            creditCode: string;
            enterpriseName: string;
            star: number;
            listYear: number;
            granted: number;
            deducted: number;
            reversed: number;
            netWriteOff: number;
            voided: number;
            balanceAtYearEnd: number;
            exceptionCodes: string[];
            warningCodes: string[];
            decision?: {
                /** @enum {string} */
                decision: "accept" | "reject" | "reduce";
                recognised: number;
                reason: string | null;
                decidedByName: string;
                decidedAt: string;
            } | null;
        };
        RedemptionSubmission: {
            id: string;
            settlementYear: number;
            roundNo: number;
            buildId: string;
            /** @enum {string} */
            status: "submitted" | "returned" | "bureau-approved" | "sent-to-finance" | "finance-approved" | "paid";
            version: number;
            netWriteOff: number;
            recognised: number | null;
            recognisedSoFar: number;
            lines: number;
            decidedLines: number;
            linesWithExceptions: number;
            attestedByName: string;
            attestedAt: string;
            declaration: string;
            workbookSha256: string;
            pdfSha256: string;
            sentToFinanceAt: string | null;
            paymentDueOn: string | null;
            overdue: boolean;
            payment: {
                amount: number;
                paidOn: string;
                reference: string;
                recordedByName: string;
                recordedAt: string;
            } | null;
            steps: {
                action: string;
                fromStatus: string | null;
                toStatus: string;
                actorName: string;
                actorRole: string;
                comment: string | null;
                documentsSha256: string[];
                at: string;
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getSystemInfo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        demo: boolean;
                        fakeNow: string | null;
                        now: string;
                        version: string;
                        demoLogins: {
                            username: string;
                            password: string;
                            role: string;
                            name: string;
                            organisation: string;
                            totp: boolean;
                            totpSecret?: string;
                        }[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                        /** @enum {string} */
                        database: "pglite" | "postgres";
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "unavailable";
                        /** @enum {string} */
                        database: "pglite" | "postgres";
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postSessionSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Username or mobile number */
                    username: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "signed-in" | "totp-required" | "password-change-required" | "totp-enrolment-required";
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postSessionTotp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "signed-in";
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSessionState: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        state: "signed-in" | "signed-out" | "expired";
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postSessionSignOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: {
                            id: string;
                            username: string;
                            name: string;
                            /** @enum {string} */
                            role: "enterprise_agent" | "operator_staff" | "operator_admin" | "data_bureau_reviewer" | "data_bureau_admin" | "drc_officer" | "finance_officer" | "system_admin";
                            organisation: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "department" | "operator" | "enterprise" | "platform";
                                departmentCode: ("data_bureau" | "drc" | "finance") | null;
                            };
                            twoFactorEnabled: boolean;
                            totpEnrolmentRequired: boolean;
                            passwordChangeRequired: boolean;
                        };
                        permissions: string[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAccountPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    currentPassword: string;
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAccountSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            lastActiveAt: string;
                            /** Format: date-time */
                            expiresAt: string;
                            ipAddress: string | null;
                            userAgent: string | null;
                            current: boolean;
                        }[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteAccountSessionsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAccountTotpEnrol: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        totpUri: string;
                        secret: string;
                        backupCodes: string[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAccountTotpConfirm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                };
            };
        };
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAccountTotpDisable: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    password: string;
                };
            };
        };
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminOrganisations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            kind: "department" | "operator" | "enterprise" | "platform";
                            departmentCode: ("data_bureau" | "drc" | "finance") | null;
                        }[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminUsers: {
        parameters: {
            query?: {
                q?: string;
                role?: "enterprise_agent" | "operator_staff" | "operator_admin" | "data_bureau_reviewer" | "data_bureau_admin" | "drc_officer" | "finance_officer" | "system_admin";
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            username: string;
                            name: string;
                            /** @enum {string} */
                            role: "enterprise_agent" | "operator_staff" | "operator_admin" | "data_bureau_reviewer" | "data_bureau_admin" | "drc_officer" | "finance_officer" | "system_admin";
                            organisation: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "department" | "operator" | "enterprise" | "platform";
                                departmentCode: ("data_bureau" | "drc" | "finance") | null;
                            };
                            disabled: boolean;
                            twoFactorEnabled: boolean;
                            passwordChangeRequired: boolean;
                            lockedUntil: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            lastSignInAt: string | null;
                        }[];
                        total: number;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    username: string;
                    name: string;
                    /** @enum {string} */
                    role: "enterprise_agent" | "operator_staff" | "operator_admin" | "data_bureau_reviewer" | "data_bureau_admin" | "drc_officer" | "finance_officer" | "system_admin";
                    organisationId: string;
                    mobile?: string;
                    /** Format: email */
                    email?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: {
                            id: string;
                            username: string;
                            name: string;
                            /** @enum {string} */
                            role: "enterprise_agent" | "operator_staff" | "operator_admin" | "data_bureau_reviewer" | "data_bureau_admin" | "drc_officer" | "finance_officer" | "system_admin";
                            organisation: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "department" | "operator" | "enterprise" | "platform";
                                departmentCode: ("data_bureau" | "drc" | "finance") | null;
                            };
                            disabled: boolean;
                            twoFactorEnabled: boolean;
                            passwordChangeRequired: boolean;
                            lockedUntil: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            lastSignInAt: string | null;
                        };
                        temporaryPassword: string;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchAdminUsersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @enum {string} */
                    role?: "enterprise_agent" | "operator_staff" | "operator_admin" | "data_bureau_reviewer" | "data_bureau_admin" | "drc_officer" | "finance_officer" | "system_admin";
                    disabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: {
                            id: string;
                            username: string;
                            name: string;
                            /** @enum {string} */
                            role: "enterprise_agent" | "operator_staff" | "operator_admin" | "data_bureau_reviewer" | "data_bureau_admin" | "drc_officer" | "finance_officer" | "system_admin";
                            organisation: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "department" | "operator" | "enterprise" | "platform";
                                departmentCode: ("data_bureau" | "drc" | "finance") | null;
                            };
                            disabled: boolean;
                            twoFactorEnabled: boolean;
                            passwordChangeRequired: boolean;
                            lockedUntil: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            lastSignInAt: string | null;
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminUsersByIdResetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        temporaryPassword: string;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminUsersByIdUnlock: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAudit: {
        parameters: {
            query?: {
                /** @description Inclusive lower bound, ISO 8601 with offset */
                from?: string;
                /** @description Exclusive upper bound, ISO 8601 with offset */
                to?: string;
                /** @description User id, or part of the name or username */
                actor?: string;
                /** @description Action prefix */
                action?: string;
                outcome?: "success" | "failure" | "denied";
                /** @description Text within the action, target or detail */
                q?: string;
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            /** @description Place in the hash chain; null until the sealer has sealed the row (待封存) */
                            seq: number | null;
                            occurredAt: string;
                            actorUserId: string | null;
                            actorName: string | null;
                            actorRole: string | null;
                            organisationId: string | null;
                            organisationName: string | null;
                            action: string;
                            targetType: string | null;
                            targetId: string | null;
                            /** @enum {string} */
                            outcome: "success" | "failure" | "denied";
                            requestId: string | null;
                            ipAddress: string | null;
                            detail: unknown;
                            prevHash: string | null;
                            hash: string | null;
                            /** @description False for a row written but not yet sealed into the chain */
                            sealed: boolean;
                        }[];
                        total: number;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNotifications: {
        parameters: {
            query?: {
                unread?: "true" | "false";
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            kind: string;
                            title: string;
                            body: string;
                            link: string | null;
                            createdAt: string;
                            readAt: string | null;
                        }[];
                        total: number;
                        unread: number;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postNotificationsByIdRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postNotificationsReadAll: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        marked: number;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPoliciesCurrent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        version: string;
                        document: components["schemas"]["PolicyDocument"];
                        publishedAt: string;
                        publishedBy: string | null;
                        supersededAt: string | null;
                        inForce: boolean;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            version: string;
                            document: components["schemas"]["PolicyDocument"];
                            publishedAt: string;
                            publishedBy: string | null;
                            supersededAt: string | null;
                            inForce: boolean;
                        }[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    document: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        version: string;
                        document: components["schemas"]["PolicyDocument"];
                        publishedAt: string;
                        publishedBy: string | null;
                        supersededAt: string | null;
                        inForce: boolean;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPoliciesPreview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    document: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyPreview"];
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEnterpriseVouchers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        vouchers: {
                            voucherId: string;
                            creditCode: string;
                            enterpriseName: string;
                            listYear: number;
                            star: number;
                            amount: number;
                            grantedAt: string;
                            policyVersion: string;
                            tranches: {
                                trancheId: string;
                                seq: number;
                                /** @description Amount in fen (分), an integer */
                                amount: number;
                                /** @description Amount in fen (分), an integer */
                                used: number;
                                /** @description Amount in fen (分), an integer */
                                voided: number;
                                /** @description What can be deducted now */
                                available: number;
                                activeFrom: string;
                                expiresAt: string;
                                /** @enum {string} */
                                status: "pending" | "active" | "expired" | "exhausted";
                                balance: number;
                            }[];
                        }[];
                        summary: {
                            available: number;
                            pending: number;
                            used: number;
                            voided: number;
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEnterpriseUsage: {
        parameters: {
            query?: {
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @enum {string} */
                            type: "deduction" | "reversal";
                            id: string;
                            deductionId: string;
                            orderNo: string;
                            creditCode: string;
                            enterpriseName: string;
                            category: string;
                            requested: number | null;
                            amount: number;
                            payable: number | null;
                            reversible: number | null;
                            restored: number | null;
                            voided: number | null;
                            reason: string | null;
                            description: string | null;
                            createdAt: string;
                        }[];
                        total: number;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEnterpriseUsageXlsx: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 资源券使用明细 (Excel) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOperatorEnterprisesByCreditCodeVouchers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Unified social credit code (统一社会信用代码), 18 characters */
                creditCode: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        vouchers: {
                            voucherId: string;
                            creditCode: string;
                            enterpriseName: string;
                            listYear: number;
                            star: number;
                            amount: number;
                            grantedAt: string;
                            policyVersion: string;
                            tranches: {
                                trancheId: string;
                                seq: number;
                                /** @description Amount in fen (分), an integer */
                                amount: number;
                                /** @description Amount in fen (分), an integer */
                                used: number;
                                /** @description Amount in fen (分), an integer */
                                voided: number;
                                /** @description What can be deducted now */
                                available: number;
                                activeFrom: string;
                                expiresAt: string;
                                /** @enum {string} */
                                status: "pending" | "active" | "expired" | "exhausted";
                                balance: number;
                            }[];
                        }[];
                        summary: {
                            available: number;
                            pending: number;
                            used: number;
                            voided: number;
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOperatorDeductions: {
        parameters: {
            query?: {
                page?: number;
                pageSize?: number;
                /** @description Unified social credit code (统一社会信用代码), 18 characters */
                creditCode?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @enum {string} */
                            type: "deduction" | "reversal";
                            id: string;
                            deductionId: string;
                            orderNo: string;
                            creditCode: string;
                            enterpriseName: string;
                            category: string;
                            requested: number | null;
                            amount: number;
                            payable: number | null;
                            reversible: number | null;
                            restored: number | null;
                            voided: number | null;
                            reason: string | null;
                            description: string | null;
                            createdAt: string;
                        }[];
                        total: number;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postOperatorDeductions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    orderNo: string;
                    /** @description Unified social credit code (统一社会信用代码), 18 characters */
                    creditCode: string;
                    category: string;
                    amount: number;
                    description?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deductionId: string;
                        orderNo: string;
                        /** @description Amount in fen (分), an integer */
                        requested: number;
                        /** @description Amount in fen (分), an integer */
                        deducted: number;
                        /** @description What the enterprise pays in cash */
                        payable: number;
                        allocations: {
                            trancheId: string;
                            /** @description Amount in fen (分), an integer */
                            amount: number;
                        }[];
                        /** @description Amount in fen (分), an integer */
                        availableAfter: number;
                        /** @description Server time of the deduction (ISO 8601, UTC) */
                        createdAt: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deductionId: string;
                        orderNo: string;
                        /** @description Amount in fen (分), an integer */
                        requested: number;
                        /** @description Amount in fen (分), an integer */
                        deducted: number;
                        /** @description What the enterprise pays in cash */
                        payable: number;
                        allocations: {
                            trancheId: string;
                            /** @description Amount in fen (分), an integer */
                            amount: number;
                        }[];
                        /** @description Amount in fen (分), an integer */
                        availableAfter: number;
                        /** @description Server time of the deduction (ISO 8601, UTC) */
                        createdAt: string;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOperatorDeductionsXlsx: {
        parameters: {
            query?: {
                /** @description Calendar month in the programme time zone; default: the current month */
                month?: string;
                /** @description Unified social credit code (统一社会信用代码), 18 characters */
                creditCode?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 核销记录 (Excel) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postOperatorDeductionsByDeductionIdReversals: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deductionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description How much of the deduction to reverse */
                    amount: number;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        reversalId: string;
                        deductionId: string;
                        /** @description Amount in fen (分), an integer */
                        amount: number;
                        /** @description Returned to its tranche (still active) */
                        restored: number;
                        /** @description Void: its tranche has expired; never cash */
                        voided: number;
                        createdAt: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        reversalId: string;
                        deductionId: string;
                        /** @description Amount in fen (分), an integer */
                        amount: number;
                        /** @description Returned to its tranche (still active) */
                        restored: number;
                        /** @description Void: its tranche has expired; never cash */
                        voided: number;
                        createdAt: string;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSupervisionEnterprisesByCreditCodeVouchers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Unified social credit code (统一社会信用代码), 18 characters */
                creditCode: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        vouchers: {
                            voucherId: string;
                            creditCode: string;
                            enterpriseName: string;
                            listYear: number;
                            star: number;
                            amount: number;
                            grantedAt: string;
                            policyVersion: string;
                            tranches: {
                                trancheId: string;
                                seq: number;
                                /** @description Amount in fen (分), an integer */
                                amount: number;
                                /** @description Amount in fen (分), an integer */
                                used: number;
                                /** @description Amount in fen (分), an integer */
                                voided: number;
                                /** @description What can be deducted now */
                                available: number;
                                activeFrom: string;
                                expiresAt: string;
                                /** @enum {string} */
                                status: "pending" | "active" | "expired" | "exhausted";
                                balance: number;
                            }[];
                        }[];
                        summary: {
                            available: number;
                            pending: number;
                            used: number;
                            voided: number;
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOperatorApiClients: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            keyId: string;
                            name: string;
                            /** @enum {string} */
                            status: "active" | "disabled";
                            createdAt: string;
                            rotatedAt: string | null;
                            lastUsedAt: string | null;
                        }[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postOperatorApiClients: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        client: {
                            id: string;
                            keyId: string;
                            name: string;
                            /** @enum {string} */
                            status: "active" | "disabled";
                            createdAt: string;
                            rotatedAt: string | null;
                            lastUsedAt: string | null;
                        };
                        /** @description Shown once: store it in the billing system now */
                        secret: string;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postOperatorApiClientsByIdRotate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        client: {
                            id: string;
                            keyId: string;
                            name: string;
                            /** @enum {string} */
                            status: "active" | "disabled";
                            createdAt: string;
                            rotatedAt: string | null;
                            lastUsedAt: string | null;
                        };
                        /** @description Shown once: store it in the billing system now */
                        secret: string;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postOperatorApiClientsByIdDisable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        client: {
                            id: string;
                            keyId: string;
                            name: string;
                            /** @enum {string} */
                            status: "active" | "disabled";
                            createdAt: string;
                            rotatedAt: string | null;
                            lastUsedAt: string | null;
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postOperatorApiClientsByIdEnable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        client: {
                            id: string;
                            keyId: string;
                            name: string;
                            /** @enum {string} */
                            status: "active" | "disabled";
                            createdAt: string;
                            rotatedAt: string | null;
                            lastUsedAt: string | null;
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRegistrationTerms: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        version: string;
                        title: string;
                        text: string;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postRegistrationCodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Mainland mobile number, 11 digits */
                    mobile: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sentTo: string;
                        expiresInSeconds: number;
                        resendAfterSeconds: number;
                        demoCode?: string;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postRegistration: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Mainland mobile number, 11 digits */
                    mobile: string;
                    code: string;
                    password: string;
                    name: string;
                    /** @description Optional; an empty string counts as none */
                    email?: "" | string;
                    acceptTerms: boolean;
                    termsVersion: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "signed-in";
                        user: {
                            id: string;
                            username: string;
                            name: string;
                            mobile: string;
                        };
                        organisation: {
                            id: string;
                            name: string;
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCertification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        organisation: {
                            id: string;
                            name: string;
                            creditCode: string | null;
                            certifiedAt: string | null;
                        };
                        certification: {
                            id: string;
                            /** @enum {string} */
                            status: "submitted" | "returned" | "approved";
                            currentRound: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            organisation: {
                                id: string;
                                name: string;
                                creditCode: string | null;
                                certifiedAt: string | null;
                            };
                            rounds: {
                                roundNo: number;
                                enterpriseName: string;
                                creditCode: string;
                                legalRepresentative: string;
                                address: string;
                                contactName: string;
                                contactPhone: string;
                                agentName: string;
                                agentIdNumber: string;
                                agentMobile: string;
                                licenceFile: {
                                    id: string;
                                    originalName: string;
                                    mediaType: string;
                                    size: number;
                                    sha256: string;
                                    url: string;
                                };
                                authorisationFile: {
                                    id: string;
                                    originalName: string;
                                    mediaType: string;
                                    size: number;
                                    sha256: string;
                                    url: string;
                                };
                                /** Format: date-time */
                                submittedAt: string;
                                decision: ("approved" | "returned") | null;
                                reason: string | null;
                                reviewedAt: string | null;
                            }[];
                        } | null;
                        canSubmit: boolean;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postCertification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    enterpriseName: string;
                    creditCode: string;
                    legalRepresentative: string;
                    address: string;
                    contactName: string;
                    contactPhone?: string;
                    agentName: string;
                    agentIdNumber?: string;
                    agentMobile?: string;
                    licenceFileId: string;
                    authorisationFileId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        certification: {
                            id: string;
                            /** @enum {string} */
                            status: "submitted" | "returned" | "approved";
                            currentRound: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            organisation: {
                                id: string;
                                name: string;
                                creditCode: string | null;
                                certifiedAt: string | null;
                            };
                            rounds: {
                                roundNo: number;
                                enterpriseName: string;
                                creditCode: string;
                                legalRepresentative: string;
                                address: string;
                                contactName: string;
                                contactPhone: string;
                                agentName: string;
                                agentIdNumber: string;
                                agentMobile: string;
                                licenceFile: {
                                    id: string;
                                    originalName: string;
                                    mediaType: string;
                                    size: number;
                                    sha256: string;
                                    url: string;
                                };
                                authorisationFile: {
                                    id: string;
                                    originalName: string;
                                    mediaType: string;
                                    size: number;
                                    sha256: string;
                                    url: string;
                                };
                                /** Format: date-time */
                                submittedAt: string;
                                decision: ("approved" | "returned") | null;
                                reason: string | null;
                                reviewedAt: string | null;
                            }[];
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCertificationListing: {
        parameters: {
            query: {
                creditCode: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditCodeListing"];
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postCertificationFiles: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        sha256: string;
                        size: number;
                        mediaType: string;
                        originalName: string;
                        /** @enum {string} */
                        purpose: "business_licence" | "authorisation_letter";
                        url: string;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCertificationAuthorisationLetterTemplatePdf: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 授权委托书模板 (PDF) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReviewsCertifications: {
        parameters: {
            query?: {
                status?: "submitted" | "returned" | "approved";
                q?: string;
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            organisationId: string;
                            enterpriseName: string;
                            creditCode: string;
                            agentName: string;
                            /** @enum {string} */
                            status: "submitted" | "returned" | "approved";
                            roundNo: number;
                            /** Format: date-time */
                            submittedAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            onList: boolean;
                            nameMatches: boolean | null;
                            realNameOk: boolean;
                        }[];
                        total: number;
                        counts: {
                            submitted: number;
                            returned: number;
                            approved: number;
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReviewsCertificationsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        certification: {
                            id: string;
                            /** @enum {string} */
                            status: "submitted" | "returned" | "approved";
                            currentRound: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            organisation: {
                                id: string;
                                name: string;
                                creditCode: string | null;
                                certifiedAt: string | null;
                            };
                            rounds: {
                                roundNo: number;
                                enterpriseName: string;
                                creditCode: string;
                                legalRepresentative: string;
                                address: string;
                                contactName: string;
                                contactPhone: string;
                                agentName: string;
                                agentIdNumber: string;
                                agentMobile: string;
                                licenceFile: {
                                    id: string;
                                    originalName: string;
                                    mediaType: string;
                                    size: number;
                                    sha256: string;
                                    url: string;
                                };
                                authorisationFile: {
                                    id: string;
                                    originalName: string;
                                    mediaType: string;
                                    size: number;
                                    sha256: string;
                                    url: string;
                                };
                                /** Format: date-time */
                                submittedAt: string;
                                decision: ("approved" | "returned") | null;
                                reason: string | null;
                                reviewedAt: string | null;
                                submittedBy: {
                                    id: string;
                                    name: string;
                                };
                                reviewedBy: {
                                    id: string;
                                    name: string;
                                } | null;
                                realNameCheck: {
                                    provider: string;
                                    ok: boolean;
                                    nameChecked: boolean;
                                    reason: string | null;
                                    message: string;
                                    checkedAt: string;
                                };
                                listComparison: {
                                    onList: boolean;
                                    entryId: string | null;
                                    listYear: number | null;
                                    star: number | null;
                                    listName: string | null;
                                    county: string | null;
                                    batchTitle: string | null;
                                    nameMatches: boolean | null;
                                    differences: {
                                        field: string;
                                        submitted: string;
                                        listed: string;
                                    }[];
                                    comparedAt: string;
                                };
                            }[];
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postReviewsCertificationsByIdReveal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    field: "agentIdNumber" | "agentMobile" | "contactPhone";
                    roundNo: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        field: "agentIdNumber" | "agentMobile" | "contactPhone";
                        roundNo: number;
                        value: string;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postReviewsCertificationsByIdApprove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    roundNo: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        certification: {
                            id: string;
                            /** @enum {string} */
                            status: "submitted" | "returned" | "approved";
                            currentRound: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            organisation: {
                                id: string;
                                name: string;
                                creditCode: string | null;
                                certifiedAt: string | null;
                            };
                            rounds: {
                                roundNo: number;
                                enterpriseName: string;
                                creditCode: string;
                                legalRepresentative: string;
                                address: string;
                                contactName: string;
                                contactPhone: string;
                                agentName: string;
                                agentIdNumber: string;
                                agentMobile: string;
                                licenceFile: {
                                    id: string;
                                    originalName: string;
                                    mediaType: string;
                                    size: number;
                                    sha256: string;
                                    url: string;
                                };
                                authorisationFile: {
                                    id: string;
                                    originalName: string;
                                    mediaType: string;
                                    size: number;
                                    sha256: string;
                                    url: string;
                                };
                                /** Format: date-time */
                                submittedAt: string;
                                decision: ("approved" | "returned") | null;
                                reason: string | null;
                                reviewedAt: string | null;
                                submittedBy: {
                                    id: string;
                                    name: string;
                                };
                                reviewedBy: {
                                    id: string;
                                    name: string;
                                } | null;
                                realNameCheck: {
                                    provider: string;
                                    ok: boolean;
                                    nameChecked: boolean;
                                    reason: string | null;
                                    message: string;
                                    checkedAt: string;
                                };
                                listComparison: {
                                    onList: boolean;
                                    entryId: string | null;
                                    listYear: number | null;
                                    star: number | null;
                                    listName: string | null;
                                    county: string | null;
                                    batchTitle: string | null;
                                    nameMatches: boolean | null;
                                    differences: {
                                        field: string;
                                        submitted: string;
                                        listed: string;
                                    }[];
                                    comparedAt: string;
                                };
                            }[];
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postReviewsCertificationsByIdReturn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    roundNo: number;
                    /** @description 退回原因，至少 2 个字 */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        certification: {
                            id: string;
                            /** @enum {string} */
                            status: "submitted" | "returned" | "approved";
                            currentRound: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            organisation: {
                                id: string;
                                name: string;
                                creditCode: string | null;
                                certifiedAt: string | null;
                            };
                            rounds: {
                                roundNo: number;
                                enterpriseName: string;
                                creditCode: string;
                                legalRepresentative: string;
                                address: string;
                                contactName: string;
                                contactPhone: string;
                                agentName: string;
                                agentIdNumber: string;
                                agentMobile: string;
                                licenceFile: {
                                    id: string;
                                    originalName: string;
                                    mediaType: string;
                                    size: number;
                                    sha256: string;
                                    url: string;
                                };
                                authorisationFile: {
                                    id: string;
                                    originalName: string;
                                    mediaType: string;
                                    size: number;
                                    sha256: string;
                                    url: string;
                                };
                                /** Format: date-time */
                                submittedAt: string;
                                decision: ("approved" | "returned") | null;
                                reason: string | null;
                                reviewedAt: string | null;
                                submittedBy: {
                                    id: string;
                                    name: string;
                                };
                                reviewedBy: {
                                    id: string;
                                    name: string;
                                } | null;
                                realNameCheck: {
                                    provider: string;
                                    ok: boolean;
                                    nameChecked: boolean;
                                    reason: string | null;
                                    message: string;
                                    checkedAt: string;
                                };
                                listComparison: {
                                    onList: boolean;
                                    entryId: string | null;
                                    listYear: number | null;
                                    star: number | null;
                                    listName: string | null;
                                    county: string | null;
                                    batchTitle: string | null;
                                    nameMatches: boolean | null;
                                    differences: {
                                        field: string;
                                        submitted: string;
                                        listed: string;
                                    }[];
                                    comparedAt: string;
                                };
                            }[];
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFilesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document as stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                    "image/jpeg": string;
                    "image/png": string;
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStarListsTemplateXlsx: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 导入模板 (Excel) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postStarListsImportPreview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        listYear: number;
                        fileName: string;
                        /** @enum {string} */
                        format: "xlsx" | "csv";
                        encoding: string | null;
                        sheetName: string | null;
                        headerRowNo: number;
                        columns: {
                            key: string;
                            header: string;
                        }[];
                        rows: {
                            rowNo: number;
                            values: {
                                [key: string]: string;
                            };
                            errors: {
                                column: string;
                                code: string;
                                message: string;
                            }[];
                            warnings: {
                                column: string;
                                code: string;
                                message: string;
                            }[];
                        }[];
                        summary: {
                            total: number;
                            valid: number;
                            invalid: number;
                            withWarnings: number;
                        };
                        canImport: boolean;
                        needsConfirmation: boolean;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postStarListsImport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        batch: {
                            id: string;
                            listYear: number;
                            batchNo: number;
                            title: string;
                            /** @enum {string} */
                            status: "draft" | "published";
                            entryCount: number;
                            starCounts: {
                                3: number;
                                4: number;
                                5: number;
                            };
                            sourceFile: {
                                id: string;
                                name: string;
                                mediaType: string;
                                size: number;
                            } | null;
                            importedBy: string;
                            importedAt: string;
                            publishedBy: string | null;
                            publishedAt: string | null;
                        };
                        summary: {
                            total: number;
                            valid: number;
                            invalid: number;
                            withWarnings: number;
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStarListsYears: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            listYear: number;
                            batchCount: number;
                            publishedBatchCount: number;
                            entryCount: number;
                            publishedEntryCount: number;
                        }[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStarListsBatches: {
        parameters: {
            query?: {
                year?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            listYear: number;
                            batchNo: number;
                            title: string;
                            /** @enum {string} */
                            status: "draft" | "published";
                            entryCount: number;
                            starCounts: {
                                3: number;
                                4: number;
                                5: number;
                            };
                            sourceFile: {
                                id: string;
                                name: string;
                                mediaType: string;
                                size: number;
                            } | null;
                            importedBy: string;
                            importedAt: string;
                            publishedBy: string | null;
                            publishedAt: string | null;
                        }[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStarListsBatchesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        listYear: number;
                        batchNo: number;
                        title: string;
                        /** @enum {string} */
                        status: "draft" | "published";
                        entryCount: number;
                        starCounts: {
                            3: number;
                            4: number;
                            5: number;
                        };
                        sourceFile: {
                            id: string;
                            name: string;
                            mediaType: string;
                            size: number;
                        } | null;
                        importedBy: string;
                        importedAt: string;
                        publishedBy: string | null;
                        publishedAt: string | null;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteStarListsBatchesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStarListsBatchesByIdSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file the batch was imported from */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    "text/csv": string;
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postStarListsBatchesByIdPublish: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        listYear: number;
                        batchNo: number;
                        title: string;
                        /** @enum {string} */
                        status: "draft" | "published";
                        entryCount: number;
                        starCounts: {
                            3: number;
                            4: number;
                            5: number;
                        };
                        sourceFile: {
                            id: string;
                            name: string;
                            mediaType: string;
                            size: number;
                        } | null;
                        importedBy: string;
                        importedAt: string;
                        publishedBy: string | null;
                        publishedAt: string | null;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStarListsEntries: {
        parameters: {
            query?: {
                year?: number;
                batchId?: string;
                q?: string;
                star?: number;
                status?: "draft" | "published";
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            batchId: string;
                            batchNo: number;
                            /** @enum {string} */
                            batchStatus: "draft" | "published";
                            listYear: number;
                            seqNo: number;
                            city: string;
                            county: string;
                            enterpriseName: string;
                            creditCode: string;
                            star: number;
                        }[];
                        total: number;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStarListsEntriesXlsx: {
        parameters: {
            query?: {
                year?: number;
                batchId?: string;
                q?: string;
                star?: number;
                status?: "draft" | "published";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 星级上云企业名单 (Excel) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPlans: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Plan"][];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPlans: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    listYear: number;
                    title: string;
                    totalBudget: number;
                    /** Format: date-time */
                    claimOpensAt: string;
                    /** Format: date-time */
                    claimClosesAt: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanDetail"];
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPlansByYear: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                year: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanDetail"];
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPlansByIdApprove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanDetail"];
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPlansByIdBudgetIncreases: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amount: number;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanDetail"];
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getVoucherBatches: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            planId: string;
                            name: string;
                            claimInstructions: string;
                            /** @enum {string} */
                            status: "configured" | "issued";
                            configuredBy: string;
                            configuredAt: string;
                            issuedBy: string | null;
                            issuedAt: string | null;
                            plan: {
                                listYear: number;
                                title: string;
                                /** @enum {string} */
                                status: "draft" | "approved";
                                claimOpensAt: string;
                                claimClosesAt: string;
                            };
                            offerCount: number;
                            claims: {
                                submitted: number;
                                returned: number;
                                approved: number;
                            };
                        }[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postVoucherBatches: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    planId: string;
                    name: string;
                    claimInstructions: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        planId: string;
                        name: string;
                        claimInstructions: string;
                        /** @enum {string} */
                        status: "configured" | "issued";
                        configuredBy: string;
                        configuredAt: string;
                        issuedBy: string | null;
                        issuedAt: string | null;
                        plan: {
                            listYear: number;
                            title: string;
                            /** @enum {string} */
                            status: "draft" | "approved";
                            claimOpensAt: string;
                            claimClosesAt: string;
                        };
                        offerCount: number;
                        claims: {
                            submitted: number;
                            returned: number;
                            approved: number;
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getVoucherBatchesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        planId: string;
                        name: string;
                        claimInstructions: string;
                        /** @enum {string} */
                        status: "configured" | "issued";
                        configuredBy: string;
                        configuredAt: string;
                        issuedBy: string | null;
                        issuedAt: string | null;
                        plan: {
                            listYear: number;
                            title: string;
                            /** @enum {string} */
                            status: "draft" | "approved";
                            claimOpensAt: string;
                            claimClosesAt: string;
                        };
                        offerCount: number;
                        claims: {
                            submitted: number;
                            returned: number;
                            approved: number;
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchVoucherBatchesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    claimInstructions?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        planId: string;
                        name: string;
                        claimInstructions: string;
                        /** @enum {string} */
                        status: "configured" | "issued";
                        configuredBy: string;
                        configuredAt: string;
                        issuedBy: string | null;
                        issuedAt: string | null;
                        plan: {
                            listYear: number;
                            title: string;
                            /** @enum {string} */
                            status: "draft" | "approved";
                            claimOpensAt: string;
                            claimClosesAt: string;
                        };
                        offerCount: number;
                        claims: {
                            submitted: number;
                            returned: number;
                            approved: number;
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postVoucherBatchesByIdIssue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        batch: {
                            id: string;
                            planId: string;
                            name: string;
                            claimInstructions: string;
                            /** @enum {string} */
                            status: "configured" | "issued";
                            configuredBy: string;
                            configuredAt: string;
                            issuedBy: string | null;
                            issuedAt: string | null;
                            plan: {
                                listYear: number;
                                title: string;
                                /** @enum {string} */
                                status: "draft" | "approved";
                                claimOpensAt: string;
                                claimClosesAt: string;
                            };
                            offerCount: number;
                            claims: {
                                submitted: number;
                                returned: number;
                                approved: number;
                            };
                        };
                        notified: number;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getVoucherBatchesByIdOffers: {
        parameters: {
            query?: {
                q?: string;
                claimStatus?: "submitted" | "returned" | "approved" | "none";
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            entryId: string;
                            listYear: number;
                            starListBatchNo: number;
                            seqNo: number;
                            city: string;
                            county: string;
                            enterpriseName: string;
                            creditCode: string;
                            star: number;
                            amount: number;
                            enterprise: {
                                organisationId: string;
                                name: string;
                                certified: boolean;
                            } | null;
                            claim: {
                                id: string;
                                /** @enum {string} */
                                status: "submitted" | "returned" | "approved";
                                voucherId: string | null;
                            } | null;
                        }[];
                        total: number;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMonthlyReports: {
        parameters: {
            query?: {
                year?: number;
                queue?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["MonthlyReportSummary"][];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMonthlyReportsByMonth: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                month: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonthlyReportDetail"];
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putMonthlyReportsByMonth: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                month: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    vcpuCoreHours?: number | string | null;
                    memoryGibHours?: number | string | null;
                    blockStorageTbMonths?: number | string | null;
                    objectStorageTbMonths?: number | string | null;
                    bandwidthPeakMbps?: number | string | null;
                    trafficTb?: number | string | null;
                    securityInstances?: number | null;
                    commentary?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonthlyReportDetail"];
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postMonthlyReportsByMonthSubmit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                month: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonthlyReportDetail"];
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postMonthlyReportsByMonthArchive: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                month: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonthlyReportDetail"];
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postMonthlyReportsByMonthReturn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                month: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonthlyReportDetail"];
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMonthlyReportsByMonthRoundsByRoundNoDocumentsByKind: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                month: string;
                roundNo: number;
                kind: "json" | "xlsx" | "pdf";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 月度报告冻结文件 (JSON, Excel or PDF) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    "application/pdf": string;
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getClaimsOffers: {
        parameters: {
            query?: {
                listYear?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        certified: boolean;
                        hint: string | null;
                        offers: {
                            entryId: string;
                            listYear: number;
                            star: number;
                            amount: number;
                            enterpriseName: string;
                            creditCode: string;
                            city: string;
                            county: string;
                            planId: string;
                            claimOpensAt: string;
                            claimClosesAt: string;
                            windowOpen: boolean;
                            claimInstructions: string;
                            claim: {
                                id: string;
                                /** @enum {string} */
                                status: "submitted" | "returned" | "approved";
                            } | null;
                        }[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postClaimsContracts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        originalName: string;
                        mediaType: string;
                        size: number;
                        sha256: string;
                        url: string;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getClaims: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            entryId: string;
                            listYear: number;
                            star: number;
                            amount: number;
                            enterpriseName: string;
                            creditCode: string;
                            /** @enum {string} */
                            status: "submitted" | "returned" | "approved";
                            roundNo: number;
                            createdAt: string;
                            updatedAt: string;
                            approvedAt: string | null;
                            voucherId: string | null;
                            rounds: {
                                roundNo: number;
                                contract: {
                                    id: string;
                                    originalName: string;
                                    mediaType: string;
                                    size: number;
                                    sha256: string;
                                    url: string;
                                };
                                submittedAt: string;
                                decision: ("approved" | "returned") | null;
                                reason: string | null;
                                reviewedAt: string | null;
                            }[];
                        }[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postClaims: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    entryId: string;
                    contractFileId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        entryId: string;
                        listYear: number;
                        star: number;
                        amount: number;
                        enterpriseName: string;
                        creditCode: string;
                        /** @enum {string} */
                        status: "submitted" | "returned" | "approved";
                        roundNo: number;
                        createdAt: string;
                        updatedAt: string;
                        approvedAt: string | null;
                        voucherId: string | null;
                        rounds: {
                            roundNo: number;
                            contract: {
                                id: string;
                                originalName: string;
                                mediaType: string;
                                size: number;
                                sha256: string;
                                url: string;
                            };
                            submittedAt: string;
                            decision: ("approved" | "returned") | null;
                            reason: string | null;
                            reviewedAt: string | null;
                        }[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getClaimsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        entryId: string;
                        listYear: number;
                        star: number;
                        amount: number;
                        enterpriseName: string;
                        creditCode: string;
                        /** @enum {string} */
                        status: "submitted" | "returned" | "approved";
                        roundNo: number;
                        createdAt: string;
                        updatedAt: string;
                        approvedAt: string | null;
                        voucherId: string | null;
                        rounds: {
                            roundNo: number;
                            contract: {
                                id: string;
                                originalName: string;
                                mediaType: string;
                                size: number;
                                sha256: string;
                                url: string;
                            };
                            submittedAt: string;
                            decision: ("approved" | "returned") | null;
                            reason: string | null;
                            reviewedAt: string | null;
                        }[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postClaimsByIdResubmit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    contractFileId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        entryId: string;
                        listYear: number;
                        star: number;
                        amount: number;
                        enterpriseName: string;
                        creditCode: string;
                        /** @enum {string} */
                        status: "submitted" | "returned" | "approved";
                        roundNo: number;
                        createdAt: string;
                        updatedAt: string;
                        approvedAt: string | null;
                        voucherId: string | null;
                        rounds: {
                            roundNo: number;
                            contract: {
                                id: string;
                                originalName: string;
                                mediaType: string;
                                size: number;
                                sha256: string;
                                url: string;
                            };
                            submittedAt: string;
                            decision: ("approved" | "returned") | null;
                            reason: string | null;
                            reviewedAt: string | null;
                        }[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReviewsClaims: {
        parameters: {
            query?: {
                status?: "submitted" | "returned" | "approved";
                year?: number;
                q?: string;
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            enterpriseName: string;
                            creditCode: string;
                            listYear: number;
                            star: number;
                            amount: number;
                            /** @enum {string} */
                            status: "submitted" | "returned" | "approved";
                            roundNo: number;
                            submittedAt: string;
                            checksOk: boolean;
                        }[];
                        total: number;
                        counts: {
                            submitted: number;
                            returned: number;
                            approved: number;
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReviewsClaimsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "submitted" | "returned" | "approved";
                        listYear: number;
                        star: number;
                        amount: number;
                        roundNo: number;
                        createdAt: string;
                        updatedAt: string;
                        approvedAt: string | null;
                        enterprise: {
                            organisationId: string;
                            name: string;
                            creditCode: string | null;
                            certifiedAt: string | null;
                        };
                        entry: {
                            id: string;
                            enterpriseName: string;
                            creditCode: string;
                            star: number;
                            listYear: number;
                            city: string;
                            county: string;
                            seqNo: number;
                            batchNo: number;
                            batchTitle: string;
                            publishedAt: string | null;
                        };
                        plan: {
                            id: string;
                            title: string | null;
                            claimOpensAt: string;
                            claimClosesAt: string;
                            budgetBalance: number;
                        } | null;
                        rounds: {
                            roundNo: number;
                            contract: {
                                id: string;
                                originalName: string;
                                mediaType: string;
                                size: number;
                                sha256: string;
                                url: string;
                            };
                            submittedAt: string;
                            decision: ("approved" | "returned") | null;
                            reason: string | null;
                            reviewedAt: string | null;
                            submittedBy: string | null;
                            reviewedBy: string | null;
                            checks: {
                                ok: boolean;
                                items: {
                                    key: string;
                                    ok: boolean;
                                    message: string;
                                    blocking: boolean;
                                    code: string | null;
                                }[];
                            } | null;
                        }[];
                        checks: {
                            ok: boolean;
                            items: {
                                key: string;
                                ok: boolean;
                                message: string;
                                blocking: boolean;
                                code: string | null;
                            }[];
                        };
                        certification: {
                            /** @enum {string} */
                            status: "submitted" | "returned" | "approved";
                            roundNo: number;
                            enterpriseName: string;
                            creditCode: string;
                            legalRepresentative: string;
                            address: string;
                            contactName: string;
                            agentName: string;
                            agentMobileMasked: string;
                            submittedAt: string;
                            reviewedAt: string | null;
                            licenceFileUrl: string;
                            authorisationFileUrl: string;
                        } | null;
                        voucher: {
                            voucherId: string;
                            amount: number;
                            grantedAt: string;
                            tranches: {
                                seq: number;
                                amount: number;
                                activeFrom: string;
                                expiresAt: string;
                            }[];
                        } | null;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postReviewsClaimsByIdApprove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "submitted" | "returned" | "approved";
                        listYear: number;
                        star: number;
                        amount: number;
                        roundNo: number;
                        createdAt: string;
                        updatedAt: string;
                        approvedAt: string | null;
                        enterprise: {
                            organisationId: string;
                            name: string;
                            creditCode: string | null;
                            certifiedAt: string | null;
                        };
                        entry: {
                            id: string;
                            enterpriseName: string;
                            creditCode: string;
                            star: number;
                            listYear: number;
                            city: string;
                            county: string;
                            seqNo: number;
                            batchNo: number;
                            batchTitle: string;
                            publishedAt: string | null;
                        };
                        plan: {
                            id: string;
                            title: string | null;
                            claimOpensAt: string;
                            claimClosesAt: string;
                            budgetBalance: number;
                        } | null;
                        rounds: {
                            roundNo: number;
                            contract: {
                                id: string;
                                originalName: string;
                                mediaType: string;
                                size: number;
                                sha256: string;
                                url: string;
                            };
                            submittedAt: string;
                            decision: ("approved" | "returned") | null;
                            reason: string | null;
                            reviewedAt: string | null;
                            submittedBy: string | null;
                            reviewedBy: string | null;
                            checks: {
                                ok: boolean;
                                items: {
                                    key: string;
                                    ok: boolean;
                                    message: string;
                                    blocking: boolean;
                                    code: string | null;
                                }[];
                            } | null;
                        }[];
                        checks: {
                            ok: boolean;
                            items: {
                                key: string;
                                ok: boolean;
                                message: string;
                                blocking: boolean;
                                code: string | null;
                            }[];
                        };
                        certification: {
                            /** @enum {string} */
                            status: "submitted" | "returned" | "approved";
                            roundNo: number;
                            enterpriseName: string;
                            creditCode: string;
                            legalRepresentative: string;
                            address: string;
                            contactName: string;
                            agentName: string;
                            agentMobileMasked: string;
                            submittedAt: string;
                            reviewedAt: string | null;
                            licenceFileUrl: string;
                            authorisationFileUrl: string;
                        } | null;
                        voucher: {
                            voucherId: string;
                            amount: number;
                            grantedAt: string;
                            tranches: {
                                seq: number;
                                amount: number;
                                activeFrom: string;
                                expiresAt: string;
                            }[];
                        } | null;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postReviewsClaimsByIdReturn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "submitted" | "returned" | "approved";
                        listYear: number;
                        star: number;
                        amount: number;
                        roundNo: number;
                        createdAt: string;
                        updatedAt: string;
                        approvedAt: string | null;
                        enterprise: {
                            organisationId: string;
                            name: string;
                            creditCode: string | null;
                            certifiedAt: string | null;
                        };
                        entry: {
                            id: string;
                            enterpriseName: string;
                            creditCode: string;
                            star: number;
                            listYear: number;
                            city: string;
                            county: string;
                            seqNo: number;
                            batchNo: number;
                            batchTitle: string;
                            publishedAt: string | null;
                        };
                        plan: {
                            id: string;
                            title: string | null;
                            claimOpensAt: string;
                            claimClosesAt: string;
                            budgetBalance: number;
                        } | null;
                        rounds: {
                            roundNo: number;
                            contract: {
                                id: string;
                                originalName: string;
                                mediaType: string;
                                size: number;
                                sha256: string;
                                url: string;
                            };
                            submittedAt: string;
                            decision: ("approved" | "returned") | null;
                            reason: string | null;
                            reviewedAt: string | null;
                            submittedBy: string | null;
                            reviewedBy: string | null;
                            checks: {
                                ok: boolean;
                                items: {
                                    key: string;
                                    ok: boolean;
                                    message: string;
                                    blocking: boolean;
                                    code: string | null;
                                }[];
                            } | null;
                        }[];
                        checks: {
                            ok: boolean;
                            items: {
                                key: string;
                                ok: boolean;
                                message: string;
                                blocking: boolean;
                                code: string | null;
                            }[];
                        };
                        certification: {
                            /** @enum {string} */
                            status: "submitted" | "returned" | "approved";
                            roundNo: number;
                            enterpriseName: string;
                            creditCode: string;
                            legalRepresentative: string;
                            address: string;
                            contactName: string;
                            agentName: string;
                            agentMobileMasked: string;
                            submittedAt: string;
                            reviewedAt: string | null;
                            licenceFileUrl: string;
                            authorisationFileUrl: string;
                        } | null;
                        voucher: {
                            voucherId: string;
                            amount: number;
                            grantedAt: string;
                            tranches: {
                                seq: number;
                                amount: number;
                                activeFrom: string;
                                expiresAt: string;
                            }[];
                        } | null;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSupervisionOverview: {
        parameters: {
            query?: {
                listYear?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        listYear: number;
                        years: number[];
                        asOf: string;
                        plan: components["schemas"]["PlanDetail"] | null;
                        list: {
                            published: number;
                            drafts: number;
                        };
                        stages: {
                            notCertified: number;
                            certifying: number;
                            certificationReturned: number;
                            certified: number;
                            claimSubmitted: number;
                            claimReturned: number;
                            inUse: number;
                            usedUp: number;
                            expired: number;
                        };
                        vouchers: {
                            count: number;
                            amount: number;
                            used: number;
                            voided: number;
                            available: number;
                            pending: number;
                            byStar: {
                                3: {
                                    entries: number;
                                    vouchers: number;
                                    amount: number;
                                    used: number;
                                };
                                4: {
                                    entries: number;
                                    vouchers: number;
                                    amount: number;
                                    used: number;
                                };
                                5: {
                                    entries: number;
                                    vouchers: number;
                                    amount: number;
                                    used: number;
                                };
                            };
                        };
                        writeOffs: {
                            bills: number;
                            net: number;
                            reversed: number;
                            byCategory: {
                                category: string;
                                bills: number;
                                net: number;
                            }[];
                            byMonth: {
                                month: string;
                                category: string;
                                net: number;
                            }[];
                        };
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSupervisionEnterprises: {
        parameters: {
            query?: {
                listYear?: number;
                stage?: "notCertified" | "certifying" | "certificationReturned" | "certified" | "claimSubmitted" | "claimReturned" | "inUse" | "usedUp" | "expired";
                q?: string;
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        listYear: number;
                        items: {
                            entryId: string;
                            seqNo: number;
                            batchNo: number;
                            county: string;
                            enterpriseName: string;
                            creditCode: string;
                            star: number;
                            /** @enum {string} */
                            stage: "notCertified" | "certifying" | "certificationReturned" | "certified" | "claimSubmitted" | "claimReturned" | "inUse" | "usedUp" | "expired";
                            claimId: string | null;
                            voucherId: string | null;
                            grantedAt: string | null;
                            amount: number;
                            used: number;
                            voided: number;
                            available: number;
                            pending: number;
                        }[];
                        total: number;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSupervisionExportXlsx: {
        parameters: {
            query?: {
                listYear?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 资源券全流程监管 (Excel) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRedemptionYears: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        years: {
                            year: number;
                            ended: boolean;
                            netWriteOff: number;
                            latestBuild: components["schemas"]["RedemptionBuild"] | null;
                            submissions: components["schemas"]["RedemptionSubmission"][];
                        }[];
                        declaration: string;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postRedemptionYearsByYearBuilds: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                year: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    kind: "preview" | "final";
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        build: components["schemas"]["RedemptionBuild"];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRedemptionBuildsByBuildId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                buildId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        build: components["schemas"]["RedemptionBuild"];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRedemptionBuildsByBuildIdLines: {
        parameters: {
            query?: {
                cursor?: number;
                limit?: number;
                exceptionsOnly?: "true" | "false";
            };
            header?: never;
            path: {
                buildId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        lines: components["schemas"]["RedemptionLine"][];
                        nextCursor: number | null;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRedemptionBuildsByBuildIdLinesByLineNoTransfers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                buildId: string;
                lineNo: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @enum {string} */
                            type: "deduction" | "reversal";
                            id: string;
                            at: string;
                            orderNo: string;
                            category: string;
                            amount: number;
                        }[];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRedemptionBuildsByBuildIdDocumentsByKind: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                buildId: string;
                kind: "xlsx" | "pdf";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 兑现材料 (Excel or PDF) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    "application/pdf": string;
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postRedemptionYearsByYearSubmissions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                year: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    buildId: string;
                    password: string;
                    totpCode?: string;
                    /** @enum {boolean} */
                    declaration: true;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        submission: components["schemas"]["RedemptionSubmission"];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRedemptionSubmissions: {
        parameters: {
            query?: {
                status?: "submitted" | "returned" | "bureau-approved" | "sent-to-finance" | "finance-approved" | "paid";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["RedemptionSubmission"][];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRedemptionSubmissionsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        submission: components["schemas"]["RedemptionSubmission"];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRedemptionSubmissionsByIdLines: {
        parameters: {
            query?: {
                cursor?: number;
                limit?: number;
                exceptionsOnly?: "true" | "false";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        lines: components["schemas"]["RedemptionLine"][];
                        nextCursor: number | null;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putRedemptionSubmissionsByIdLinesByLineNoDecision: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                lineNo: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    decision: "accept" | "reject" | "reduce";
                    recognised?: number;
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        submission: components["schemas"]["RedemptionSubmission"];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postRedemptionSubmissionsByIdLinesAcceptClean: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accepted: number;
                        submission: components["schemas"]["RedemptionSubmission"];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postRedemptionSubmissionsByIdApprove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    version: number;
                    totpCode?: string;
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        submission: components["schemas"]["RedemptionSubmission"];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postRedemptionSubmissionsByIdSendToFinance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    version: number;
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        submission: components["schemas"]["RedemptionSubmission"];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postRedemptionSubmissionsByIdFinanceApprove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    version: number;
                    totpCode?: string;
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        submission: components["schemas"]["RedemptionSubmission"];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postRedemptionSubmissionsByIdPayment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    version: number;
                    amount: number;
                    /** Format: date */
                    paidOn: string;
                    reference: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        submission: components["schemas"]["RedemptionSubmission"];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postRedemptionSubmissionsByIdReturn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    version: number;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        submission: components["schemas"]["RedemptionSubmission"];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRedemptionSubmissionsByIdAggregate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedemptionAggregate"];
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRedemptionSubmissionsByIdAggregateByKind: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                kind: "xlsx" | "pdf";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 兑现汇总表 (Excel or PDF) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    "application/pdf": string;
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPublicTransparency: {
        parameters: {
            query?: {
                year?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        figures: components["schemas"]["PublicFigures"] | null;
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPublicTransparencyByYearFiguresCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                year: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description text/csv */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putTransparencyByYearRecipients: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                year: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    published: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        figures: components["schemas"]["PublicFigures"];
                    };
                };
            };
            /** @description Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}

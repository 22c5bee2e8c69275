import type { DepartmentCode, Organisation, OrganisationKind, Role } from '../../api/types';
import { ROLES } from '../../api/types';
import type { Translate } from '../../i18n/context';
import { roleLabel } from '../../lib/labels';

/** The roles that fit an organisation (the server checks too: ROLE_ORGANISATION_MISMATCH). */
const ROLES_BY_KIND: Record<OrganisationKind, Role[]> = {
  enterprise: ['enterprise_agent'],
  operator: ['operator_staff', 'operator_admin'],
  department: ['data_bureau_reviewer', 'data_bureau_admin', 'drc_officer', 'finance_officer'],
  platform: ['system_admin'],
};

const ROLES_BY_DEPARTMENT: Record<DepartmentCode, Role[]> = {
  data_bureau: ['data_bureau_reviewer', 'data_bureau_admin'],
  drc: ['drc_officer'],
  finance: ['finance_officer'],
};

export function rolesFor(
  organisation?: Pick<Organisation, 'kind' | 'departmentCode'>,
): readonly Role[] {
  if (!organisation) return ROLES;
  if (organisation.kind === 'department' && organisation.departmentCode) {
    return ROLES_BY_DEPARTMENT[organisation.departmentCode];
  }
  return ROLES_BY_KIND[organisation.kind];
}

export function roleOptions(
  t: Translate,
  organisation?: Pick<Organisation, 'kind' | 'departmentCode'>,
) {
  return rolesFor(organisation).map((role) => ({ value: role, label: roleLabel(t, role) }));
}

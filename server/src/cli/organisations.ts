/**
 * `organisations create | list`: the departments, the operator and the platform itself, for
 * a production install without demo data (the first administrator needs a platform
 * organisation to belong to). Enterprises register themselves.
 */
import type { DepartmentCode, OrganisationKind } from '../domain/permissions.js';
import {
  type Command,
  changeAudited,
  commandGroup,
  parseCommandArgs,
  required,
  UsageError,
} from './context.js';
import { withUsers } from './users.js';

const KINDS = ['department', 'operator', 'platform'] as const;
const DEPARTMENTS = ['data_bureau', 'drc', 'finance'] as const;

const create: Command = {
  name: 'organisations create',
  summary: 'create a department, the operator or the platform organisation',
  help: `Usage: npm run cli -- organisations create --kind <department|operator|platform> --name <name>
         [--department <data_bureau|drc|finance>] [--credit-code <code>]

Prints the organisation's id, for "users create --organisation <id>". Creating one that
already exists (same kind and name) prints the existing id.

First administrator of a new installation:
  npm run cli -- organisations create --kind platform --name 云券平台运维
  npm run cli -- users create --username admin --name 管理员 --role system_admin --organisation <id>`,
  async run(args) {
    const values = parseCommandArgs(this, args, {
      kind: { type: 'string' },
      name: { type: 'string' },
      department: { type: 'string' },
      'credit-code': { type: 'string' },
    });
    if (!values) return 0;
    const kind = required(values.kind, 'kind', this.name) as OrganisationKind;
    const name = required(values.name, 'name', this.name);
    if (!(KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`--kind must be one of ${KINDS.join(', ')}`, this.name);
    }
    const department = values.department as DepartmentCode | undefined;
    if ((kind === 'department') !== (department !== undefined)) {
      throw new UsageError(
        '--department is required for, and only for, --kind department',
        this.name,
      );
    }
    if (department && !(DEPARTMENTS as readonly string[]).includes(department)) {
      throw new UsageError(`--department must be one of ${DEPARTMENTS.join(', ')}`, this.name);
    }
    return withUsers(async (context) => {
      const organisation = await changeAudited(
        context,
        { action: 'organisations.create', targetType: 'organisation', detail: { kind, name } },
        () =>
          context.users.ensureOrganisation({
            kind,
            name,
            ...(department ? { departmentCode: department } : {}),
            ...(typeof values['credit-code'] === 'string'
              ? { creditCode: values['credit-code'] }
              : {}),
          }),
      );
      const { audit } = context;
      await audit.drain();
      console.log(organisation.id);
      return 0;
    });
  },
};

const list: Command = {
  name: 'organisations list',
  summary: 'list departments, operator and platform organisations',
  help: 'Usage: npm run cli -- organisations list',
  async run(args) {
    if (!parseCommandArgs(this, args, {})) return 0;
    return withUsers(async ({ users }) => {
      for (const o of await users.listOrganisations()) console.log(`${o.id}\t${o.kind}\t${o.name}`);
      return 0;
    });
  },
};

export const organisationsCommand = commandGroup(
  'organisations',
  'departments, operator, platform: create and list',
  [create, list],
);

// Module-resolution hook used only while generating the API contract (cli/api-contract.ts):
// openapi-typescript builds its output with TypeScript's compiler API, which the project's
// `typescript` (7, a native compiler) no longer ships. `typescript5` is an npm alias of
// typescript@5; this sends openapi-typescript's `import ts from 'typescript'` there and
// leaves every other import alone. See docs/decisions.md (D-api-contract-1).
export async function resolve(specifier, context, nextResolve) {
  if (
    specifier === 'typescript' &&
    context.parentURL?.includes('/node_modules/openapi-typescript/')
  ) {
    return nextResolve('typescript5', context);
  }
  return nextResolve(specifier, context);
}

/**
 * Names for the server's shapes, taken from the generated contract (generated/internal.d.ts,
 * `npm run api:generate`). The API modules alias these instead of writing shapes by hand, so
 * a field the server stops sending is a type error in the page that reads it.
 */
import type { components, paths } from './generated/internal';

/** A named schema of the server (`.meta({ id })` on the route's zod schema). */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** The JSON body of a route's success (200, 201 or 202). */
export type ResponseBody<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer Ok }
      ? Json<Ok>
      : R extends { 201: infer Created }
        ? Json<Created>
        : R extends { 202: infer Accepted }
          ? Json<Accepted>
          : never
    : never;

/** The JSON body a route accepts. */
export type RequestBody<P extends keyof paths, M extends Method = 'post'> =
  Operation<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** A route's query parameters. */
export type QueryOf<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** A list route's query as the UI sends it: the page is always chosen. */
export type Paged<Q> = Q & { page: number; pageSize: number };

/** One element of a list-shaped body (`{ items: [...] }`). */
export type ItemOf<Body extends { items: readonly unknown[] }> = Body['items'][number];

/**
 * A compact way to write the Swagger 1.1 declarations ari-client needs.
 *
 * Parameter grammar: `name[@path|@body][!][*][:type]` — `@path`/`@body` set paramType
 * (default query), `!` required, `*` allowMultiple, `:type` dataType (default string).
 * Example: `channelId@path!`, `media!*`, `timeout:int`, `variables@body:containers`.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface OperationSpec {
  method: HttpMethod;
  path: string;
  nickname: string;
  responseClass: string;
  params: ParameterSpec[];
}

export interface ParameterSpec {
  name: string;
  paramType: 'path' | 'query' | 'body';
  required: boolean;
  allowMultiple: boolean;
  dataType: string;
}

export function parseParam(spec: string): ParameterSpec {
  const match = /^([A-Za-z_]+)(?:@(path|body))?(!)?(\*)?(?::([A-Za-z[\]]+))?$/.exec(spec);
  if (!match) throw new Error(`Bad parameter spec '${spec}'`);
  const [, name = '', where, required, multiple, type] = match;
  return {
    name,
    paramType: (where as 'path' | 'body' | undefined) ?? 'query',
    required: required === '!',
    allowMultiple: multiple === '*',
    dataType: type ?? 'string',
  };
}

export function op(method: HttpMethod, path: string, nickname: string, responseClass: string, params: string[] = []): OperationSpec {
  return { method, path, nickname, responseClass, params: params.map(parseParam) };
}

export type ModelSpec = Record<string, string>;

/** A Swagger 1.1 API declaration (one resource file such as channels.json). */
export function apiDeclaration(basePath: string, resourcePath: string, operations: OperationSpec[], models: Record<string, ModelSpec>): unknown {
  const byPath = new Map<string, OperationSpec[]>();
  for (const operation of operations) byPath.set(operation.path, [...(byPath.get(operation.path) ?? []), operation]);
  return {
    _note: 'Minimal fixture of the fake ARI server, checked against Asterisk 22 api-docs.',
    apiVersion: '10.0.0',
    swaggerVersion: '1.1',
    basePath,
    resourcePath,
    apis: [...byPath.entries()].map(([path, ops]) => ({
      path,
      description: path,
      operations: ops.map((o) => ({
        httpMethod: o.method,
        summary: o.nickname,
        nickname: o.nickname,
        responseClass: o.responseClass,
        parameters: o.params.map((p) => ({ ...p, description: p.name })),
      })),
    })),
    models: Object.fromEntries(
      Object.entries(models).map(([id, properties]) => [
        id,
        { id, properties: Object.fromEntries(Object.entries(properties).map(([name, type]) => [name, { type }])) },
      ]),
    ),
  };
}

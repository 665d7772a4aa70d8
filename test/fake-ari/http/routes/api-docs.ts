import { notFound } from '../../core/errors.js';
import { resourceDeclaration, resourceListing } from '../../swagger/docs.js';
import { json, type Router } from '../router.js';

export function apiDocRoutes(router: Router): void {
  router
    .add('GET', '/api-docs/resources.json', (r) => json(200, resourceListing(`${r.origin}/ari`)))
    .add('GET', '/api-docs/:file', (r) => {
      const file = r.params.file ?? '';
      const declaration = file.endsWith('.json') ? resourceDeclaration(file.slice(0, -'.json'.length), `${r.origin}/ari`) : undefined;
      if (!declaration) throw notFound('Resource not found');
      return json(200, declaration);
    });
}

import { Router } from 'express';
import { buildOpenApi } from './openapi';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A readable page without scripts (the CSP stays strict). */
export function renderHtml(doc: Record<string, unknown>): string {
  const info = doc.info as { title: string; description: string };
  const paths = doc.paths as Record<string, Record<string, { summary: string; security: unknown[]; requestBody?: unknown; responses: Record<string, unknown> }>>;
  const rows = Object.entries(paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, o]) => {
        const body = o.requestBody
          ? `<details><summary>request body</summary><pre>${escape(JSON.stringify((o.requestBody as { content: { 'application/json': { schema: unknown } } }).content['application/json'].schema, null, 2))}</pre></details>`
          : '';
        return `<section><h3><code>${method.toUpperCase()} ${escape(path)}</code></h3><p>${escape(o.summary)}</p><p>responses: ${Object.keys(o.responses).join(', ')}</p>${body}</section>`;
      }),
    )
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(info.title)} API</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}code,pre{background:#f4f4f4}pre{padding:.5rem;overflow:auto}section{border-top:1px solid #ddd}</style></head>
<body><h1>${escape(info.title)}</h1><p>${escape(info.description)}</p><p>Machine-readable: <a href="/api/docs/openapi.json">/api/docs/openapi.json</a> (OpenAPI 3.1)</p>
${rows}</body></html>`;
}

export function docsRouter(): Router {
  const doc = buildOpenApi();
  const html = renderHtml(doc);
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  router.get('/', (_req, res) => {
    res.type('html').send(html);
  });
  return router;
}

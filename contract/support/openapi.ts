import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Checks HTTP answers against an OpenAPI 3.1 document the way an integrator's tooling would: it
 * knows nothing of the code, only the document the BFF serves. An answer passes when its
 * operation exists, its status is declared for that operation, and its body matches the declared
 * schema (JSON Schema 2020-12, formats included); a status with no content must have no body.
 */
export interface Checked {
  /** `operationId (METHOD /path/{template})`, or the raw request when no operation matches. */
  operation: string;
  status: number;
  problems: string[];
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  /** Literal segments first: `/a/b` wins over `/a/{id}`. */
  params: number;
  pointer: string;
  id: string;
}

type Json = Record<string, any>;

const DOC = 'openapi.json';
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class OpenApiContract {
  private readonly ajv: Ajv2020;
  private readonly operations: Operation[] = [];
  readonly checks: Checked[] = [];

  constructor(private readonly doc: Json) {
    if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.1')) throw new Error(`not an OpenAPI 3.1 document: openapi=${doc.openapi}`);
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(doc, DOC);
    for (const [template, item] of Object.entries(doc.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json)) {
        if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
        const params = (template.match(/\{/g) ?? []).length;
        const pattern = new RegExp('^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+') + '$');
        this.operations.push({ method, template, pattern, params, pointer: `/paths/${escape(template)}/${method}`, id: (op as Json).operationId ?? `${method} ${template}` });
      }
    }
    this.operations.sort((a, b) => a.params - b.params);
  }

  /** Every operation of the document, as `operationId (METHOD /path)`. */
  get operationNames(): string[] {
    return this.operations.map(label);
  }

  /** Checks one answer and records it. */
  check(method: string, path: string, status: number, contentType: string | null, text: string): Checked {
    const result = this.judge(method.toLowerCase(), path.split('?')[0], status, contentType, text);
    this.checks.push(result);
    return result;
  }

  private judge(method: string, path: string, status: number, contentType: string | null, text: string): Checked {
    const op = this.operations.find((o) => o.method === method && o.pattern.test(path));
    if (!op) return { operation: `${method.toUpperCase()} ${path}`, status, problems: ['no operation of the document matches this method and path'] };
    const operation = label(op);
    const fail = (...problems: string[]) => ({ operation, status, problems });
    let responsePointer = `${op.pointer}/responses/${status}`;
    let response = this.at(responsePointer);
    if (!response) return fail(`status ${status} is not declared for this operation (declared: ${Object.keys(this.at(`${op.pointer}/responses`) ?? {}).join(', ')})`);
    if (typeof response.$ref === 'string') {
      responsePointer = response.$ref.replace(/^#/, '');
      response = this.at(responsePointer);
      if (!response) return fail(`unresolvable response ${String(this.at(`${op.pointer}/responses/${status}`)?.$ref)}`);
    }
    const media = response.content?.['application/json'];
    if (!media) return text.length === 0 ? fail() : fail(`a body (${text.length} bytes) where the document declares none`);
    if (!contentType || !/^application\/json\b/.test(contentType)) return fail(`content-type ${contentType ?? '(none)'}, expected application/json`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return fail('the body is not JSON');
    }
    const validate = this.ajv.getSchema(`${DOC}#${responsePointer}/content/${escape('application/json')}/schema`);
    if (!validate) return fail('the declared schema does not compile');
    if (validate(body)) return fail();
    return fail(...(validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? e.keyword} [schema ${e.schemaPath}]`));
  }

  private at(pointer: string): Json | undefined {
    let node: any = this.doc;
    for (const raw of pointer.split('/').slice(1)) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (node == null || typeof node !== 'object') return undefined;
      node = node[key];
    }
    return node;
  }

  get failures(): Checked[] {
    return this.checks.filter((c) => c.problems.length > 0);
  }

  /** A few lines: operations exercised, responses checked, passed / failed, and each failure. */
  summary(): string {
    const exercised = new Set(this.checks.map((c) => c.operation));
    const declared = this.operationNames;
    const untouched = declared.filter((n) => !exercised.has(n));
    const lines = [
      `[contract] operations exercised: ${declared.length - untouched.length} of ${declared.length} in the served document`,
      `[contract] responses checked: ${this.checks.length} (${new Set(this.checks.map((c) => `${c.operation} ${c.status}`)).size} distinct operation/status pairs)`,
      `[contract] ${this.checks.length - this.failures.length} passed / ${this.failures.length} failed`,
    ];
    if (untouched.length) lines.push(`[contract] not exercised: ${untouched.join(', ')}`);
    for (const f of this.failures) lines.push(`[contract] FAIL ${f.operation} → ${f.status}: ${f.problems.join('; ')}`);
    return lines.join('\n');
  }
}

function label(op: Operation): string {
  return `${op.id} (${op.method.toUpperCase()} ${op.template})`;
}

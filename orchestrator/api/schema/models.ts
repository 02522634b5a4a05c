// Reads the model classes generated into @kubernetes/client-node (attributeTypeMap + d.ts JSDoc).
// They are generated from upstream's OpenAPI, so they are our schema source: names, types,
// formats, descriptions and required-ness (non-optional properties).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export interface ModelAttr {
  name: string;
  /** client-node type expression: 'string', 'Array<V1Container>', '{ [key: string]: string; }', 'V1ObjectMeta', … */
  type: string;
  format: string;
  description?: string;
  required: boolean;
}

export interface Model {
  className: string;
  description?: string;
  attrs: ModelAttr[];
}

let modelsDir: string | undefined;
const cache = new Map<string, Model | null>();

function dir(): string {
  if (!modelsDir) {
    const req = createRequire(import.meta.url);
    const main = req.resolve('@kubernetes/client-node');
    modelsDir = path.join(path.dirname(main), 'gen', 'models');
  }
  return modelsDir;
}

/** Loads one model class by name, or undefined when client-node has no such class. */
export function loadModel(className: string): Model | undefined {
  if (!/^[A-Za-z0-9]+$/.test(className)) return undefined;
  const hit = cache.get(className);
  if (hit !== undefined) return hit ?? undefined;
  let model: Model | null = null;
  const js = path.join(dir(), `${className}.js`);
  if (fs.existsSync(js))
    model = parseModel(
      className,
      fs.readFileSync(js, 'utf8'),
      readIfExists(path.join(dir(), `${className}.d.ts`)),
    );
  cache.set(className, model);
  return model ?? undefined;
}

function readIfExists(p: string): string {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}

function parseModel(className: string, js: string, dts: string): Model | null {
  const m = new RegExp(`${className}\\.attributeTypeMap = (\\[[\\s\\S]*?\\]);`).exec(js);
  if (!m) return null;
  const raw = JSON.parse(m[1]) as { baseName: string; type: string; format: string }[];
  const { classDoc, props } = parseDts(dts);
  return {
    className,
    description: classDoc,
    attrs: raw.map((a) => ({
      name: a.baseName,
      type: a.type,
      format: a.format,
      description: props.get(a.baseName)?.doc,
      required: props.get(a.baseName)?.optional === false,
    })),
  };
}

/** JSDoc blocks in the generated d.ts: `/** … *\/` before `export declare class` and before each `'prop'?:`. */
function parseDts(dts: string): {
  classDoc?: string;
  props: Map<string, { doc?: string; optional: boolean }>;
} {
  const props = new Map<string, { doc?: string; optional: boolean }>();
  let classDoc: string | undefined;
  const re = /(\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?(?:export declare class \w+|'([^']+)'(\??):)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(dts))) {
    const doc = m[2] !== undefined ? cleanDoc(m[2]) : undefined;
    if (m[3] === undefined) classDoc = doc;
    else props.set(m[3], { doc, optional: m[4] === '?' });
  }
  return { classDoc, props };
}

function cleanDoc(s: string): string | undefined {
  const text = s
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, ''))
    .join('\n')
    .trim()
    .replace(/\\'/g, "'");
  return text || undefined;
}

// Pod volumes: unique DNS-label names and exactly one source (ValidateVolumes upstream).
import type { FieldError } from '../types.js';
import { duplicate, forbidden, invalid, isObj, notSupported, required } from './errs.js';
import { isDNS1123Label, isDNS1123Subdomain } from './names.js';
import { quantityOf } from './quantity.js';
import { VOLUME_SOURCES } from '../volume-sources.js';

// Upstream's order: the first source found counts, later ones are "more than 1 volume type".
const SOURCES = VOLUME_SOURCES;
const HOST_PATH_TYPES = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];

function modeErr(mode: unknown, path: string): FieldError[] {
  if (mode === undefined || mode === null) return [];
  return typeof mode === 'number' && Number.isInteger(mode) && mode >= 0 && mode <= 0o777
    ? []
    : [invalid(path, mode, 'must be a number between 0 and 0777 (octal), both inclusive')];
}

function validateItems(items: unknown, path: string): FieldError[] {
  if (!Array.isArray(items)) return [];
  const errs: FieldError[] = [];
  items.forEach((it: any, i: number) => {
    const p = `${path}[${i}]`;
    if (!it?.key) errs.push(required(`${p}.key`));
    if (!it?.path) errs.push(required(`${p}.path`));
    else {
      if (String(it.path).startsWith('/'))
        errs.push(invalid(`${p}.path`, it.path, 'must be a relative path'));
      if (String(it.path).split('/').includes('..'))
        errs.push(invalid(`${p}.path`, it.path, "must not contain '..'"));
    }
    errs.push(...modeErr(it?.mode, `${p}.mode`));
  });
  return errs;
}

function validateSource(kind: string, src: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const p = `${path}.${kind}`;
  switch (kind) {
    case 'hostPath':
      if (!src.path) errs.push(required(`${p}.path`));
      if (src.type !== undefined && !HOST_PATH_TYPES.includes(src.type))
        errs.push(notSupported(`${p}.type`, src.type, HOST_PATH_TYPES));
      break;
    case 'emptyDir':
      if (src.sizeLimit !== undefined && (quantityOf(src.sizeLimit) ?? -1) < 0)
        errs.push(invalid(`${p}.sizeLimit`, String(src.sizeLimit), 'must be greater than or equal to 0'));
      break;
    case 'secret':
      if (!src.secretName) errs.push(required(`${p}.secretName`));
      errs.push(...modeErr(src.defaultMode, `${p}.defaultMode`), ...validateItems(src.items, `${p}.items`));
      break;
    case 'configMap':
      if (!src.name) errs.push(required(`${p}.name`));
      else for (const m of isDNS1123Subdomain(String(src.name))) errs.push(invalid(`${p}.name`, src.name, m));
      errs.push(...modeErr(src.defaultMode, `${p}.defaultMode`), ...validateItems(src.items, `${p}.items`));
      break;
    case 'persistentVolumeClaim':
      if (!src.claimName) errs.push(required(`${p}.claimName`));
      break;
    case 'downwardAPI':
    case 'projected':
      errs.push(...modeErr(src.defaultMode, `${p}.defaultMode`));
      break;
    case 'nfs':
      if (!src.server) errs.push(required(`${p}.server`));
      if (!src.path) errs.push(required(`${p}.path`));
      break;
  }
  return errs;
}

export function validateVolumes(volumes: unknown, path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  if (!Array.isArray(volumes)) return { errs, names };
  volumes.forEach((vol: any, i: number) => {
    const p = `${path}[${i}]`;
    if (!isObj(vol)) return;
    let n = 0;
    for (const kind of SOURCES) {
      if (!isObj(vol[kind])) continue;
      if (n++ > 0) {
        errs.push(forbidden(`${p}.${kind}`, 'may not specify more than 1 volume type'));
        continue;
      }
      errs.push(...validateSource(kind, vol[kind], p));
    }
    if (n === 0) errs.push(required(p, 'must specify a volume type'));
    if (!vol.name) errs.push(required(`${p}.name`));
    else for (const m of isDNS1123Label(String(vol.name))) errs.push(invalid(`${p}.name`, vol.name, m));
    if (vol.name && names.has(vol.name)) errs.push(duplicate(`${p}.name`, vol.name));
    else if (vol.name) names.add(vol.name);
  });
  return { errs, names };
}

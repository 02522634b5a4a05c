// Request body decoding: JSON, YAML and Kubernetes protobuf, with upstream-like errors.
import { parse as parseYaml } from 'yaml';
import { badRequest, unsupportedMediaType } from '../api/errors.js';
import { decodeKubeProtobuf } from '../api/protobuf/index.js';
import type { KubeObject } from '../api/types.js';
import { parseMediaTypes } from './http.js';

export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;

export function mediaType(contentType: string | undefined): string {
  return parseMediaTypes(contentType)[0]?.type ?? 'application/json';
}

/** Decodes a full object body (POST/PUT). */
export function decodeObject(body: Buffer, contentType: string | undefined): KubeObject {
  const type = mediaType(contentType);
  let value: unknown;
  if (type === 'application/vnd.kubernetes.protobuf') {
    value = decodeKubeProtobuf(body);
  } else if (type === 'application/json' || type === '*/*') {
    value = parseJson(body);
  } else if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') {
    value = parseYamlBody(body);
  } else {
    throw unsupportedMediaType(contentType ?? '');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest("couldn't get version/kind; json parse error: the body must be a JSON object");
  }
  return value as KubeObject;
}

export function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (!text.trim()) throw badRequest('the body of the request was empty');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

export function parseYamlBody(body: Buffer): unknown {
  try {
    return parseYaml(body.toString('utf8'), { maxAliasCount: 100 });
  } catch (e) {
    throw badRequest(`error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`);
  }
}

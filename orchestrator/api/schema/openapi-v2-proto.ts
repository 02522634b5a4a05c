// The swagger 2.0 document encoded as gnostic's openapi_v2.Document protobuf, which kubectl
// 1.27/1.28 request from GET /openapi/v2 (Accept application/com.github.proto-openapi.spec.v2@v1.0+protobuf).
// The message definitions come from resources/proto/openapiv2.json, extracted from kubectl itself.
import protobuf from 'protobufjs';
import { readProtoResource } from '../protobuf/descriptors.js';
import { openapiV2Json } from './openapi.js';
import type { Schema } from './build.js';

export const OPENAPI_V2_PROTOBUF_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

let root: protobuf.Root | undefined;
let encoded: Buffer | undefined;

export function openapiV2Root(): protobuf.Root {
  if (root) return root;
  root = protobuf.Root.fromJSON(readProtoResource('openapiv2.json') as protobuf.INamespace);
  root.resolveAll();
  return root;
}

/** Vendor extensions travel as YAML text; JSON is valid YAML. */
function extensions(o: Schema): { name: string; value: { yaml: string } }[] {
  return Object.entries(o)
    .filter(([k]) => k.startsWith('x-'))
    .map(([name, v]) => ({ name, value: { yaml: JSON.stringify(v) + '\n' } }));
}

function schema(s: Schema): Schema {
  const o: Schema = {};
  if (s.$ref) o.Ref = s.$ref;
  if (s.format) o.format = s.format;
  if (s.description) o.description = s.description;
  if (s.required) o.required = s.required;
  if (s.type) o.type = { value: [s.type] };
  if (s.items) o.items = { schema: [schema(s.items)] };
  if (s.allOf) o.allOf = s.allOf.map(schema);
  if (s.properties)
    o.properties = {
      additionalProperties: Object.entries(s.properties).map(([name, v]) => ({
        name,
        value: schema(v as Schema),
      })),
    };
  if (s.additionalProperties !== undefined)
    o.additionalProperties =
      typeof s.additionalProperties === 'boolean'
        ? { boolean: s.additionalProperties }
        : { schema: schema(s.additionalProperties) };
  const ext = extensions(s);
  if (ext.length) o.vendorExtension = ext;
  return o;
}

function parameter(p: Schema): Schema {
  if (p.in === 'body')
    return {
      parameter: {
        bodyParameter: { name: p.name, in: 'body', required: !!p.required, schema: schema(p.schema) },
      },
    };
  const sub = {
    name: p.name,
    in: p.in,
    description: p.description,
    type: p.type,
    uniqueItems: !!p.uniqueItems,
    required: !!p.required,
  };
  const key = p.in === 'path' ? 'pathParameterSubSchema' : 'queryParameterSubSchema';
  return { parameter: { nonBodyParameter: { [key]: sub } } };
}

function operation(op: Schema): Schema {
  return {
    operationId: op.operationId,
    consumes: op.consumes,
    produces: op.produces,
    schemes: op.schemes,
    parameters: (op.parameters as Schema[]).map(parameter),
    responses: {
      responseCode: Object.entries(op.responses as Record<string, Schema>).map(([name, r]) => ({
        name,
        value: {
          response: {
            description: r.description,
            ...(r.schema ? { schema: { schema: schema(r.schema) } } : {}),
          },
        },
      })),
    },
    vendorExtension: extensions(op),
  };
}

/** The gnostic message object (before encoding) for a swagger 2.0 JSON document. */
export function toGnostic(doc: Schema): Schema {
  return {
    swagger: doc.swagger,
    info: { title: doc.info.title, version: doc.info.version },
    paths: {
      path: Object.entries(doc.paths as Record<string, Record<string, Schema>>).map(([name, item]) => ({
        name,
        value: Object.fromEntries(Object.entries(item).map(([m, op]) => [m, operation(op)])),
      })),
    },
    definitions: {
      additionalProperties: Object.entries(doc.definitions as Record<string, Schema>).map(([name, s]) => ({
        name,
        value: schema(s),
      })),
    },
  };
}

export function openapiV2Protobuf(): Buffer {
  if (encoded) return encoded;
  const Document = openapiV2Root().lookupType('openapi.v2.Document');
  const msg = Document.fromObject(toGnostic(openapiV2Json()));
  encoded = Buffer.from(Document.encode(msg).finish());
  return encoded;
}

/** Decodes gnostic bytes back to a plain object (tests and debugging). */
export function decodeOpenapiV2Protobuf(buf: Uint8Array): Schema {
  const Document = openapiV2Root().lookupType('openapi.v2.Document');
  return Document.toObject(Document.decode(buf), { defaults: false, arrays: true });
}

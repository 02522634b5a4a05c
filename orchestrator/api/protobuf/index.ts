// Kubernetes protobuf request bodies (application/vnd.kubernetes.protobuf): 'k8s\0' magic +
// runtime.Unknown{typeMeta, raw, contentEncoding, contentType}; raw is the typed message.
import protobuf from 'protobufjs';
import { badRequest } from '../errors.js';
import type { KubeObject } from '../types.js';
import { toKubeJson } from './convert.js';
import { lookupType, messageFor } from './descriptors.js';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

const UNKNOWN = 'k8s.io.apimachinery.pkg.runtime.Unknown';
const TO_OBJECT: protobuf.IConversionOptions = {
  longs: Number,
  bytes: String,
  defaults: false,
  arrays: false,
};

/** Decodes a protobuf body to the JSON object kubectl would have sent. Throws 400 on bad input. */
export function decodeKubeProtobuf(body: Buffer): KubeObject {
  if (body.length < 4 || !body.subarray(0, 4).equals(PROTOBUF_MAGIC)) {
    throw badRequest('provided object is not a Kubernetes protobuf message: missing the "k8s\\x00" prefix');
  }
  const Unknown = lookupType(UNKNOWN)!;
  let unk: Record<string, any>;
  try {
    unk = Unknown.toObject(Unknown.decode(body.subarray(4)), { ...TO_OBJECT, bytes: Buffer });
  } catch (e) {
    throw badRequest(`unable to decode protobuf envelope: ${(e as Error).message}`);
  }
  const apiVersion: string = unk.typeMeta?.apiVersion ?? '';
  const kind: string = unk.typeMeta?.kind ?? '';
  if (!kind) throw badRequest("Object 'Kind' is missing in protobuf body");
  if (unk.contentEncoding) throw badRequest(`unsupported protobuf content encoding "${unk.contentEncoding}"`);
  const type = messageFor(apiVersion, kind);
  if (!type) throw badRequest(`no kind "${kind}" is registered for version "${apiVersion}"`);
  const raw: Buffer = unk.raw ?? Buffer.alloc(0);
  let obj: Record<string, any>;
  try {
    obj = type.toObject(type.decode(raw), TO_OBJECT);
  } catch (e) {
    throw badRequest(`unable to decode ${kind} from protobuf: ${(e as Error).message}`);
  }
  const json = toKubeJson(type, obj) as Record<string, any>;
  // typeMeta lives in the envelope; the inner message has no apiVersion/kind fields.
  return { apiVersion, kind, ...json, metadata: json.metadata ?? {} };
}

// One container's fields: name, image, ports, env, mounts, probes, resources, policies.
import type { FieldError } from '../types.js';
import { duplicate, forbidden, invalid, isInt, isObj, notFound, notSupported, required } from './errs.js';
import { isConfigMapKey, isDNS1123Label, isEnvVarName, isValidPortName, isValidPortNum } from './names.js';
import { validateResourceRequirements } from './resources.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['FallbackToLogsOnError', 'File'];
const ENV_FIELD_PATHS = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

export function nonNegative(v: unknown, path: string): FieldError[] {
  return typeof v === 'number' && v < 0 ? [invalid(path, v, 'must be greater than or equal to 0')] : [];
}

export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(path, port, m));
  if (typeof port === 'string') {
    if (port === '') return [required(path)];
    return isValidPortName(port).map((m) => invalid(path, port, m));
  }
  return [required(path)];
}

export function validateContainerPorts(ports: unknown, path: string): FieldError[] {
  if (!Array.isArray(ports)) return [];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port: any, i: number) => {
    const p = `${path}[${i}]`;
    if (!isObj(port)) return;
    if (port.name) {
      const msgs = isValidPortName(String(port.name));
      if (msgs.length) for (const m of msgs) errs.push(invalid(`${p}.name`, port.name, m));
      else if (names.has(port.name)) errs.push(duplicate(`${p}.name`, port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(required(`${p}.containerPort`));
    else
      for (const m of isValidPortNum(port.containerPort))
        errs.push(invalid(`${p}.containerPort`, port.containerPort, m));
    if (port.hostPort)
      for (const m of isValidPortNum(port.hostPort)) errs.push(invalid(`${p}.hostPort`, port.hostPort, m));
    if (!port.protocol) errs.push(required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol))
      errs.push(notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
  });
  return errs;
}

function validateEnvValueFrom(ev: any, path: string): FieldError[] {
  const vf = ev.valueFrom;
  if (!isObj(vf)) return [];
  const errs: FieldError[] = [];
  let n = 0;
  if (isObj(vf.fieldRef)) {
    n++;
    const fp = vf.fieldRef.fieldPath;
    if (!fp) errs.push(required(`${path}.fieldRef.fieldPath`));
    else {
      const base = String(fp).replace(/\[.*\]$/, '');
      const subscripted = fp !== base;
      const ok = subscripted
        ? base === 'metadata.labels' || base === 'metadata.annotations'
        : ENV_FIELD_PATHS.includes(base) && base !== 'metadata.labels' && base !== 'metadata.annotations';
      if (!ok) errs.push(notSupported(`${path}.fieldRef.fieldPath`, fp, ENV_FIELD_PATHS));
    }
  }
  if (isObj(vf.resourceFieldRef)) {
    n++;
    if (!vf.resourceFieldRef.resource) errs.push(required(`${path}.resourceFieldRef.resource`));
  }
  for (const kind of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const ref = vf[kind];
    if (!isObj(ref)) continue;
    n++;
    if (!ref.key) errs.push(required(`${path}.${kind}.key`));
    else
      for (const m of isConfigMapKey(String(ref.key))) errs.push(invalid(`${path}.${kind}.key`, ref.key, m));
  }
  if (n === 0)
    errs.push(
      invalid(
        path,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  else if (n > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  if (ev.value) errs.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  return errs;
}

export function validateEnv(env: unknown, path: string): FieldError[] {
  if (!Array.isArray(env)) return [];
  const errs: FieldError[] = [];
  env.forEach((ev: any, i: number) => {
    const p = `${path}[${i}]`;
    if (!isObj(ev)) return;
    if (!ev.name) errs.push(required(`${p}.name`));
    else for (const m of isEnvVarName(String(ev.name))) errs.push(invalid(`${p}.name`, ev.name, m));
    errs.push(...validateEnvValueFrom(ev, `${p}.valueFrom`));
  });
  return errs;
}

function validateEnvFrom(envFrom: unknown, path: string): FieldError[] {
  if (!Array.isArray(envFrom)) return [];
  const errs: FieldError[] = [];
  envFrom.forEach((ef: any, i: number) => {
    const p = `${path}[${i}]`;
    if (!isObj(ef)) return;
    if (ef.prefix)
      for (const m of isEnvVarName(String(ef.prefix))) errs.push(invalid(`${p}.prefix`, ef.prefix, m));
    const n = (isObj(ef.configMapRef) ? 1 : 0) + (isObj(ef.secretRef) ? 1 : 0);
    if (n === 0) errs.push(invalid(p, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1) errs.push(invalid(p, '', 'may not have more than one field specified at a time'));
    for (const k of ['configMapRef', 'secretRef'] as const)
      if (isObj(ef[k]) && !ef[k].name) errs.push(required(`${p}.${k}.name`));
  });
  return errs;
}

export function validateVolumeMounts(mounts: unknown, volumeNames: Set<string>, path: string): FieldError[] {
  if (!Array.isArray(mounts)) return [];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  mounts.forEach((m: any, i: number) => {
    const p = `${path}[${i}]`;
    if (!isObj(m)) return;
    if (!m.name) errs.push(required(`${p}.name`));
    else if (!volumeNames.has(m.name)) errs.push(notFound(`${p}.name`, m.name));
    if (!m.mountPath) errs.push(required(`${p}.mountPath`));
    else if (seen.has(m.mountPath)) errs.push(invalid(`${p}.mountPath`, m.mountPath, 'must be unique'));
    else seen.add(m.mountPath);
    if (m.subPath) {
      const sp = String(m.subPath);
      if (sp.startsWith('/')) errs.push(invalid(`${p}.subPath`, sp, 'must be a relative path'));
      if (sp.split('/').includes('..')) errs.push(invalid(`${p}.subPath`, sp, "must not contain '..'"));
    }
  });
  return errs;
}

/** Exactly one handler among the listed kinds (probes: exec/httpGet/tcpSocket/grpc). */
export function validateHandler(h: any, path: string, kinds: string[]): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const k of kinds) {
    if (!isObj(h?.[k])) continue;
    if (n > 0) {
      errs.push(forbidden(`${path}.${k}`, 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    const a = h[k];
    const p = `${path}.${k}`;
    if (k === 'exec' && !(Array.isArray(a.command) && a.command.length)) errs.push(required(`${p}.command`));
    if (k === 'httpGet') {
      if (!a.path) errs.push(required(`${p}.path`));
      errs.push(...validatePortNumOrName(a.port, `${p}.port`));
      if (!['HTTP', 'HTTPS'].includes(a.scheme))
        errs.push(notSupported(`${p}.scheme`, a.scheme ?? '', ['HTTP', 'HTTPS']));
    }
    if (k === 'tcpSocket') errs.push(...validatePortNumOrName(a.port, `${p}.port`));
    if (k === 'grpc') {
      if (!isInt(a.port)) errs.push(required(`${p}.port`));
      else for (const m of isValidPortNum(a.port)) errs.push(invalid(`${p}.port`, a.port, m));
    }
    if (k === 'sleep' && !(isInt(a.seconds) && a.seconds >= 0))
      errs.push(invalid(`${p}.seconds`, a.seconds, 'must be greater than or equal to 0'));
  }
  if (n === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateProbe(probe: any, path: string): FieldError[] {
  if (!isObj(probe)) return [];
  const errs = validateHandler(probe, path, ['exec', 'httpGet', 'tcpSocket', 'grpc']);
  for (const f of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ])
    errs.push(...nonNegative(probe[f], `${path}.${f}`));
  if (typeof probe.terminationGracePeriodSeconds === 'number' && probe.terminationGracePeriodSeconds <= 0)
    errs.push(
      invalid(
        `${path}.terminationGracePeriodSeconds`,
        probe.terminationGracePeriodSeconds,
        'must be greater than 0',
      ),
    );
  return errs;
}

export interface ContainerContext {
  volumeNames: Set<string>;
  /** Names already used in the pod (containers + initContainers share one namespace). */
  names: Set<string>;
  init: boolean;
}

export function validateContainer(c: any, path: string, ctx: ContainerContext): FieldError[] {
  if (!isObj(c)) return [invalid(path, c, 'must be an object')];
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(`${path}.name`));
  else {
    for (const m of isDNS1123Label(String(c.name))) errs.push(invalid(`${path}.name`, c.name, m));
    if (ctx.names.has(c.name)) errs.push(duplicate(`${path}.name`, c.name));
    else ctx.names.add(c.name);
  }
  if (!c.image) errs.push(required(`${path}.image`));
  else if (String(c.image).trim() !== c.image)
    errs.push(invalid(`${path}.image`, c.image, 'must not have leading or trailing whitespace'));
  if (!c.imagePullPolicy) errs.push(required(`${path}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(c.imagePullPolicy))
    errs.push(notSupported(`${path}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  if (!c.terminationMessagePolicy) errs.push(required(`${path}.terminationMessagePolicy`));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(c.terminationMessagePolicy))
    errs.push(
      notSupported(
        `${path}.terminationMessagePolicy`,
        c.terminationMessagePolicy,
        TERMINATION_MESSAGE_POLICIES,
      ),
    );
  if (c.restartPolicy !== undefined) {
    if (!ctx.init) errs.push(forbidden(`${path}.restartPolicy`, 'may not be set for non-init containers'));
    else if (c.restartPolicy !== 'Always')
      errs.push(notSupported(`${path}.restartPolicy`, c.restartPolicy, ['Always']));
  }
  errs.push(...validateContainerPorts(c.ports, `${path}.ports`));
  errs.push(...validateEnv(c.env, `${path}.env`));
  errs.push(...validateEnvFrom(c.envFrom, `${path}.envFrom`));
  errs.push(...validateVolumeMounts(c.volumeMounts, ctx.volumeNames, `${path}.volumeMounts`));
  errs.push(...validateResourceRequirements(c.resources, `${path}.resources`));
  const sidecar = ctx.init && c.restartPolicy === 'Always';
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (!isObj(c[probe])) continue;
    if (ctx.init && !sidecar) {
      errs.push(
        forbidden(`${path}.${probe}`, `may not be set for init containers without restartPolicy=Always`),
      );
      continue;
    }
    errs.push(...validateProbe(c[probe], `${path}.${probe}`));
    if (
      probe !== 'readinessProbe' &&
      c[probe].successThreshold !== undefined &&
      c[probe].successThreshold !== 1
    )
      errs.push(invalid(`${path}.${probe}.successThreshold`, c[probe].successThreshold, 'must be 1'));
  }
  if (isObj(c.lifecycle))
    for (const hook of ['postStart', 'preStop'])
      if (isObj(c.lifecycle[hook]))
        errs.push(
          ...validateHandler(c.lifecycle[hook], `${path}.lifecycle.${hook}`, [
            'exec',
            'httpGet',
            'tcpSocket',
            'sleep',
          ]),
        );
  return errs;
}

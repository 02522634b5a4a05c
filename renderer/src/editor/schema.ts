// A compact JSON schema for common manifests: enough for completion, validation and hover docs
// on the fields people write first. The server still validates everything on dry-run.
const meta = {
  type: 'object',
  description: 'Standard object metadata: name, namespace, labels and annotations.',
  properties: {
    name: {
      type: 'string',
      description: 'Unique name within the namespace (DNS-1123: lower case, digits, -).',
    },
    namespace: {
      type: 'string',
      description: "Namespace of the object; the editor's namespace when omitted.",
    },
    labels: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Key/value pairs selectors match on.',
    },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};
const container = {
  type: 'object',
  required: ['name', 'image'],
  properties: {
    name: { type: 'string', description: 'Container name (DNS-1123 label).' },
    image: { type: 'string', description: 'Image reference, e.g. kubedeck-test/busybox:latest.' },
    command: { type: 'array', items: { type: 'string' }, description: 'Replaces the image ENTRYPOINT.' },
    args: { type: 'array', items: { type: 'string' }, description: 'Replaces the image CMD.' },
    ports: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          containerPort: { type: 'integer', minimum: 1, maximum: 65535 },
          name: { type: 'string' },
          protocol: { enum: ['TCP', 'UDP', 'SCTP'] },
        },
      },
    },
    env: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } } },
    },
    imagePullPolicy: {
      enum: ['Always', 'IfNotPresent', 'Never'],
      description: 'When the kubelet pulls the image.',
    },
  },
};
const podSpec = {
  type: 'object',
  required: ['containers'],
  properties: {
    containers: { type: 'array', minItems: 1, items: container, description: 'The containers of the pod.' },
    restartPolicy: { enum: ['Always', 'OnFailure', 'Never'] },
    nodeSelector: { type: 'object', additionalProperties: { type: 'string' } },
  },
};
const kinds: Record<string, { apiVersion: string; spec?: object; extra?: object }> = {
  Deployment: {
    apiVersion: 'apps/v1',
    spec: {
      type: 'object',
      required: ['selector', 'template'],
      properties: {
        replicas: { type: 'integer', minimum: 0, description: 'Number of desired pods (default 1).' },
        selector: { type: 'object', description: 'Label selector for the pods; must match template labels.' },
        template: {
          type: 'object',
          properties: { metadata: meta, spec: podSpec },
          description: 'The pod template.',
        },
        strategy: { type: 'object', properties: { type: { enum: ['RollingUpdate', 'Recreate'] } } },
        revisionHistoryLimit: { type: 'integer', minimum: 0 },
      },
    },
  },
  Pod: { apiVersion: 'v1', spec: podSpec },
  Service: {
    apiVersion: 'v1',
    spec: {
      type: 'object',
      properties: {
        type: {
          enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
          description: 'How the service is exposed.',
        },
        selector: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'Pods with these labels receive traffic.',
        },
        ports: {
          type: 'array',
          items: {
            type: 'object',
            required: ['port'],
            properties: {
              port: { type: 'integer' },
              targetPort: { type: ['integer', 'string'] },
              nodePort: { type: 'integer' },
              protocol: { enum: ['TCP', 'UDP', 'SCTP'] },
              name: { type: 'string' },
            },
          },
        },
      },
    },
  },
  ConfigMap: {
    apiVersion: 'v1',
    extra: { data: { type: 'object', additionalProperties: { type: 'string' } } },
  },
  Namespace: { apiVersion: 'v1' },
};

export const KUBERNETES_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  properties: {
    apiVersion: { type: 'string', description: 'API group/version of the kind, e.g. apps/v1 or v1.' },
    kind: { enum: Object.keys(kinds), description: 'The type of object.' },
    metadata: meta,
  },
  allOf: Object.entries(kinds).map(([kind, k]) => ({
    if: { properties: { kind: { const: kind } } },
    then: {
      properties: {
        apiVersion: { const: k.apiVersion },
        ...(k.spec ? { spec: k.spec } : {}),
        ...(k.extra ?? {}),
      },
    },
  })),
};

export const STARTER = `# A Deployment of 2 pods and a Service in front of them. Dry run, then apply.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: kubedeck-test/busybox:latest
          command: ["httpd", "-f", "-p", "8080"]
          ports:
            - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
`;

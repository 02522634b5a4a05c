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
const quantities = {
  type: 'object',
  properties: {
    cpu: { type: ['string', 'number'], description: 'CPU, e.g. 100m (a tenth of a core) or 1.' },
    memory: { type: ['string', 'integer'], description: 'Memory, e.g. 64Mi or 1Gi.' },
  },
};
const probe = (description: string) => ({
  type: 'object',
  description,
  properties: {
    httpGet: {
      type: 'object',
      properties: { path: { type: 'string' }, port: { type: ['integer', 'string'] } },
    },
    tcpSocket: { type: 'object', properties: { port: { type: ['integer', 'string'] } } },
    exec: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } } },
    initialDelaySeconds: { type: 'integer', minimum: 0 },
    periodSeconds: { type: 'integer', minimum: 1 },
    failureThreshold: { type: 'integer', minimum: 1 },
  },
});
const labelSelector = {
  type: 'object',
  description: 'Label selector for the pods; must match the template labels.',
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: { type: 'array', items: { type: 'object' } },
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
    resources: {
      type: 'object',
      description: 'CPU/memory requests (for scheduling) and limits (enforced).',
      properties: { requests: quantities, limits: quantities },
    },
    readinessProbe: probe('Traffic goes to the pod only while this succeeds.'),
    livenessProbe: probe('The container is restarted when this keeps failing.'),
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
        selector: labelSelector,
        template: {
          type: 'object',
          properties: { metadata: meta, spec: podSpec },
          description: 'The pod template.',
        },
        strategy: {
          type: 'object',
          description: 'How pods are replaced on a change: RollingUpdate (gradually) or Recreate.',
          properties: {
            type: { enum: ['RollingUpdate', 'Recreate'] },
            rollingUpdate: {
              type: 'object',
              properties: {
                maxSurge: {
                  type: ['integer', 'string'],
                  description: 'Extra pods allowed during a rollout.',
                },
                maxUnavailable: { type: ['integer', 'string'], description: 'Pods that may be missing.' },
              },
            },
          },
        },
        minReadySeconds: { type: 'integer', minimum: 0 },
        revisionHistoryLimit: { type: 'integer', minimum: 0, description: 'Old ReplicaSets kept for undo.' },
        paused: { type: 'boolean', description: 'A paused Deployment does not roll out changes.' },
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
  Secret: {
    apiVersion: 'v1',
    extra: {
      type: { type: 'string', description: 'Opaque by default.' },
      data: {
        type: 'object',
        additionalProperties: { type: 'string' },
        description: 'Values base64-encoded.',
      },
      stringData: {
        type: 'object',
        additionalProperties: { type: 'string' },
        description: 'Plain-text values, merged into data by the server.',
      },
    },
  },
  Namespace: { apiVersion: 'v1' },
  HorizontalPodAutoscaler: {
    apiVersion: 'autoscaling/v2',
    spec: {
      type: 'object',
      required: ['scaleTargetRef', 'maxReplicas'],
      properties: {
        scaleTargetRef: {
          type: 'object',
          description: 'The Deployment to scale.',
          properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' } },
        },
        minReplicas: { type: 'integer', minimum: 1 },
        maxReplicas: { type: 'integer', minimum: 1 },
        metrics: { type: 'array', items: { type: 'object' } },
      },
    },
  },
};

export const KUBERNETES_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  properties: {
    apiVersion: { type: 'string', description: 'API group/version of the kind, e.g. apps/v1 or v1.' },
    // Known kinds are offered, any other is accepted: the server knows more kinds than this schema.
    kind: { anyOf: [{ enum: Object.keys(kinds) }, { type: 'string' }], description: 'The type of object.' },
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

// Starter manifests for the editor's "New from template" menu. Images are ones that exist locally
// (nodes share the host's Docker images), so each applies as-is.
export interface Template {
  id: string;
  label: string;
  yaml: string;
}

const deployment = `apiVersion: apps/v1
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
`;
const service = (type: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: ${type}
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
`;

export const TEMPLATES: Template[] = [
  {
    id: 'app',
    label: 'Deployment + Service (multi-document)',
    yaml: `# A Deployment of 2 pods and a Service in front of them. Diff, then apply.\n${deployment}---\n${service('ClusterIP')}`,
  },
  { id: 'deployment', label: 'Deployment', yaml: deployment },
  { id: 'service', label: 'Service (NodePort)', yaml: service('NodePort') },
  {
    id: 'configmap',
    label: 'ConfigMap',
    yaml: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  greeting: hello\n`,
  },
  {
    id: 'secret',
    label: 'Secret',
    yaml: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: credentials\ntype: Opaque\nstringData:\n  password: change-me\n`,
  },
  {
    id: 'pod',
    label: 'Pod',
    yaml: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: sleeper\nspec:\n  containers:\n    - name: main\n      image: kubedeck-test/busybox:latest\n      command: ["sleep", "3600"]\n`,
  },
  {
    id: 'hpa',
    label: 'HorizontalPodAutoscaler',
    yaml: `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 1\n  maxReplicas: 5\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 50\n`,
  },
  {
    id: 'namespace',
    label: 'Namespace',
    yaml: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: sandbox\n`,
  },
];

/** What the editor shows when opened empty. */
export const STARTER = TEMPLATES[0].yaml;

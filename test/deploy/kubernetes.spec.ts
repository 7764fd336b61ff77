import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { CONFIG_VARIABLES, configVariablesOf, loadConfig, SERVICE_NAMES } from '@app/platform';

/*
 * deploy/kubernetes (docs/operations.md, "Kubernetes"): both overlays render with kustomize
 * (`kubectl kustomize`), every rendered object validates against the Kubernetes, KEDA and Prometheus
 * Operator schemas (kubernetes-models, offline), and the configuration is the services' own: every
 * variable of config-variables.ts and no other, secrets in the Secret, accepted by the services.
 */
const KUBERNETES = join(__dirname, '..', '..', 'deploy', 'kubernetes');
const OVERLAYS = ['development', 'production'] as const;

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
};

/** The offline schema of each kind the manifests use. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1 Deployment': Deployment,
  'v1 Service': Service,
  'v1 ConfigMap': ConfigMap,
  'v1 Secret': Secret,
  'v1 Namespace': Namespace,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1 NetworkPolicy': NetworkPolicy,
  'autoscaling/v2 HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'keda.sh/v1alpha1 ScaledObject': ScaledObject,
  'monitoring.coreos.com/v1 ServiceMonitor': ServiceMonitor,
};

function render(overlay: string): Manifest[] {
  const result = spawnSync('kubectl', ['kustomize', join(KUBERNETES, 'overlays', overlay)], {
    encoding: 'utf8',
  });
  if (result.error)
    throw new Error(`kubectl: ${result.error.message} (kubectl with kustomize renders the overlays)`);
  if (result.status !== 0) throw new Error(`kubectl kustomize ${overlay} failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout).map((document) => document.toJSON() as Manifest);
}

const rendered = Object.fromEntries(OVERLAYS.map((overlay) => [overlay, render(overlay)]));
const ofKind = (overlay: string, kind: string) => rendered[overlay].filter((m) => m.kind === kind);
const named = (overlay: string, kind: string, name: string) => {
  const found = ofKind(overlay, kind).find((m) => m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${overlay}`);
  return found;
};

/** The environment a service's pod gets: the ConfigMap, then the Secret (envFrom order). */
function environmentOf(overlay: string): Record<string, string> {
  const config = named(overlay, 'ConfigMap', 'project-invoicing-config');
  const secret = named(overlay, 'Secret', 'project-invoicing-secrets');
  const secrets = Object.fromEntries(
    Object.entries((secret.data ?? {}) as Record<string, string>).map(([key, value]) => [
      key,
      Buffer.from(value, 'base64').toString('utf8'),
    ]),
  );
  return { ...(config.data as Record<string, string>), ...(secret.stringData ?? {}), ...secrets };
}

describe.each(OVERLAYS)('the %s overlay', (overlay) => {
  it('renders objects that each validate against their schema, in one namespace', () => {
    const manifests = rendered[overlay];
    expect(manifests.length).toBeGreaterThanOrEqual(10);
    for (const manifest of manifests) {
      const Model = MODELS[`${manifest.apiVersion} ${manifest.kind}`];
      expect({ object: `${manifest.kind} ${manifest.metadata.name}`, known: Model !== undefined }).toEqual({
        object: `${manifest.kind} ${manifest.metadata.name}`,
        known: true,
      });
      expect(() => new Model(manifest as never).validate()).not.toThrow();
    }
    const namespaces = new Set(
      manifests.filter((m) => m.kind !== 'Namespace').map((m) => m.metadata.namespace),
    );
    expect([...namespaces]).toEqual([ofKind(overlay, 'Namespace')[0].metadata.name]);
  });

  it('configures every variable the services read, secrets in the Secret only', () => {
    const config = Object.keys(named(overlay, 'ConfigMap', 'project-invoicing-config').data).sort();
    const secret = named(overlay, 'Secret', 'project-invoicing-secrets');
    const secretKeys = Object.keys({ ...(secret.data ?? {}), ...(secret.stringData ?? {}) }).sort();
    expect(config).toEqual(
      CONFIG_VARIABLES.filter((v) => !v.secret)
        .map((v) => v.name)
        .sort(),
    );
    expect(secretKeys).toEqual(
      CONFIG_VARIABLES.filter((v) => v.secret)
        .map((v) => v.name)
        .sort(),
    );
  });

  it.each(SERVICE_NAMES)(
    'runs %s as the image does, probed, bounded, unprivileged, shut down gracefully',
    (service) => {
      const deployment = named(overlay, 'Deployment', service);
      const pod = deployment.spec.template.spec;
      const [container] = pod.containers;
      const port = Number(environmentOf(overlay)[`${service.toUpperCase()}_PORT`]);
      expect(container.command).toEqual(['node', `dist/apps/${service}/main.js`]);
      expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
      expect(container.envFrom).toEqual([
        { configMapRef: { name: 'project-invoicing-config' } },
        { secretRef: { name: 'project-invoicing-secrets' } },
      ]);
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(container.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.resources.limits.memory).toEqual(expect.any(String));
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
      expect(deployment.spec.template.metadata.labels['app.kubernetes.io/part-of']).toBe('project-invoicing');
      expect(named(overlay, 'Service', service).spec.ports).toEqual([
        { name: 'http', port, targetPort: 'http' },
      ]);
      expect(named(overlay, 'PodDisruptionBudget', service).spec.selector).toEqual(deployment.spec.selector);
    },
  );
});

describe('the configuration of the overlays', () => {
  it.each(SERVICE_NAMES)('development starts %s as it is', (service) => {
    const config = loadConfig(service, environmentOf('development'));
    expect(config).toMatchObject({ service, kafka: { topicPrefix: 'dev.' } });
    expect(configVariablesOf(service).length).toBeGreaterThan(20);
  });

  it.each(SERVICE_NAMES)('production starts %s once the secret store provides its secrets', (service) => {
    const environment = {
      ...environmentOf('production'),
      DATABASE_URL: 'postgres://invoicing@postgres:5432/invoicing',
      API_KEYS: 'a-production-key',
    };
    expect(() => loadConfig(service, environmentOf('production'))).toThrow(/API_KEYS/);
    expect(loadConfig(service, environment)).toMatchObject({
      service,
      kafka: { topicReplicationFactor: 3, topicMinInsyncReplicas: 2 },
    });
  });
});

describe('the production overlay', () => {
  it('runs three replicas of each, scales contracts on CPU and invoicing on the projection lag, and is scraped', () => {
    for (const service of SERVICE_NAMES)
      expect(named('production', 'Deployment', service).spec.replicas).toBe(3);
    const hpa = named('production', 'HorizontalPodAutoscaler', 'contracts');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'contracts' });
    const scaled = named('production', 'ScaledObject', 'invoicing');
    expect(scaled.spec.scaleTargetRef).toEqual({ name: 'invoicing' });
    expect(scaled.spec.triggers[0].metadata.query).toContain('invoicing_projection_lag_events');
    const monitor = named('production', 'ServiceMonitor', 'project-invoicing');
    expect(monitor.spec.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '15s' }]);
    expect(ofKind('production', 'NetworkPolicy')).toHaveLength(1);
  });
});

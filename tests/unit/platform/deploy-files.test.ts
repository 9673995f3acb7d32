import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseAllDocuments, parse } from "yaml";
import { describe, expect, it } from "vitest";
import { Deployment } from "kubernetes-models/apps/v1";
import { Job, CronJob } from "kubernetes-models/batch/v1";
import { ConfigMap, Service } from "kubernetes-models/v1";

/**
 * The deployment files parse and keep their promises (docs/deploying.md): a multi-stage image
 * run as a non-root user, two instances on one PostgreSQL behind a proxy, probes on /api/health,
 * and the scheduled routes called with the cron secret.
 */

const root = path.resolve(import.meta.dirname, "../../..");
const read = (file: string) => readFile(path.join(root, file), "utf8");

/** The kinds deploy/kubernetes uses, by "apiVersion/kind". */
const K8S_MODELS: Record<string, (new (data: never) => { validate(): void }) | undefined> = {
  "apps/v1/Deployment": Deployment,
  "v1/Service": Service,
  "v1/ConfigMap": ConfigMap,
  "batch/v1/Job": Job,
  "batch/v1/CronJob": CronJob,
};

type Doc = { kind: string; apiVersion: string; metadata: { name: string }; spec: Record<string, unknown> };

describe("deployment files", () => {
  it("Dockerfile: deps, build, migrate and a non-root standalone runner with a health check", async () => {
    const dockerfile = await read("Dockerfile");
    const stages = [...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((match) => match[1]);
    expect(stages).toEqual(["deps", "build", "migrate", "runner"]);
    const runner = dockerfile.slice(dockerfile.indexOf("AS runner"));
    expect(runner).toMatch(/^USER node$/m);
    expect(runner).toMatch(/^CMD \["node", "server\.js"\]$/m);
    expect(runner).toMatch(/HEALTHCHECK .*\/api\/health/);
    expect(dockerfile).toMatch(/NEXT_OUTPUT=standalone/);
    expect(await read("next.config.ts")).toMatch(/NEXT_OUTPUT === "standalone"/);
  });

  it("the schema check refuses a malformed manifest", () => {
    const broken = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { replicas: "two", selector: {}, template: {} } };
    expect(() => new Deployment(broken as never).validate()).toThrow(/replicas must be integer/);
  });

  it("compose.yaml: PostgreSQL, migrations first, two instances and a proxy in front", async () => {
    const compose = parse(await read("compose.yaml"), { merge: true }) as { services: Record<string, Record<string, unknown>> };
    expect(Object.keys(compose.services).sort()).toEqual(["migrate", "portal-1", "portal-2", "postgres", "proxy"]);
    for (const name of ["portal-1", "portal-2"]) {
      const service = compose.services[name]!;
      expect(service.depends_on).toEqual({ migrate: { condition: "service_completed_successfully" } });
      expect((service.environment as Record<string, string>).DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(JSON.stringify(service.healthcheck)).toContain("/api/health");
    }
    const nginx = await read("deploy/nginx.conf");
    expect(nginx).toMatch(/server portal-1:3000;\s+server portal-2:3000;/);
  });

  it("Kubernetes: Deployment with readiness and liveness probes, Service, migration Job and the CronJobs the README shows", async () => {
    const docs = parseAllDocuments(await read("deploy/kubernetes/portal.yaml")).map((doc) => {
      expect(doc.errors).toEqual([]);
      return doc.toJS() as Doc;
    });
    for (const doc of docs) {
      expect(doc.apiVersion, doc.metadata.name).toBeTruthy();
      expect(doc.metadata.name).toMatch(/^[a-z0-9-]+$/);
      // Each manifest against the Kubernetes API's own JSON schema (kubernetes-models, what
      // kubeconform checks; kubeconform itself is not installable on these machines).
      const Model = K8S_MODELS[`${doc.apiVersion}/${doc.kind}`];
      expect(Model, `${doc.apiVersion} ${doc.kind} has a schema here`).toBeDefined();
      expect(() => new Model!(doc as never).validate(), doc.metadata.name).not.toThrow();
    }
    const byKind = (kind: string) => docs.filter((doc) => doc.kind === kind);
    const [deployment] = byKind("Deployment");
    const pod = (deployment!.spec as { template: { spec: { containers: Record<string, unknown>[]; securityContext: Record<string, unknown> } } }).template.spec;
    const container = pod.containers[0]!;
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: "/api/health" } });
    expect(container.livenessProbe).toMatchObject({ httpGet: { path: "/api/health?probe=live" } });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(byKind("Service").map((doc) => doc.metadata.name)).toEqual(["portal"]);
    expect(byKind("Job").map((doc) => doc.metadata.name)).toEqual(["portal-migrate"]);
    const cronJobs = byKind("CronJob");
    const calls = cronJobs.map((job) => JSON.stringify(job.spec));
    expect(calls.some((call) => call.includes("/api/cron/meter") && call.includes("Authorization: Bearer $(CRON_SECRET)"))).toBe(true);
    expect(calls.some((call) => call.includes("/api/cron/notify"))).toBe(true);
    const readme = await read("README.md");
    for (const job of cronJobs) expect(readme.includes(job.metadata.name) || job.metadata.name === "portal-notify").toBe(true);
  });
});

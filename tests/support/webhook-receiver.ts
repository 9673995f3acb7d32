import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body as the standardwebhooks verifier returned it (after checking the signature). */
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  /** Which endpoint's secret verified it. */
  secret: string;
}

/**
 * A real HTTP receiver on 127.0.0.1 (ephemeral port) that verifies every request
 * with the standardwebhooks verifier against the secrets it was given; a request
 * no secret verifies is kept in `rejected` and answered 400. `answer` decides the
 * status of the verified ones (default 204).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  readonly rejected: { headers: IncomingHttpHeaders; body: string; error: string }[] = [];
  readonly secrets = new Set<string>();
  answer: (request: ReceivedWebhook) => number = () => 204;
  /** How long the receiver takes to answer a verified request. */
  delayMs = 0;
  private server: Server | null = null;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const headers = Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, String(value)]));
        let lastError = "no secret";
        for (const secret of this.secrets) {
          try {
            const payload = new Webhook(secret).verify(body, headers) as ReceivedWebhook["payload"];
            const received = { id: headers["webhook-id"]!, timestamp: headers["webhook-timestamp"]!, headers: request.headers, body, payload, secret };
            this.received.push(received);
            const status = this.answer(received);
            setTimeout(() => response.writeHead(status).end(), this.delayMs);
            return;
          } catch (error) {
            lastError = error instanceof Error ? error.message : String(error);
          }
        }
        this.rejected.push({ headers: request.headers, body, error: lastError });
        response.writeHead(400).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path = "/hooks"): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  ofType(type: string): ReceivedWebhook[] {
    return this.received.filter((entry) => entry.payload.type === type);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * For a test file: private URLs allowed (the receiver is on 127.0.0.1, docs/webhooks.md#ssrf) and a
 * fresh receiver for each test, handed to `use` before the test runs and stopped after it.
 */
export function withWebhookReceiver(use: (receiver: WebhookReceiver) => void): void {
  let current: WebhookReceiver | null = null;
  beforeAll(() => {
    vi.stubEnv("WEBHOOKS_ALLOW_PRIVATE_URLS", "1");
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
  beforeEach(async () => {
    current = await new WebhookReceiver().start();
    use(current);
  });
  afterEach(async () => current?.stop());
}

import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { createSmtpMailer, type Mailer } from "../../src/server/notifications/mailer";

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps what it
 * receives, parsed. It can be stopped and started again on the same port to
 * play an SMTP outage; the mailer under test talks to it over TCP like to any server.
 */
export class SmtpCatcher {
  readonly messages: ParsedMail[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  async start(): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.messages.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  mailer(): Mailer {
    return createSmtpMailer({ host: "127.0.0.1", port: this.port, from: "Portal <portal@example.test>" });
  }

  subjects(): string[] {
    return this.messages.map((message) => message.subject ?? "");
  }
}

import nodemailer from "nodemailer";

export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  /** Stable per notice, so a receiving system can recognise the same message. */
  messageId: string;
}

export interface Mailer {
  /** Resolves once the SMTP server accepted the message; rejects on any refusal or connection failure. */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  describe: string;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure?: boolean;
  user?: string;
  password?: string;
  from?: string;
}

const DEFAULT_FROM = "MSP License Portal <no-reply@example.com>";

/** Sends through an SMTP server with nodemailer (one connection per message: the outbox is small). */
export function createSmtpMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure ?? false,
    auth: settings.user ? { user: settings.user, pass: settings.password ?? "" } : undefined,
    // A local catcher has no certificate worth checking; real servers negotiate STARTTLS as usual.
    tls: { rejectUnauthorized: settings.host !== "127.0.0.1" && settings.host !== "localhost" },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    describe: `smtp://${settings.host}:${settings.port}`,
    async send(email) {
      const info = await transport.sendMail({
        from: settings.from ?? DEFAULT_FROM,
        to: email.to,
        subject: email.subject,
        text: email.text,
        messageId: email.messageId,
      });
      return { messageId: info.messageId };
    },
  };
}

/** Development without SMTP_HOST: the message is printed instead of sent. */
function createConsoleMailer(): Mailer {
  return {
    describe: "console",
    async send(email) {
      console.log(`[email] to ${email.to.join(", ")} — ${email.subject}\n${email.text}\n`);
      return { messageId: email.messageId };
    },
  };
}

/** Production without SMTP_HOST: every send fails, so notices stay queued (and visible) until it is set. */
function createUnconfiguredMailer(): Mailer {
  return {
    describe: "unconfigured",
    async send() {
      throw new Error("SMTP_HOST is not set: emails cannot be sent.");
    },
  };
}

/**
 * The mailer from SMTP_* variables (see .env.example). Without SMTP_HOST,
 * development prints emails to the console; production keeps them queued.
 */
export function createMailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer {
  const host = env.SMTP_HOST?.trim();
  if (!host) return env.NODE_ENV === "production" ? createUnconfiguredMailer() : createConsoleMailer();
  return createSmtpMailer({
    host,
    port: Number(env.SMTP_PORT) || 587,
    secure: env.SMTP_SECURE === "true",
    user: env.SMTP_USER || undefined,
    password: env.SMTP_PASSWORD || undefined,
    from: env.SMTP_FROM || undefined,
  });
}

import { SMTPServer } from 'smtp-server';
import { freePort } from './processes';

export interface SunkMail {
  to: string[];
  raw: string;
}

/** A real SMTP server on a free loopback port that keeps every mail it receives (the tests' mail sink). */
export async function startSmtpSink(): Promise<{ url: string; mails: SunkMail[]; close: () => Promise<void> }> {
  const port = await freePort();
  const mails: SunkMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits until `predicate` finds a mail (the worker sends asynchronously). */
export async function waitForMail(mails: SunkMail[], predicate: (m: SunkMail) => boolean, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = mails.find(predicate);
    if (found) return found;
    if (Date.now() > until) throw new Error(`no matching mail within ${timeoutMs} ms (${mails.length} received)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

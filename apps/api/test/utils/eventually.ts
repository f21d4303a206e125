/**
 * Polls until `check` resolves truthy or the time is up. The time limit is generous (a busy machine must still
 * pass); the poll interval only bounds how soon after the condition holds the test goes on.
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | null | false | undefined>,
  timeoutMs: number,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export default async function globalTeardown() {
  await globalThis.__PORTAL_STACK__?.stop();
}

export { DEMO_ACCOUNTS, DEMO_FIRMS, loadDemoData, loadGoldenDemo, type DemoFirm } from './demo-data';
export * from './golden/golden-fixture';

export { DEMO_ACCOUNTS, DEMO_FIRMS, loadDemoData, loadGoldenDemo, type DemoFirm } from './demo-data';
export * from './golden/golden-fixture';
export { DEMO_TECH_FIRMS, DEMO_TECH_SOURCE, demoTechnologyRows, loadDemoTechnology } from './technology';
export { DemoSeedModule } from './seed.module';

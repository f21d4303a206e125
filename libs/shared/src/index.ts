export * from './api';
export * from './codes';
export * from './errors';
export * from './periods';
export * from './roles';
export * from './uscc';
export * from './returns';
export * from './workflow';

export { Layout } from './Layout';
export { theme } from './theme';
export { usePortalUser } from './usePortalUser';

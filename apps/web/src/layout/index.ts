export { Layout } from './Layout';
export { usePortalUser } from './usePortalUser';

import { CODE_LISTS, ECONOMY_GROUP_KINDS } from '@portal/shared';
import { QueryClient } from '@tanstack/react-query';
import { Admin, CustomRoutes, HttpError, Resource } from 'react-admin';
import { Route } from 'react-router';
import { NoAccess } from './common/NoAccess';
import { Layout, theme } from './layout';
import { Dashboard } from './pages/Dashboard';
import { AccountHelpPage, ResetPasswordPage, UnlockPage } from './pages/AccountPages';
import { LoginPage } from './pages/LoginPage';
import { createProviders } from './providers';
import { auditResource } from './resources/audit';
import { codeListResource } from './resources/codes';
import { economyGroupResources } from './resources/economy-groups';
import { enterpriseResource } from './resources/enterprises';
import { extensionRequestResource } from './resources/extension-requests';
import { importResource } from './resources/imports';
import { notificationResource } from './resources/notifications';
import { officialTableResource } from './resources/official-tables';
import { periodResource } from './resources/periods';
import { returnResource } from './resources/returns';
import { overdueResource, reviewInboxResource } from './resources/review';
import { ruleResource } from './resources/rules';
import { technologyContractResource } from './resources/technology-contracts';
import { userResource } from './resources/users';

const { authProvider, dataProvider, i18nProvider } = createProviders();

/** A refusal (4xx) stays a refusal: retrying it only keeps a 403 spinning before 无权访问 can show. */
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) => !(error instanceof HttpError && error.status < 500) && failures < 3,
    },
  },
});

export function App() {
  return (
    <Admin
      authProvider={authProvider}
      dataProvider={dataProvider}
      queryClient={queryClient}
      i18nProvider={i18nProvider}
      layout={Layout}
      theme={theme}
      dashboard={Dashboard}
      loginPage={LoginPage}
      accessDenied={NoAccess}
      requireAuth
      disableTelemetry
    >
      {/* Reached without a session: the mailed links open these. */}
      <CustomRoutes noLayout>
        <Route path="/account-help" element={<AccountHelpPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/unlock" element={<UnlockPage />} />
      </CustomRoutes>
      {CODE_LISTS.map((list) => (
        <Resource key={list} name={list} {...codeListResource} />
      ))}
      {ECONOMY_GROUP_KINDS.map((kind) => (
        <Resource key={kind} name={kind} {...economyGroupResources[kind]} />
      ))}
      <Resource name="enterprises" {...enterpriseResource} />
      <Resource name="returns" {...returnResource} />
      <Resource name="technology-contracts" {...technologyContractResource} />
      <Resource name="imports" {...importResource} />
      <Resource name="periods" {...periodResource} />
      <Resource name="extension-requests" {...extensionRequestResource} />
      <Resource name="users" {...userResource} />
      <Resource name="audit" {...auditResource} />
      <Resource name="review/inbox" {...reviewInboxResource} />
      <Resource name="review/overdue" {...overdueResource} />
      <Resource name="rules" {...ruleResource} />
      <Resource name="notifications" {...notificationResource} />
      <Resource name="official-tables" {...officialTableResource} />
    </Admin>
  );
}

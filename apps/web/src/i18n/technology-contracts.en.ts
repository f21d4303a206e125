import {
  CONTRACT_REGISTRATION_STATUS_LABELS,
  CONTRACT_VERSION_KIND_LABELS,
  TECHNOLOGY_CATEGORY_LABELS,
  TECHNOLOGY_CONTRACT_FIELD_LABELS,
} from '@portal/shared';

type Labels = Record<string, { zh: string; en: string }>;
/** The words of a shared label table in one language (the API's messages and the certificate use the same). */
export const wordsOf = (labels: Labels, language: 'zh' | 'en') =>
  Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, v[language]]));

/** Messages of the technology contract registration screens (merged in en.ts). */
export const technologyContractsEn = {
  techContracts: {
    menu: 'Technology contracts',
    my_menu: 'My technology contracts',
    create: 'Register a contract',
    fields: {
      ...wordsOf(TECHNOLOGY_CONTRACT_FIELD_LABELS, 'en'),
      status: 'Status',
      enterpriseName: 'Firm',
      periodCode: 'Quarter',
      materiality: 'Materiality',
      updatedAt: 'Updated',
    },
    status: wordsOf(CONTRACT_REGISTRATION_STATUS_LABELS, 'en'),
    kind: wordsOf(CONTRACT_VERSION_KIND_LABELS, 'en'),
    category: wordsOf(TECHNOLOGY_CATEGORY_LABELS, 'en'),
    direction: { EXPORT: 'Export', IMPORT: 'Import' },
    excel: {
      template: 'Excel template',
      import: 'Import from Excel',
    },
    actions: {
      save: 'Save draft',
      submit: 'File for registration',
      certificate: 'Download certificate',
      attachment: 'Contract scan',
      upload: 'Attach scan',
      register: 'Register',
      return: 'Return to firm',
      send_back: 'Send back to city',
      change: 'Apply for a change',
      cancel: 'Apply for cancellation',
    },
    reason: 'Reason',
    remark_field: 'Field the remark is about',
    remark: 'Remark on that field',
    saved: 'Draft saved',
    submitted: 'Filed; being checked',
    done: 'Done',
    refused: 'Not filed: fix these problems',
    checks: 'Checks (same rules as the server)',
    no_findings: 'No problems found',
    history: 'History',
    version: 'Version %{version}',
    review_title: 'Technology contract registrations',
  },
};

/** Registering firms, confirming them, profile versions, a firm's accounts and maker-checker; merged in en.ts. */
export const enterprisesEn = {
  enterprises: {
    fields: {
      uscc: 'Unified social credit code',
      nameZh: 'Name (Chinese)',
      regionCode: 'Registered region (district or city)',
      zoneCode: 'Development zone or park',
      natureCode: 'Enterprise nature',
      industryCode: 'Industry (GB/T 4754 section)',
      keyEnterprise: 'Key enterprise (重点联系企业)',
      advancedTech: 'Advanced-technology service enterprise',
      validFrom: 'Valid from',
      rejectionReason: 'Reason for rejection',
      username: 'User name',
      displayName: 'Name',
      email: 'E-mail',
      password: 'Initial password',
      roles: 'Roles',
      active: 'Active',
      lastLoginAt: 'Last login',
      actions: 'Actions',
    },
    uscc: {
      hint: '18 characters (GB 32100), checked as you type',
      progress: '%{count} of 18 characters',
      valid: 'Valid code (GB 32100)',
      length: 'A unified social credit code has 18 characters; this one has %{count}',
      charset:
        'Character %{position} ("%{char}") is not allowed: GB 32100 uses digits and capital letters except I, O, S, V and Z',
      division: 'Characters 3–8 ("%{division}") must be the six-digit administrative division code',
      check:
        'The check character (the 18th, "%{char}") does not match the first 17 characters: one of them is probably mistyped',
    },
    register: {
      title: 'Register an enterprise',
      intro:
        'The enterprise is registered as pending: a reviewer of its territory confirms it against its business licence before it files returns.',
      zone_required: 'Your bureau reviews firms of this region only in its zones: choose the zone',
      out_of_territory:
        'A firm placed here is reviewed by another bureau: you can only register firms of your territory',
      zone_hint: 'Only if the firm lies in a development zone or park; it is then counted under the zone',
      created: 'Enterprise registered; it awaits confirmation',
    },
    decision: {
      confirm: 'Confirm',
      reject: 'Reject',
      confirm_title: 'Confirm the registration of %{name}',
      confirm_text:
        'Check the unified social credit code %{uscc} and the name against the business licence. Once confirmed, the enterprise files returns.',
      reject_title: 'Reject the registration of %{name}',
      reject_text: 'The reason is kept with the registration and shown to whoever registered the enterprise.',
      reason: 'Reason',
      reason_short: 'Give a reason of at least 2 characters',
      confirmed: 'Registration of %{name} confirmed',
      rejected: 'Registration of %{name} rejected',
      pending_hint: 'This registration awaits confirmation by the reviewer of its territory.',
      rejected_hint: 'Registration rejected: %{reason}',
    },
    profiles: {
      title: 'Profile versions',
      intro: 'Each change takes effect from a date; the tables of a period use the version valid then.',
      empty: 'No profile versions yet.',
      current: 'Current',
      scheduled: 'Scheduled',
      past: 'Earlier',
      yes: 'Yes',
      no: 'No',
      record_change: 'Record a change',
      change_title: 'Record a profile change',
      change_hint:
        'Change only what changed. The other fields keep their values of the version valid on that date; a second change on the same date corrects that version.',
      nothing_changed: 'Change at least one field',
      saved: 'Profile change recorded from %{date}',
      error: 'The profile versions could not be loaded: %{message}',
      date_format: 'Enter the date as YYYY-MM-DD',
    },
    colleagues: {
      title: 'Accounts of the enterprise',
      intro: 'Everyone who files for this enterprise has an account of their own.',
      empty: 'No accounts.',
      invite: 'Invite a colleague',
      invite_title: 'Invite a colleague',
      invite_hint:
        'The account belongs to this enterprise only. Give the colleague the user name and the initial password.',
      username_hint: 'Lower-case letters, digits, dots, hyphens or underscores; 2 to 64 characters',
      username_invalid: 'Use lower-case letters, digits, dots, hyphens or underscores (2 to 64 characters)',
      password_hint: 'At least 10 characters with upper- and lower-case letters, a digit and a symbol',
      password_policy:
        'The password needs at least 10 characters with upper- and lower-case letters, a digit and a symbol',
      roles_hint:
        'A filer prepares and submits returns; a signatory also manages the accounts and, under maker-checker, is the only one who submits.',
      invited: 'Account %{username} created',
      never: 'Never',
      error: 'The accounts could not be loaded: %{message}',
    },
    maker_checker: {
      title: 'Maker-checker (填报-复核分离)',
      label: 'Only a signatory submits returns',
      explain:
        'When on, filers prepare and save the return but only a signatory (企业负责人) can submit it to the reviewers, so a second person checks every submission. When off, filers submit themselves.',
      on: 'On: filers prepare, a signatory submits.',
      off: 'Off: filers submit returns themselves.',
      no_signatory: 'The enterprise has no active signatory: with maker-checker on, nobody could submit.',
      switched_on: 'Maker-checker switched on',
      switched_off: 'Maker-checker switched off',
    },
  },
};

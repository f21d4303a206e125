/** The daily loop around a return: sent-back banners, no-access page, prior periods, final approval (merged in en.ts). */
export const cycleEn = {
  cycle: {
    bounce: {
      title_returned: 'This return was sent back',
      title_validation: 'This return was sent back to draft by the checks',
      returned: 'Returned by %{who} on %{at} (Beijing time). Reason: %{reason}',
      validation:
        'On %{at} (Beijing time) the checks found rules this return does not pass. Fix or explain each finding under "Checks", then submit again.',
      hint: 'Change the figures as the reason and the comments at the cells ask, then submit again.',
      home: 'Sent back: %{reason} (%{who}, %{at})',
      home_validation: 'Sent back to draft by the checks (%{at})',
      system: 'the checks',
    },
    no_access: {
      title: 'No access',
      body: 'Your account is not allowed to see this page. Ask your administrator if you need it.',
      home: 'Back to home',
    },
    prior: {
      this_period: 'This period',
      title: 'Earlier periods',
      year: 'Same quarter last year (%{period})',
      quarter: 'Previous quarter (%{period})',
      none: 'nothing submitted',
      hint: 'The figures of the same firm in its returns for %{year} and %{quarter}: the same category, partner, direction and currency, the same contract, the same headcount; the approved revision where there is one.',
      change: 'Change on last year: %{change}',
    },
    final: {
      button: 'Final approval',
      title: 'Final approval',
      body: 'This is the final level of review: once you confirm, the return is locked and its figures go into the official statistical tables. The firm can change it only through a correction request.',
    },
    extension: {
      reviewer: 'The firm has an extension until %{until} (Beijing time): %{reason}',
    },
    zero: {
      then_submit: 'Explain what the checks below ask for, then submit.',
      undo: 'Undo zero return',
      dialog: {
        title: 'Zero return for %{period}',
        intro:
          'The firm had neither services trade nor outsourcing business this quarter: the services-trade lines, contracts and executions of the draft are cleared (the workforce is kept) and the profile counts as confirmed. Check runs the rules that apply to a zero return first and shows their findings here; explain what they ask for here, then submit.',
        check: 'Check',
        checking: 'Running the checks for a zero return…',
        passed: 'The checks passed with nothing to explain. You can submit.',
        explain_all:
          'Explain the %{smart_count} finding(s) below; once all are explained you can submit (the explanations go to the reviewers with the return).',
        blocking:
          '%{smart_count} finding(s) must be fixed: the zero return cannot be submitted. Undo the zero return and fix the return first.',
        explained: 'Explained',
        save_failed: 'The draft could not be saved as a zero return; close this and fix what the return marks.',
        submit: 'Submit zero return',
        cancel: 'Undo zero return',
      },
    },
    unsaved_title: 'Leave with unsaved changes?',
    unsaved: 'Changes on this page are not saved yet. Leave anyway? What is not saved will be lost.',
    stay: 'Stay on this page',
    leave: 'Leave',
  },
};

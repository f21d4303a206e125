import { defaultTheme, type RaThemeOptions } from 'react-admin';

export const theme: RaThemeOptions = {
  ...defaultTheme,
  components: {
    ...defaultTheme.components,
    // Forms read better as a column than stretched across a wide screen.
    RaSimpleForm: { styleOverrides: { root: { maxWidth: 720 } } },
  },
};

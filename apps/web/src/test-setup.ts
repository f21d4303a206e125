import { configure } from '@testing-library/react';

// Tests wait on conditions; the time allowed is generous because the test machine is shared and often loaded
// (the library's default of one second made form tests flake there).
configure({ asyncUtilTimeout: 15_000 });

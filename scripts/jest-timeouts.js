/* global expect, jest */
/**
 * Jest accepts `testTimeout` only at the top level, not per project, so the integration and e2e
 * projects set theirs here (setupFilesAfterEnv runs in every test file of those projects). They talk to
 * a real broker and database; unit tests keep Jest's 5 s.
 */
const testPath = expect.getState().testPath || '';
jest.setTimeout(testPath.endsWith('.e2e-spec.ts') ? 180000 : 60000);

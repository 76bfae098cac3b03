import { flushFigures, markSections } from './figures';

// each test asserts its own failures; the figures of the file count them all
beforeEach(() => markSections());
// every test file's figures are written when it ends, passed or failed
afterAll(() => flushFigures(expect.getState().testPath ?? 'unknown'));

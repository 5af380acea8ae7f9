/**
 * The page's one script, served inline (page.ts hashes it into the Content-Security-Policy). Written as
 * typed TypeScript functions in browser/, checked by the compiler and the linter like the rest, and
 * served as their own text: `Function.prototype.toString` gives the compiled function, the same under
 * ts-jest (tests run from source) and from tsc's build/, so there is no bundler and nothing to copy. Each
 * function is therefore self-contained (no imports but types; test/emulator/page.test.ts checks it).
 *
 * Two rules hold it safe: what it fetches is narrowed to what it shows at once (browser/pageData.ts), and
 * it renders with `textContent` and `setAttribute` only (browser/pageView.ts).
 */
import { pageData } from './browser/pageData';
import { pageMain } from './browser/pageMain';
import { pageView } from './browser/pageView';

/** Strict for every function in it: the directive heads the script, the functions are expressions inside. */
export const PAGE_SCRIPT = `'use strict';
(${pageMain.toString()})(globalThis, ${pageData.toString()}, ${pageView.toString()});
`;

#!/usr/bin/env node
/**
 * `npm run bench [-- flags]`: the benchmark harness in bench/ (see bench/main.ts and the README's
 * Performance section), run from its TypeScript sources. `npm run bench -- --help` lists the flags.
 */
require('../bench/typescript-register');
require('../bench/main.ts');

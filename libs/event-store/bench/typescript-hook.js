/* global require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Lets plain `node` run the library's TypeScript sources for a benchmark: transpiles `.ts` on require
 * (no type check) and resolves the `@app/*` path aliases from tsconfig.json.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');
const tsconfigPaths = require('tsconfig-paths');

const root = path.resolve(__dirname, '../../..');
const tsconfig = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile).config;
const { options } = ts.convertCompilerOptionsFromJson(tsconfig.compilerOptions, root);

tsconfigPaths.register({ baseUrl: root, paths: tsconfig.compilerOptions.paths });

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { ...options, sourceMap: false, inlineSourceMap: false },
    fileName: filename,
  });
  module._compile(outputText, filename);
};

/**
 * Lets plain `node` run the repository's TypeScript as it stands, without a build: `.ts` files are
 * transpiled when required (no type check; `npm run typecheck` does that) and the `@app/*` path
 * aliases resolve to `libs/<name>/src`. The benchmark harness and the services it starts use it
 * (`node -r ./bench/typescript-register.js apps/contracts/src/main.ts`). Transpiled files are cached
 * by content hash under node_modules/.cache, so a service starts in seconds on a busy machine.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const Module = require('module');

const ROOT = path.resolve(__dirname, '..');
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'bench-typescript');
const ALIAS = /^@app\/(event-contracts|event-store|platform|testing)(\/.*)?$/;
const tsconfigText = fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8');
const typescriptVersion = require('typescript/package.json').version;

let compiler;
/** Loading the compiler costs a second or more: only on a cache miss. */
function transpiler() {
  if (compiler) return compiler;
  const ts = require('typescript');
  const { options } = ts.convertCompilerOptionsFromJson(JSON.parse(tsconfigText).compilerOptions, ROOT);
  const compilerOptions = { ...options, sourceMap: false, inlineSourceMap: true, declaration: false };
  compiler = (source, fileName) => ts.transpileModule(source, { compilerOptions, fileName }).outputText;
  return compiler;
}

function transpiled(source, filename) {
  const key = crypto
    .createHash('sha1')
    .update(typescriptVersion)
    .update(tsconfigText)
    .update(filename)
    .update(source)
    .digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const output = transpiler()(source, filename);
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Write then rename: services started side by side never read a half-written file.
    const partial = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(partial, output);
    fs.renameSync(partial, cached);
    return output;
  }
}

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, parent, isMain, resolveOptions) {
  const alias = ALIAS.exec(request);
  const target = alias ? path.join(ROOT, 'libs', alias[1], 'src', alias[2] ?? '') : request;
  return resolveFilename.call(this, target, parent, isMain, resolveOptions);
};

require.extensions['.ts'] = (module, filename) => {
  module._compile(transpiled(fs.readFileSync(filename, 'utf8'), filename), filename);
};

// Test-only preload: records the URL of every module the process imports, one per line, in the file named
// by TRACK_IMPORTS_FILE. Appended synchronously from the loader's own thread, so a process that ends with
// process.exit() still leaves a complete list.
import { register } from 'node:module';

const file = process.env.TRACK_IMPORTS_FILE;
if (!file) throw new Error('trackImports.mjs needs TRACK_IMPORTS_FILE');
const hooks = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(file, resolved.url + '\\n');
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { file } });

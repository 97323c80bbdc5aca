import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/**
 * Bundles and minifies `entry` (TypeScript exporting `names: string[]`) the way the Lambda functions are
 * built, runs it, and returns `names`: what class names look like after minification renames classes.
 * `fromDir` is the directory the entry's relative imports resolve from.
 */
export async function namesInMinifiedBundle(entry: string, fromDir: URL): Promise<string[]> {
  const built = await esbuild.build({
    stdin: { contents: entry, resolveDir: fileURLToPath(fromDir), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  const code = built.outputFiles[0]?.text ?? '';
  const { names } = (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as { names: string[] };
  return names;
}

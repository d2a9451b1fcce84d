import { relative } from 'node:path';
import * as prettier from 'prettier';
import { projectRoot } from '../platform/project.js';

/**
 * A file's text laid out as `npm run format` lays it out (.prettierrc.json, .prettierignore), for the
 * scripts that write source files: what they write passes `npm run format:check` as it is.
 */
export async function formatted(file: string, text: string): Promise<string> {
  const info = await prettier.getFileInfo(file, { ignorePath: `${projectRoot}/.prettierignore` });
  if (info.ignored || info.inferredParser === null) return text;
  const options = await prettier.resolveConfig(file);
  return prettier.format(text, { ...options, filepath: relative(projectRoot, file) });
}

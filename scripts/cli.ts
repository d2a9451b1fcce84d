/**
 * The command line of every `npm run` script: `--help` (or `-h`) prints its usage and exits 0; a
 * flag it does not know, or a flag without its value, prints one line naming it and exits 2. Never
 * a stack trace. Node's own `parseArgs` reads the flags.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CommandLine<T extends ParseArgsConfig> {
  /** The npm script, e.g. `token`: it opens every message. */
  readonly name: string;
  /** What `--help` prints: starts with `usage: npm run <name> …`. */
  readonly usage: string;
  /** parseArgs's options and whether positionals are allowed; `args` defaults to the process's. */
  readonly config: T;
}

/** Bad input: one line on stderr naming the script, then exit 2. */
export function refuse(name: string, message: string): never {
  console.error(`${name}: ${message} (npm run ${name} -- --help)`);
  process.exit(2);
}

/** `--help` anywhere before a `--` that ends the flags. */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** Node's message without its advice on positionals that start with "-", which is not ours. */
export const firstSentence = (message: string): string => message.split(/\.\s|\n/)[0] ?? message;

/** Reads the script's flags, or answers `--help`, or refuses a bad one; strict whatever `config` says. */
export function readCommandLine<T extends ParseArgsConfig>({
  name,
  usage,
  config,
}: CommandLine<T>): ReturnType<typeof parseArgs<T & { strict: true }>> {
  const args = config.args ?? process.argv.slice(2);
  if (asksForHelp(args)) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs<T & { strict: true }>({ ...config, args, strict: true });
  } catch (error) {
    return refuse(name, firstSentence(error instanceof Error ? error.message : String(error)));
  }
}

/**
 * A script whose `<script>:check` is itself with `--check` (compose, codegen, format): the name it
 * runs under, which opens its messages, and the usage lines of both, that name's first.
 */
export function checkVariant(script: string, runUsage = `npm run ${script}`): { readonly name: string; readonly usageLines: string } {
  const checking = process.argv.includes('--check');
  const lines = [runUsage, `npm run ${script}:check`];
  const [first, second] = checking ? lines.reverse() : lines;
  return { name: checking ? `${script}:check` : script, usageLines: `usage: ${first ?? ''}\n       ${second ?? ''}` };
}

/**
 * `symfold`: the headless command line that shares its engine with the extension.
 * Global flags: --json (JSON-lines events on stdout), --help, --version.
 */
import { COMMANDS } from './commands';
import { UsageError, UserError } from './command';
import { createContext } from './context';
import { version } from '../../package.json';

function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `symfold ${version}: score, view and train segmentation masks that must be symmetric`,
    '',
    'Usage: symfold <command> [options]      (symfold <command> --help for its options)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    '  --json      one JSON event a line on stdout (for scripts and the VS Code extension)',
    '  --help      this text',
    '  --version   the version',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainUsage() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(version + '\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`symfold: unknown command '${name}'\n\n${mainUsage()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }

  // The first SIGINT/SIGTERM asks the command to stop at a safe point; a second one exits at once.
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) process.exit(130);
    process.stderr.write(`\nsymfold: ${sig} received, stopping at the next safe point…\n`);
    controller.abort(new Error(sig));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const ctx = createContext({
    json,
    tty: Boolean(process.stderr.isTTY),
    signal: controller.signal,
  });
  try {
    return await command.run(rest, ctx);
  } catch (err) {
    // node:util parseArgs throws for unknown or malformed options: that is a usage error too.
    const parseArgsError = String((err as { code?: unknown }).code ?? '').startsWith(
      'ERR_PARSE_ARGS_',
    );
    if (err instanceof UsageError || parseArgsError) {
      const message = (err as Error).message;
      ctx.emit({ event: 'error', message });
      process.stderr.write(`symfold ${name}: ${message}\n\n${command.usage}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    const file = err instanceof UserError ? err.file : (err as { file?: string }).file;
    ctx.emit({ event: 'error', message, ...(file ? { file } : {}) });
    if (err instanceof UserError || (err as { file?: string }).file) {
      process.stderr.write(`symfold ${name}: ${message}\n`);
    } else {
      process.stderr.write(
        `symfold ${name}: ${err instanceof Error && err.stack ? err.stack : message}\n`,
      );
    }
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Runs the CLI on this process's arguments and sets the exit code. */
export function runFromProcess(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`symfold: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) runFromProcess();

import { BranchlineError } from '@branchline/shared';

/** Reads a line from the terminal without showing what is typed. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new BranchlineError('invalid_argument', 'cancelled'));
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    process.stderr.write(prompt);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/**
 * A password never comes from the command line (it would sit in the shell history and the process
 * list): BRANCHLINE_OPERATOR_PASSWORD, else the first line of standard input when it is piped,
 * else a prompt that does not echo (asked twice when `confirm`, for a new password).
 */
export async function readPassword(env: NodeJS.ProcessEnv, options: { confirm: boolean }): Promise<string> {
  if (env.BRANCHLINE_OPERATOR_PASSWORD) return env.BRANCHLINE_OPERATOR_PASSWORD;
  if (!process.stdin.isTTY) {
    const line = await firstLineOfStdin();
    if (line === '')
      throw new BranchlineError(
        'invalid_argument',
        'no password: set BRANCHLINE_OPERATOR_PASSWORD or pipe it on standard input',
      );
    return line;
  }
  const password = await promptHidden('password: ');
  if (options.confirm && (await promptHidden('password again: ')) !== password)
    throw new BranchlineError('invalid_argument', 'the two passwords differ');
  return password;
}

import { runCli } from '../../src/cli/main';

/** The command line run in-process, its output captured. */
export async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** The command line run in-process when it must succeed: its output and errors interleaved, or a throw naming the exit code. */
export async function runOk(...argv: string[]): Promise<string> {
  let out = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (out += t) });
  if (code !== 0) throw new Error(`phuluc ${argv[0]} exited ${code}: ${out}`);
  return out;
}

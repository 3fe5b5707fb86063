import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

const PROJECT_ROOT = path.join(__dirname, '..', '..', '..');

/** Whether tmux is on this machine: the terminal tests need a real pseudo-terminal, which tmux gives. */
export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

/**
 * A command in a real pseudo-terminal (a detached tmux session): what a person sees is the pane's text, read with
 * capture-pane at the moments a test chooses, and Ctrl-C is a key sent to it, as a person presses it.
 */
export class TerminalSession {
  private readonly name = `rc-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(command: string, options: { width?: number; height?: number; env?: Record<string, string> } = {}) {
    const env = Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${shellQuote(value)}`);
    // The exit code is printed on the pane, and the shell stays so the last screen can still be read.
    const script = `cd ${shellQuote(PROJECT_ROOT)} && env ${env.join(' ')} ${command}; echo "EXIT=$?"; sleep 600`;
    tmux(
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      String(options.width ?? 160),
      '-y',
      String(options.height ?? 50),
      script,
    );
  }

  /** The screen as a person sees it now (trailing blank lines dropped). */
  screen(): string {
    return tmux('capture-pane', '-p', '-t', this.name).replace(/\n+$/, '');
  }

  /** Waits until the screen matches, polling it; fails with the last screen. */
  async waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`the screen never showed ${pattern}; it shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  pressCtrlC(): void {
    tmux('send-keys', '-t', this.name, 'C-c');
  }

  close(): void {
    spawnSync('tmux', ['kill-session', '-t', this.name]);
  }
}

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * The messages `cdktf synth` prints, for the check to print too (issue #21 item 7): CDKTF
 * records every construct's annotations per stack in manifest.json (`stacks.<name>.
 * annotations`: constructPath, level `@cdktf/info|warn|error`, message and, for
 * `Annotations.of(...)`, a stack trace). The library's own (rollout progress, a rollout
 * without joinHealth, secrets in local state, a missing management kubeconfig) are
 * written there without a trace (src/private/annotations.ts). CDKTF itself adds only
 * warnings. Pure module: no CDKTF import (the check reads JSON the app wrote).
 */

/** One annotation of a stack, as the check prints it. */
export interface StackMessage {
  readonly level: 'error' | 'warning' | 'info';
  readonly constructPath: string;
  readonly message: string;
}

/** manifest.json's level names; any other entry is not an annotation and is skipped. */
const LEVELS: Record<string, StackMessage['level']> = {
  '@cdktf/error': 'error',
  '@cdktf/warn': 'warning',
  '@cdktf/info': 'info',
};

/**
 * Each stack's annotations in a parsed manifest.json, errors first, then warnings, then
 * infos, each in the order CDKTF recorded them (construct tree order). Stack traces are
 * left out: they hold the synthesizing machine's paths and say nothing of the stack.
 */
export function stackMessages(manifest: any): Record<string, StackMessage[]> {
  const order = Object.values(LEVELS);
  return Object.fromEntries(
    Object.entries<any>(manifest?.stacks ?? {}).map(([stack, entry]) => {
      const annotations: any[] = Array.isArray(entry?.annotations) ? entry.annotations : [];
      const messages = annotations.flatMap((annotation): StackMessage[] => {
        const level = LEVELS[String(annotation?.level)];
        if (!level || typeof annotation.message !== 'string') return [];
        return [
          {
            level,
            constructPath: String(annotation.constructPath ?? ''),
            message: annotation.message,
          },
        ];
      });
      messages.sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
      return [stack, messages];
    }),
  );
}

/**
 * The lines the check prints for a stack's messages: `warning: <message>`, naming the
 * construct path where the message does not start with it (the library's do). The text
 * is the app's to write, and lands in a CI log: control characters (terminal
 * escapes) and bidirectional overrides become `?`, and continuation lines are indented under their message.
 */
export function messageLines(messages: readonly StackMessage[], indent = '   '): string[] {
  return messages.flatMap(({ level, constructPath, message }) => {
    const text =
      constructPath && !message.startsWith(constructPath)
        ? `${constructPath}: ${message}`
        : message;
    const [first, ...rest] = printable(text).split('\n');
    const pad = ' '.repeat(level.length + 2);
    return [`${indent}${level}: ${first}`, ...rest.map((line) => `${indent}${pad}${line}`)];
  });
}

/**
 * The warnings in terraform's output of a plan that passed, as lines to print: the
 * library's version and machine-spec notes are `check` blocks, whose failed assertions
 * terraform reports as warnings (after the plan, in `-no-color` form: `Warning: <summary>`,
 * the source it points at, indented, then the message). The source lines are left out:
 * they hold whole expressions of the stack's JSON.
 */
export function terraformWarningLines(output: string, indent = '   '): string[] {
  const lines: string[] = [];
  let inWarning = false;
  for (const line of output.split('\n')) {
    const diagnostic = /^(Warning|Error): (.*)$/.exec(line);
    if (diagnostic) {
      inWarning = diagnostic[1] === 'Warning';
      if (inWarning) lines.push(`${indent}terraform warning: ${printable(diagnostic[2])}`);
    } else if (inWarning && line.trim() !== '' && !line.startsWith(' ')) {
      lines.push(`${indent}  ${printable(line)}`);
    }
  }
  return lines;
}

/** Control characters but tab and newline, and bidirectional overrides (Trojan Source). */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function printable(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNPRINTABLE, '?');
}

/**
 * The external trainer setting (symfold.engine.command), e.g.
 *   python3 train.py --data ${dataset} --axis ${axis} --out "${out}" --epochs ${epochs}
 *   ssh gpu-box sbatch --wait train.sh ${dataset} ${out}
 *
 * The template is split into words first (shell-like quoting) and the placeholders are filled in
 * afterwards, inside each word. The program runs without a shell, so a dataset path with spaces
 * or quotes stays one argument and can never inject a command. Pipes and redirections are not
 * supported: put them in a script and call that.
 */

export const TEMPLATE_PLACEHOLDERS = ['dataset', 'axis', 'out', 'epochs'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];
export type TemplateValues = Record<TemplatePlaceholder, string>;

export class TemplateError extends Error {}

/** Splits a command line into words: whitespace separates, '…' is literal, "…" allows \" and \\. */
export function splitCommandLine(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if ('|&;<>`'.includes(c)) {
      throw new TemplateError(
        `the trainer command may not contain '${c}': it runs without a shell. ` +
          'Put pipes and redirections in a script and call the script.',
      );
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new TemplateError(`the trainer command has an unclosed ${quote} quote`);
  if (inWord) words.push(word);
  return words;
}

/**
 * Returns the program and its arguments with every ${name} replaced. Unknown placeholders are an
 * error rather than left in place, so a typo such as ${dataste} fails before anything runs.
 */
export function expandCommandTemplate(
  template: string,
  values: TemplateValues,
): { command: string; args: string[] } {
  const words = splitCommandLine(template);
  if (words.length === 0)
    throw new TemplateError('the trainer command (symfold.engine.command) is empty');
  const expanded = words.map((word) =>
    word.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
      if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
        throw new TemplateError(
          `unknown placeholder \${${name}} in the trainer command; use ` +
            TEMPLATE_PLACEHOLDERS.map((p) => `\${${p}}`).join(', '),
        );
      }
      return values[name as TemplatePlaceholder];
    }),
  );
  return { command: expanded[0], args: expanded.slice(1) };
}

/** For the log: a command line a person could paste into a POSIX shell. */
export function quoteForDisplay(words: readonly string[]): string {
  return words
    .map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

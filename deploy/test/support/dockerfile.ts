import { validate } from 'dockerfile-utils';

/** dockerfile-utils' diagnostics (the Docker language server's checks), one line each. */
export function dockerfileProblems(text: string): string[] {
  return validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
}

/** Workspaces whose package.json the Dockerfile does not copy before `npm install`. */
export function workspacesNotCopied(text: string, workspaces: string[]): string[] {
  const copied = new Set(
    [...text.matchAll(/^COPY\s+(?!--from)(.+)$/gm)].flatMap((m) => (m[1] ?? '').split(/\s+/).slice(0, -1)),
  );
  return workspaces.filter((ws) => !copied.has(`${ws}/package.json`));
}

/**
 * axe-core in the browser tests: the rules of WCAG 2.0/2.1 A and AA, WCAG 2.2 AA and Deque's best
 * practices, run on the whole page; a violation of impact "serious" or "critical" is a finding.
 * axe runs from node_modules (its axe.min.js evaluated in the page through the DevTools protocol,
 * which the page's Content-Security-Policy does not govern): nothing is fetched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { ROOT } from './harness';

let source: string | undefined;
const axeSource = (): string => (source ??= fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const COUNTED: readonly string[] = ['serious', 'critical'];

/**
 * Findings not counted: one rule on the elements one selector matches, each with the reason it
 * cannot be fixed from the pane. Nothing broader.
 */
const EXCLUDED: readonly { rule: string; selector: string; why: string }[] = [
  {
    rule: 'aria-hidden-focus',
    // Fluent's TabList moves between tabs with the arrow keys through tabster, whose Mover puts an
    // <i tabindex=0 aria-hidden=true data-tabster-dummy> before and after the tabs. They are focus
    // bumpers by design (microsoft/fluentui#27517 "By Design", microsoft/tabster#288): a bumper
    // passes the focus on the moment it gets it, and is hidden so that screen readers never stop
    // on it. The pane cannot remove them without giving up the TabList's arrow keys; the keyboard
    // walk in sequence.test.ts shows that Tab never rests on one.
    selector: '[role=tablist] > i[data-tabster-dummy]',
    why: 'tabster focus bumpers of the TabList',
  },
];

/**
 * The serious and critical violations axe finds on the page as it is now, one readable line per
 * element: "label: rule (impact) at selector: what fails".
 */
export async function axeFindings(page: Page, label: string): Promise<string[]> {
  if (!(await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object'))) {
    // a plain script (UMD): evaluated at the top level it defines window.axe
    await page.evaluate(`${axeSource()}\n;void 0`);
  }
  // the page as it settles: a colour read halfway through Fluent's transitions (a button fading
  // from disabled to enabled, a message bar appearing) is no colour the user is left with
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
          .map((a) => a.finished.catch(() => undefined)),
      ),
      new Promise((resolve) => setTimeout(resolve, 2_000)),
    ]),
  );
  const found = await page.evaluate(
    async ({ tags, counted, excluded }) => {
      const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeResults> } }).axe;
      const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], elementRef: true });
      const out: { rule: string; impact: string; help: string; target: string; summary: string }[] = [];
      for (const v of results.violations) {
        for (const n of v.nodes) {
          const impact = n.impact ?? v.impact ?? 'unknown';
          if (!counted.includes(impact)) continue;
          const element = (n as unknown as { element?: Element }).element;
          if (element && excluded.some((x) => x.rule === v.id && element.matches(x.selector))) continue;
          const target = n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' ');
          out.push({ rule: v.id, impact, help: v.help, target, summary: n.failureSummary ?? '' });
        }
      }
      return out;
    },
    { tags: TAGS, counted: [...COUNTED], excluded: EXCLUDED.map(({ rule, selector }) => ({ rule, selector })) },
  );
  return found.map((f) => {
    const summary = f.summary
      .replace(/\s*\n\s*/g, ' ')
      .replace(/^Fix (any|all) of the following: /, '')
      .slice(0, 300);
    return `${label}: ${f.rule} (${f.impact}) at ${f.target}: ${summary || f.help}`;
  });
}

/** Throws with every finding's line when axe finds anything serious or critical. */
export async function expectAxeClean(page: Page, label: string): Promise<void> {
  const lines = await axeFindings(page, label);
  if (lines.length > 0) throw new Error(`axe-core found ${lines.length} serious or critical violation(s):\n${lines.join('\n')}`);
}

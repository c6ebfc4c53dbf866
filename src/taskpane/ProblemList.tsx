import { Badge, Caption1 } from '@fluentui/react-components';
import { formatProblem } from '../core/i18n/messages';
import { sortProblems, type Problem } from '../core/problems';
import { usePane } from './context';

/** Problems, errors first; each names its file, sheet and cell. Clickable when the host can select cells. */
export function ProblemList({ problems, onSelect }: { problems: readonly Problem[]; onSelect?: (p: Problem) => void }) {
  const { t, lang } = usePane();
  if (problems.length === 0) return null;
  const ordered = [...sortProblems(problems)].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <div>
      {onSelect ? <Caption1>{t.problemSelectHint}</Caption1> : null}
      <ul className="problems" aria-label={t.tabCheck}>
        {ordered.map((p, i) => {
          const place = [p.where.file, p.where.sheet, p.where.cell].filter(Boolean).join(' › ');
          const body = (
            <>
              <Badge appearance="filled" color={p.severity === 'error' ? 'danger' : 'warning'} size="small">
                {p.severity === 'error' ? t.severityError : t.severityWarning}
              </Badge>{' '}
              <span className="place">{place}</span>
              {p.code ? <span className="code"> [{p.code}]</span> : null}
              <div className="message">{formatProblem(p, lang, t.problemHow)}</div>
            </>
          );
          return (
            <li key={i} className={`problem ${p.severity}`}>
              {onSelect && p.where.cell ? (
                <button type="button" className="problem-button" onClick={() => onSelect(p)}>
                  {body}
                </button>
              ) : (
                body
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** How many errors each file has, by the file's name as picked: what a list of files shows beside each. */
export function errorsByFile(problems: readonly Problem[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of problems) {
    if (p.severity !== 'error' || !p.where.file) continue;
    out.set(p.where.file, (out.get(p.where.file) ?? 0) + 1);
  }
  return out;
}

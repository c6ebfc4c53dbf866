import { Caption1, Subtitle2 } from '@fluentui/react-components';
import { formatDateVi } from '../core/dates';
import { UI } from '../core/i18n/ui';
import { reasonCategory } from '../core/problems';
import type { SubmissionStatus } from '../core/status';
import { usePane } from './context';

/**
 * "Tình hình nộp" in the pane: the units to chase first (not sent, most overdue first; sent but held
 * back, with why), then how many are in; each with the roster's contacts when it has them.
 */
export function StatusView({ status, contactHeaders }: { status: SubmissionStatus; contactHeaders: readonly string[] }) {
  const { t, lang } = usePane();
  const ui = UI[lang];
  const { counts } = status;
  const toChase = status.rows.filter((r) => r.status !== 'included');
  return (
    <section className="status-view" aria-label={t.statusTitle}>
      <Subtitle2 as="h2">{t.statusTitle}</Subtitle2>
      <Caption1 block>
        {t.statusCounts(counts.included, counts.excluded, counts.missing)}
        {status.deadline ? ` (${formatDateVi(status.deadline)})` : ''}
      </Caption1>
      {toChase.length > 0 ? (
        <ul className="problems">
          {toChase.map((row, i) => {
            const why = [...new Set(row.reasons.map((r) => ui.reason[reasonCategory(r)])), ...row.flags.map((f) => ui.unitFlag[f]), ui.statusDays(row.daysLate)]
              .filter(Boolean)
              .join('; ');
            const contacts = row.contacts
              .map((c, k) => (c ? `${contactHeaders[k] ?? ''}: ${c}` : ''))
              .filter(Boolean)
              .join(' · ');
            return (
              <li key={i} className={`problem ${row.status === 'missing' ? 'error' : 'warning'}`}>
                <span className="place">{[row.unitCode, row.unit].filter(Boolean).join(' – ')}</span> — {ui.unitStatus[row.status]}
                {why ? <div className="message">{why}</div> : null}
                {contacts ? <div className="message">{contacts}</div> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {counts.included > 0 && toChase.length > 0 ? <Caption1 block>{t.statusIncludedMore(counts.included)}</Caption1> : null}
    </section>
  );
}

import { Caption1, FluentProvider, MessageBar, MessageBarBody, Tab, TabList, ToggleButton, webLightTheme } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppHost } from '../app/host';
import type { Lang } from '../core/model';
import { PANE } from '../core/i18n/pane';
import { CheckTab } from './CheckTab';
import { ConsolidateTab } from './ConsolidateTab';
import { AnnounceContext, HostContext, LangContext } from './context';
import { InsertTab } from './InsertTab';
import { ReportTab } from './ReportTab';
import './styles';

type TabId = 'insert' | 'check' | 'consolidate' | 'report';

export function App({ host, initialLang = 'vi' }: { host: AppHost; initialLang?: Lang }) {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [tab, setTab] = useState<TabId>('insert');
  const t = PANE[lang];
  // One polite and one assertive live region for the whole pane, fed by the tabs (see Outcome).
  // Emptied first, then filled a moment later, so the same text said twice is read twice.
  const [spoken, setSpoken] = useState({ polite: '', assertive: '' });
  const pending = useRef<ReturnType<typeof setTimeout>>();
  const announce = useCallback((text: string, urgent: boolean) => {
    clearTimeout(pending.current);
    setSpoken({ polite: '', assertive: '' });
    pending.current = setTimeout(() => setSpoken(urgent ? { polite: '', assertive: text } : { polite: text, assertive: '' }), 50);
  }, []);
  useEffect(() => () => clearTimeout(pending.current), []);
  return (
    <FluentProvider theme={webLightTheme} lang={lang}>
      <HostContext.Provider value={host}>
        <LangContext.Provider value={lang}>
          <AnnounceContext.Provider value={announce}>
            <main className="app">
              <header className="header">
                <h1>{t.appTitle}</h1>
                <ToggleButton size="small" checked={lang === 'en'} onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')} aria-label={t.language}>
                  {lang === 'vi' ? 'EN' : 'VI'}
                </ToggleButton>
              </header>
              <Caption1>{host.mode === 'excel' ? t.modeExcel : t.modeFile}</Caption1>
              {host.limitations.length > 0 ? (
                <MessageBar intent="warning">
                  <MessageBarBody>
                    {t.limitations} {host.limitations.join('; ')}
                  </MessageBarBody>
                </MessageBar>
              ) : null}
              <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabId)} size="small">
                <Tab value="insert" aria-label={t.tabInsert} title={t.tabInsert}>
                  {t.tabInsertShort}
                </Tab>
                <Tab value="check">{t.tabCheck}</Tab>
                <Tab value="consolidate">{t.tabConsolidate}</Tab>
                <Tab value="report">{t.tabReport}</Tab>
              </TabList>
              <section role="tabpanel" aria-label={{ insert: t.tabInsert, check: t.tabCheck, consolidate: t.tabConsolidate, report: t.tabReport }[tab]}>
                {tab === 'insert' ? <InsertTab /> : tab === 'check' ? <CheckTab /> : tab === 'consolidate' ? <ConsolidateTab /> : <ReportTab />}
              </section>
              <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="announce-polite">
                {spoken.polite}
              </div>
              <div className="sr-only" aria-live="assertive" aria-atomic="true" data-testid="announce-assertive">
                {spoken.assertive}
              </div>
            </main>
          </AnnounceContext.Provider>
        </LangContext.Provider>
      </HostContext.Provider>
    </FluentProvider>
  );
}

import { Caption1, FluentProvider, MessageBar, MessageBarBody, Tab, TabList, ToggleButton, webLightTheme } from '@fluentui/react-components';
import { useState } from 'react';
import type { AppHost } from '../app/host';
import type { Lang } from '../core/model';
import { PANE } from '../core/i18n/pane';
import { CheckTab } from './CheckTab';
import { ConsolidateTab } from './ConsolidateTab';
import { HostContext, LangContext } from './context';
import { InsertTab } from './InsertTab';
import { ReportTab } from './ReportTab';
import './styles';

type TabId = 'insert' | 'check' | 'consolidate' | 'report';

export function App({ host, initialLang = 'vi' }: { host: AppHost; initialLang?: Lang }) {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [tab, setTab] = useState<TabId>('insert');
  const t = PANE[lang];
  return (
    <FluentProvider theme={webLightTheme} lang={lang}>
      <HostContext.Provider value={host}>
        <LangContext.Provider value={lang}>
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
          </main>
        </LangContext.Provider>
      </HostContext.Provider>
    </FluentProvider>
  );
}

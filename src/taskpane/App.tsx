import { Button, Caption1, FluentProvider, MessageBar, MessageBarBody, Tab, TabList, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { AppHost, PickedFile } from '../app/host';
import type { Lang } from '../core/model';
import { PANE } from '../core/i18n/pane';
import { CheckTab } from './CheckTab';
import { ConsolidateTab } from './ConsolidateTab';
import { AnnounceContext, DropContext, HandoverContext, HostContext, LangContext, TabShownContext, type DropHandler, type Handover } from './context';
import { readFiles } from './FilePicker';
import { InsertTab } from './InsertTab';
import { ReportTab } from './ReportTab';
import './styles';

type TabId = 'insert' | 'check' | 'consolidate' | 'report';
const TABS: readonly TabId[] = ['insert', 'check', 'consolidate', 'report'];

export function App({ host, initialLang = 'vi', dark = false }: { host: AppHost; initialLang?: Lang; dark?: boolean }) {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [tab, setTab] = useState<TabId>('insert');
  const t = PANE[lang];
  const file = host.mode === 'file';
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

  // Files dropped on the pane (file mode) go to the picker of the tab in view that takes them.
  const dropHandler = useRef<DropHandler>();
  const drops = useMemo(
    () => ({
      register(handler: DropHandler) {
        dropHandler.current = handler;
        return () => {
          if (dropHandler.current === handler) dropHandler.current = undefined;
        };
      },
    }),
    [],
  );
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  const dropProps = file
    ? {
        onDragEnter: (e: DragEvent) => {
          if (!carriesFiles(e)) return;
          dragDepth.current += 1;
          setDragging(true);
        },
        onDragLeave: (e: DragEvent) => {
          if (!carriesFiles(e)) return;
          dragDepth.current = Math.max(0, dragDepth.current - 1);
          if (dragDepth.current === 0) setDragging(false);
        },
        onDragOver: (e: DragEvent) => {
          if (!carriesFiles(e)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = dropHandler.current ? 'copy' : 'none';
        },
        onDrop: (e: DragEvent) => {
          if (!carriesFiles(e)) return;
          e.preventDefault();
          dragDepth.current = 0;
          setDragging(false);
          const handler = dropHandler.current;
          const list = Array.from(e.dataTransfer.files);
          if (!handler) {
            announce(t.dropNowhere, true);
            return;
          }
          void readFiles(list).then(handler);
        },
      }
    : {};

  // The summary just made, handed to "Báo cáo" in one click.
  const [reportRequest, setReportRequest] = useState<Handover['reportRequest']>();
  const handover = useMemo<Handover>(
    () => ({
      reportRequest,
      openReport(summary?: PickedFile) {
        setReportRequest((last) => ({ seq: (last?.seq ?? 0) + 1, ...(summary ? { summary } : {}) }));
        setTab('report');
      },
    }),
    [reportRequest],
  );

  const labels: Record<TabId, string> = { insert: file ? t.tabInsertFile : t.tabInsert, check: t.tabCheck, consolidate: t.tabConsolidate, report: t.tabReport };
  const panels: Record<TabId, ReactNode> = { insert: <InsertTab />, check: <CheckTab />, consolidate: <ConsolidateTab />, report: <ReportTab /> };
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} lang={lang} className="provider">
      <HostContext.Provider value={host}>
        <LangContext.Provider value={lang}>
          <AnnounceContext.Provider value={announce}>
            <DropContext.Provider value={drops}>
              <HandoverContext.Provider value={handover}>
                <main className={`app${dragging ? ' dragging' : ''}`} {...dropProps}>
                  <header className="header">
                    <h1>{t.appTitle}</h1>
                    {/* the name says what pressing does, and holds the text shown (WCAG 2.5.3) */}
                    <Button
                      size="small"
                      onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
                      aria-label={t.switchLanguage}
                      title={t.switchLanguage}
                      data-testid="switch-language"
                    >
                      {lang === 'vi' ? 'EN' : 'VI'}
                    </Button>
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
                    {TABS.map((id) => (
                      <Tab
                        key={id}
                        id={`tab-${id}`}
                        value={id}
                        aria-controls={`panel-${id}`}
                        {...(id === 'insert' ? { 'aria-label': labels.insert, title: labels.insert } : {})}
                      >
                        {id === 'insert' ? (file ? t.tabInsertFileShort : t.tabInsertShort) : labels[id]}
                      </Tab>
                    ))}
                  </TabList>
                  {/* every tab stays mounted, so picks and results are kept when the user looks elsewhere */}
                  {TABS.map((id) => (
                    <section key={id} id={`panel-${id}`} role="tabpanel" aria-labelledby={`tab-${id}`} hidden={tab !== id}>
                      <TabShownContext.Provider value={tab === id}>{panels[id]}</TabShownContext.Provider>
                    </section>
                  ))}
                  {dragging ? (
                    <div className="drop-hint" aria-hidden="true">
                      {dropHandler.current ? t.dropHere : t.dropNowhere}
                    </div>
                  ) : null}
                  <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="announce-polite">
                    {spoken.polite}
                  </div>
                  <div className="sr-only" aria-live="assertive" aria-atomic="true" data-testid="announce-assertive">
                    {spoken.assertive}
                  </div>
                </main>
              </HandoverContext.Provider>
            </DropContext.Provider>
          </AnnounceContext.Provider>
        </LangContext.Provider>
      </HostContext.Provider>
    </FluentProvider>
  );
}

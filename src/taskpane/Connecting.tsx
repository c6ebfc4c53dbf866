import { Caption1, FluentProvider, Spinner, webLightTheme } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { Lang } from '../core/model';
import { PANE } from '../core/i18n/pane';
import './styles';

/** After this long without Office.onReady, the pane says what the user can do (it keeps waiting). */
export const SLOW_CONNECTION_MS = 20_000;

/** What the pane shows inside Office until Office.js is ready: progress, then a hint if it takes long. */
export function Connecting({ lang }: { lang: Lang }) {
  const t = PANE[lang];
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), SLOW_CONNECTION_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <FluentProvider theme={webLightTheme} lang={lang}>
      <main className="app" aria-busy="true">
        <header className="header">
          <h1>{t.appTitle}</h1>
        </header>
        <Spinner size="small" labelPosition="after" label={t.connecting} />
        {slow ? <Caption1 role="status">{t.connectingSlow}</Caption1> : null}
      </main>
    </FluentProvider>
  );
}

import { createContext, useContext } from 'react';
import type { AppHost } from '../app/host';
import { PANE, type PaneTexts } from '../core/i18n/pane';
import type { Lang } from '../core/model';

export const HostContext = createContext<AppHost | undefined>(undefined);
export const LangContext = createContext<Lang>('vi');

export function useHost(): AppHost {
  const host = useContext(HostContext);
  if (!host) throw new Error('useHost outside <HostContext.Provider>');
  return host;
}

export function usePane(): { t: PaneTexts; lang: Lang } {
  const lang = useContext(LangContext);
  return { t: PANE[lang], lang };
}

import { createContext, useContext } from 'react';
import type { AppHost } from '../app/host';
import { PANE, type PaneTexts } from '../core/i18n/pane';
import type { Lang } from '../core/model';

export const HostContext = createContext<AppHost | undefined>(undefined);
export const LangContext = createContext<Lang>('vi');
/** Says a text through the pane's live regions: politely, or assertively when urgent (an error). */
export type Announce = (text: string, urgent: boolean) => void;
export const AnnounceContext = createContext<Announce>(() => undefined);

export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}

export function useHost(): AppHost {
  const host = useContext(HostContext);
  if (!host) throw new Error('useHost outside <HostContext.Provider>');
  return host;
}

export function usePane(): { t: PaneTexts; lang: Lang } {
  const lang = useContext(LangContext);
  return { t: PANE[lang], lang };
}

import { createContext, useContext, useEffect, useRef } from 'react';
import type { AppHost, PickedFile } from '../app/host';
import { PANE, type PaneTexts } from '../core/i18n/pane';
import type { Lang } from '../core/model';
import { MisuseError } from '../core/errors';

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
  if (!host) throw new MisuseError('useHost outside <HostContext.Provider>');
  return host;
}

export function usePane(): { t: PaneTexts; lang: Lang } {
  const lang = useContext(LangContext);
  return { t: PANE[lang], lang };
}

/** Files dropped on the pane go to the one picker that asked for them on the tab in view. */
export type DropHandler = (files: PickedFile[]) => void;
export interface DropRegistry {
  /** makes `handler` the drop target; the function returned takes it back */
  register(handler: DropHandler): () => void;
}
export const DropContext = createContext<DropRegistry | undefined>(undefined);
/** Whether the tab a component sits in is the one in view (every tab stays mounted, keeping its state). */
export const TabShownContext = createContext<boolean>(true);
export function useTabShown(): boolean {
  return useContext(TabShownContext);
}

export function useDropTarget(wanted: boolean, handler: DropHandler): void {
  const registry = useContext(DropContext);
  const shown = useContext(TabShownContext);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!registry || !wanted || !shown) return undefined;
    return registry.register((files) => latest.current(files));
  }, [registry, wanted, shown]);
}

/** Work one tab hands to another: the summary just made, taken to "Báo cáo" in one click. */
export interface Handover {
  /** go to "Báo cáo" and write the report from this summary (file mode), or from the workbook (Excel) */
  openReport(summary?: PickedFile): void;
  /** what "Báo cáo" was asked to write from, once; `seq` tells a new request from the last */
  readonly reportRequest?: { readonly seq: number; readonly summary?: PickedFile };
}
export const HandoverContext = createContext<Handover>({ openReport: () => undefined });
export function useHandover(): Handover {
  return useContext(HandoverContext);
}

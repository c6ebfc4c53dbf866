import type { Summary } from '../core/consolidate';
import type { SubmissionStatus } from '../core/status';
import type { Problem } from '../core/problems';
import type { ReportMeta } from '../core/report';
import type { Lang, Template } from '../core/model';
import type { NarrativeSection } from '../core/narrative';
import type { NarrativeInput } from './narrative';

/**
 * What the task pane can ask of where it runs. Two hosts implement it: Excel (src/excel, the only
 * code that names Office) and file mode in a plain browser (src/app/file-host.ts). Components get
 * a host through context and never call Office themselves.
 */
export interface AppHost {
  readonly mode: 'excel' | 'file';
  /** what this host lacks, already in the reader's words (an old Excel without a requirement set) */
  readonly limitations: readonly string[];

  /** Excel: a new sheet with the appendix. File mode: a blank unit workbook to download. */
  insert(request: InsertRequest): Promise<InsertResult>;

  /** Excel: the active sheet or every appendix sheet, problem cells marked. File mode: the files given. */
  check(request: CheckRequest): Promise<CheckResult>;

  /** Excel only: select the cell of a problem. */
  selectProblem?(problem: Problem): Promise<void>;

  /** Excel only: remove the marks a check left. */
  clearMarks?(): Promise<void>;

  /** Excel: a summary sheet and a "Kiểm tra" sheet in this workbook. File mode: a summary .xlsx to download. */
  consolidate(request: ConsolidateRequest, onProgress?: (done: number, total: number) => void): Promise<ConsolidateResult>;

  /**
   * The figures a report is written from. Excel: the add-in's summary sheet if there is one, else
   * the active appendix sheet. File mode: the picked file (a summary or one unit's appendix).
   */
  narrativeInput(request: NarrativeRequest): Promise<NarrativeInput>;

  /**
   * "Tình hình nộp": the picked files (and, in Excel, this workbook's appendices when asked) against
   * the roster and the deadline, read as consolidation reads them, before consolidating.
   */
  status(request: StatusRequest): Promise<StatusResult>;

  /** Excel only: the report's paragraphs written into a new sheet, for hosts that cannot download. */
  insertNarrative?(sections: readonly NarrativeSection[], lang: Lang): Promise<{ name: string }>;

  /** Can the page hand the user a file to save (Excel on Mac cannot)? */
  readonly canDownload: boolean;

  /**
   * The report's header details as last typed: Excel keeps them in the workbook (its add-in
   * settings), so each workbook remembers its own; file mode in this browser's storage.
   * undefined when nothing was kept (or the storage cannot be read).
   */
  rememberedHeader(): Promise<RememberedHeader | undefined>;
  rememberHeader(header: RememberedHeader): Promise<void>;

  /**
   * Templates the user loaded in the pane (their JSON, unchecked: the pane checks them with the
   * schema): Excel keeps them in the workbook, file mode in this browser.
   */
  rememberedTemplates(): Promise<readonly unknown[]>;
  rememberTemplates(templates: readonly unknown[]): Promise<void>;
}

/** What the report's header keeps from one report to the next (not its date: a report is dated when written). */
export interface RememberedHeader {
  readonly body?: string;
  readonly parentBody?: string;
  readonly party?: boolean;
  readonly place?: string;
  readonly number?: string;
  /** "Nơi nhận", one per line as typed */
  readonly recipients?: readonly string[];
  readonly signerAuthority?: string;
  readonly signerTitle?: string;
  readonly signer?: string;
}

/** A kept header read back: only the fields it should have, of the right types, whatever was stored. */
export function rememberedHeaderOf(value: unknown): RememberedHeader | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const text = (key: string) => (typeof v[key] === 'string' && v[key].trim() ? { [key]: v[key].slice(0, 500) } : {});
  const recipients = Array.isArray(v.recipients)
    ? v.recipients
        .filter((r): r is string => typeof r === 'string' && r.trim() !== '')
        .slice(0, 50)
        .map((r) => r.slice(0, 500))
    : [];
  const header: RememberedHeader = {
    ...text('body'),
    ...text('parentBody'),
    ...text('place'),
    ...text('number'),
    ...(v.party === true ? { party: true } : {}),
    ...(recipients.length > 0 ? { recipients } : {}),
    ...text('signerAuthority'),
    ...text('signerTitle'),
    ...text('signer'),
  };
  return Object.keys(header).length > 0 ? header : undefined;
}

export interface NarrativeRequest {
  /** file mode: the summary or appendix to write from (Excel: the workbook's, unless a file is given) */
  readonly file?: PickedFile;
  /** an earlier summary or appendix of the same template: each sentence then says how its figures moved */
  readonly previous?: PickedFile;
}

/** A file the user picked: its name and bytes (read by the component, so hosts stay testable). */
export interface PickedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface InsertRequest {
  readonly templateId: string;
  readonly templateVersion: number;
  /** a template the pane loaded (not in the host's registry): written with the sheet, and carried by the workbook */
  readonly template?: Template;
  readonly meta: ReportMeta;
  readonly lang: Lang;
}

export interface InsertResult {
  /** Excel: the new sheet's name. File mode: the file name offered for download. */
  readonly name: string;
  /** file mode: the workbook to download */
  readonly download?: Download;
}

export interface CheckRequest {
  /** Excel: 'active' or 'all' appendix sheets; file mode: 'files' */
  readonly scope: 'active' | 'all' | 'files';
  readonly files?: readonly PickedFile[];
  readonly lang: Lang;
}

export interface CheckResult {
  readonly problems: readonly Problem[];
  /** how many appendix sheets were checked */
  readonly sheets: number;
  /** how many cells were marked (Excel) */
  readonly marked: number;
}

export interface ConsolidateRequest {
  /** Excel: include this workbook's appendix sheets */
  readonly includeWorkbook: boolean;
  readonly files: readonly PickedFile[];
  readonly includeInvalid: boolean;
  /** the roster file as picked (.csv in any encoding offices save, .xlsx or .ods); read by `parseRosterBytes` */
  readonly roster?: PickedFile;
  /** the consolidating body */
  readonly meta: ReportMeta;
  /** the summary's period (ISO dates); without it, the period most units report */
  readonly period?: { readonly from: string; readonly to: string };
  /** an earlier summary or appendix of the same template: the summary then compares each row with it */
  readonly previous?: PickedFile;
  readonly lang: Lang;
}

export interface StatusRequest {
  /** Excel: include this workbook's appendix sheets */
  readonly includeWorkbook: boolean;
  readonly files: readonly PickedFile[];
  readonly roster: PickedFile;
  /** ISO dates */
  readonly today: string;
  readonly deadline?: string;
  readonly period?: { readonly from: string; readonly to: string };
  readonly lang: Lang;
}

export interface StatusResult {
  /** undefined when the roster cannot be read (its problems say why) */
  readonly status?: SubmissionStatus;
  /** the roster's other columns (e-mail, telephone…), in the order of each row's `contacts` */
  readonly contactHeaders: readonly string[];
  /** the roster's own problems */
  readonly problems: readonly Problem[];
}

export interface ConsolidateResult {
  /** undefined when nothing could be consolidated (the problems say why) */
  readonly summary?: Summary;
  readonly problems: readonly Problem[];
  /** Excel: the summary sheet's name. File mode: the file name offered for download. */
  readonly name?: string;
  readonly download?: Download;
}

export interface Download {
  readonly fileName: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What the readers take, by extension and by type, so every system's file picker offers them. */
export const WORKBOOK_TYPES = `.xlsx,.xlsm,.ods,${XLSX_MIME},application/vnd.oasis.opendocument.spreadsheet`;

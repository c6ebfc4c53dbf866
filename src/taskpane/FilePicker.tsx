import { Button, Caption1, Text } from '@fluentui/react-components';
import { forwardRef, useCallback, useId, useRef, useState, type HTMLAttributes } from 'react';
import { FixedSizeList, type ListChildComponentProps } from 'react-window';
import type { PickedFile } from '../app/host';
import type { Lang } from '../core/model';
import { formatNumber } from '../core/numfmt';
import { useAnnounce, useDropTarget, usePane } from './context';

/** Rows of the list of picked files shown at once; more scroll, and only the rows in view exist. */
const VISIBLE_ROWS = 6;
const ROW_PX = 32;

/**
 * Files picked for an action. With `multiple`, every pick adds to the list (a file of the same
 * name replaces the one picked before), the list is summed up in one line ("200 tệp, 12,3 MB, 3
 * có lỗi") and can be opened to remove any file; files dropped on the pane land here when this
 * picker's tab is the one shown. Without `multiple`, a pick replaces the file.
 */
export function FilePicker(props: {
  label: string;
  accept: string;
  multiple?: boolean;
  files: readonly PickedFile[];
  onChange: (files: PickedFile[]) => void;
  /** errors found in each file by the last action, by file name */
  errorsByFile?: ReadonlyMap<string, number>;
  /** where files dropped on the pane go (file mode) */
  dropTarget?: boolean;
}) {
  const { t, lang } = usePane();
  const announce = useAnnounce();
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const [open, setOpen] = useState(false);
  const { files, onChange, multiple } = props;

  const add = useCallback(
    (picked: PickedFile[]) => {
      if (picked.length === 0) return;
      if (!multiple) {
        onChange(picked.slice(0, 1));
        announce(t.filePicked(picked[0]!.name), false);
        return;
      }
      const names = new Set(picked.map((f) => f.name));
      const replaced = files.filter((f) => names.has(f.name)).length;
      const next = [...files.filter((f) => !names.has(f.name)), ...picked];
      onChange(next);
      announce(t.filesAdded(picked.length - replaced, replaced, next.length), false);
    },
    [files, onChange, multiple, announce, t],
  );
  useDropTarget(props.dropTarget === true, add);

  const remove = (name: string) => {
    const next = files.filter((f) => f.name !== name);
    onChange(next);
    announce(t.fileRemoved(name, next.length), false);
    if (next.length === 0) setOpen(false);
  };

  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  const withErrors = files.filter((f) => (props.errorsByFile?.get(f.name) ?? 0) > 0).length;
  const summary = files.length === 0 ? t.noFiles : multiple ? t.filesSummary(files.length, megabytes(bytes, lang), withErrors) : files[0]!.name;

  return (
    <div className="field">
      <Button onClick={() => input.current?.click()} aria-describedby={`${id}-state`}>
        {props.label}
      </Button>
      <input
        ref={input}
        id={id}
        type="file"
        hidden
        accept={props.accept}
        multiple={multiple}
        aria-label={props.label}
        data-testid={`file-${props.label}`}
        onChange={async (e) => {
          const list = Array.from(e.target.files ?? []);
          e.target.value = '';
          add(await readFiles(list));
        }}
      />
      <div className="file-state">
        <Caption1 id={`${id}-state`} className={withErrors > 0 ? 'file-errors' : undefined}>
          {summary}
        </Caption1>
        {files.length > 0 && multiple ? (
          <Button size="small" appearance="subtle" aria-expanded={open} aria-controls={`${id}-list`} onClick={() => setOpen(!open)}>
            {open ? t.hideFiles : t.showFiles}
          </Button>
        ) : null}
        {files.length > 0 && !multiple ? (
          <Button size="small" appearance="subtle" aria-label={t.removeFile(files[0]!.name)} onClick={() => remove(files[0]!.name)}>
            {t.remove}
          </Button>
        ) : null}
      </div>
      {open && multiple && files.length > 0 ? (
        <div id={`${id}-list`} className="file-list-box">
          <FixedSizeList
            height={Math.min(files.length, VISIBLE_ROWS) * ROW_PX}
            width="100%"
            itemCount={files.length}
            itemSize={ROW_PX}
            itemData={{ files, errorsByFile: props.errorsByFile, remove, removeLabel: t.removeFile, errorsLabel: t.fileErrors }}
            outerElementType={ListOuter}
            innerElementType="ul"
            className="file-list"
          >
            {FileRow}
          </FixedSizeList>
          <Button size="small" appearance="subtle" onClick={() => onChange([])}>
            {t.removeAll}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

interface RowData {
  files: readonly PickedFile[];
  errorsByFile: ReadonlyMap<string, number> | undefined;
  remove: (name: string) => void;
  removeLabel: (name: string) => string;
  errorsLabel: (n: number) => string;
}

function FileRow({ index, style, data }: ListChildComponentProps<RowData>) {
  const file = data.files[index]!;
  const errors = data.errorsByFile?.get(file.name) ?? 0;
  return (
    <li style={style} className="file-row" aria-setsize={data.files.length} aria-posinset={index + 1}>
      <Text truncate wrap={false} title={file.name} className="file-name">
        {file.name}
      </Text>
      {errors > 0 ? <Caption1 className="file-errors">{data.errorsLabel(errors)}</Caption1> : null}
      <Button
        size="small"
        appearance="subtle"
        aria-label={data.removeLabel(file.name)}
        title={data.removeLabel(file.name)}
        onClick={() => data.remove(file.name)}
      >
        ✕
      </Button>
    </li>
  );
}

/** The scrolling box of the list: reachable by keyboard, so the rows out of view can be scrolled to. */
const ListOuter = forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement>>(function ListOuter(props, ref) {
  const { t } = usePane();
  return <div ref={ref} {...props} tabIndex={0} role="region" aria-label={t.fileListLabel} />;
});

/** 12,3 (MB): two decimals below 0,1 MB so that a small pick never reads 0. */
const megabytes = (bytes: number, lang: Lang): string => {
  const mb = bytes / (1024 * 1024);
  return formatNumber(Math.max(mb, 0.01), lang, { maxDecimals: mb < 0.1 ? 2 : 1 });
};

/** The files' names and bytes, in the order given. */
export async function readFiles(list: readonly File[]): Promise<PickedFile[]> {
  return Promise.all(list.map(async (f) => ({ name: f.name, bytes: await readBytes(f) })));
}

/** A picked file's bytes (FileReader where Blob.arrayBuffer is missing, as in older WebViews). */
function readBytes(file: File): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error(`cannot read ${file.name}`));
    reader.readAsArrayBuffer(file);
  });
}

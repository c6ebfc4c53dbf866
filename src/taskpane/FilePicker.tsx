import { Button, Caption1 } from '@fluentui/react-components';
import { useId, useRef } from 'react';
import type { PickedFile } from '../app/host';
import { usePane } from './context';

/** A labelled file input that hands the component the files' names and bytes. */
export function FilePicker(props: { label: string; accept: string; multiple?: boolean; files: readonly PickedFile[]; onChange: (files: PickedFile[]) => void }) {
  const { t } = usePane();
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
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
        multiple={props.multiple}
        aria-label={props.label}
        data-testid={`file-${props.label}`}
        onChange={async (e) => {
          const list = Array.from(e.target.files ?? []);
          const picked = await Promise.all(list.map(async (f) => ({ name: f.name, bytes: await readBytes(f) })));
          props.onChange(picked);
          e.target.value = '';
        }}
      />
      <Caption1 id={`${id}-state`}>{props.files.length ? `${t.pickedFiles(props.files.length)}: ${props.files.map((f) => f.name).join(', ')}` : t.noFiles}</Caption1>
    </div>
  );
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

import { Field, Input } from '@fluentui/react-components';
import { useState } from 'react';
import { formatDateVi, parseDateText } from '../core/dates';
import { usePane } from './context';

/**
 * A date as people in Việt Nam write it, dd/mm/yyyy, whatever the browser's locale: a native date
 * input shows mm/dd/yyyy in many browsers, where "05/11/2017" reads as 11 May.
 */
export interface DateText {
  readonly text: string;
  readonly setText: (text: string) => void;
  /** the ISO date typed, or '' when the field is empty or not a date */
  readonly iso: string;
  /** text typed that is not a date */
  readonly invalid: boolean;
}

export function useDateText(initialIso: string | undefined): DateText {
  const [text, setText] = useState(initialIso ? formatDateVi(initialIso) : '');
  const iso = text.trim() ? (parseDateText(text) ?? '') : '';
  return { text, setText, iso, invalid: text.trim() !== '' && iso === '' };
}

export function DateField(props: { label: string; date: DateText; validationMessage?: string | undefined }) {
  const { t } = usePane();
  const message = props.date.invalid ? t.dateInvalid : props.validationMessage;
  return (
    <Field label={props.label} {...(message ? { validationMessage: message, validationState: 'error' as const } : {})}>
      <Input value={props.date.text} placeholder="dd/mm/yyyy" inputMode="numeric" onChange={(_, d) => props.date.setText(d.value)} />
    </Field>
  );
}

export { todayInVietnam } from '../core/dates';

import { Button, Field, Input, MessageBar, MessageBarBody, Select } from '@fluentui/react-components';
import { formatDateVi } from '../core/dates';
import { DateField, useDateText } from './DateField';
import { useMemo, useState } from 'react';
import { builtInRegistry } from '../core/builtins';
import { localize, templateKey } from '../core/model';
import { ErrorBar } from './ErrorBar';
import { Outcome } from './Outcome';
import { useDisabledReason } from './DisabledReason';
import { saveDownload } from './download';
import { useHost, usePane } from './context';
import { useAction } from './useAction';

export function InsertTab() {
  const host = useHost();
  const { t, lang } = usePane();
  const templates = useMemo(() => builtInRegistry().list(), []);
  const [key, setKey] = useState(templateKey(templates[0]!));
  const template = templates.find((x) => templateKey(x) === key)!;
  const [unit, setUnit] = useState('');
  const [unitCode, setUnitCode] = useState('');
  const fromDate = useDateText(template.defaultPeriod?.from);
  const toDate = useDateText(template.defaultPeriod?.to);
  const [from, to] = [fromDate.iso, toDate.iso];
  const [done, setDone] = useState<string>();
  const { busy, error, run, shown, reveal } = useAction();
  const periodWrong = from !== '' && to !== '' && from > to;
  const datesInvalid = fromDate.invalid || toDate.invalid;
  const why = useDisabledReason(periodWrong || datesInvalid ? t.fixDates : undefined);

  const submit = async () => {
    setDone(undefined);
    const result = await run(() =>
      host.insert({
        templateId: template.id,
        templateVersion: template.version,
        meta: { ...(unit.trim() ? { unit: unit.trim() } : {}), ...(unitCode.trim() ? { unitCode: unitCode.trim() } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) },
        lang,
      }),
    );
    if (!result) return;
    if (result.download) saveDownload(result.download);
    setDone(host.mode === 'excel' ? t.inserted(result.name) : t.created(result.name));
    reveal();
  };

  return (
    <form
      className="tab"
      onSubmit={(e) => {
        e.preventDefault();
        // Enter in a field submits the form even while the button is only marked disabled
        if (!(busy || periodWrong || datesInvalid)) void submit();
      }}
    >
      <Field label={t.template}>
        <Select
          value={key}
          onChange={(_, d) => {
            setKey(d.value);
            const next = templates.find((x) => templateKey(x) === d.value)!;
            fromDate.setText(next.defaultPeriod ? formatDateVi(next.defaultPeriod.from) : '');
            toDate.setText(next.defaultPeriod ? formatDateVi(next.defaultPeriod.to) : '');
          }}
        >
          {templates.map((x) => (
            <option key={templateKey(x)} value={templateKey(x)}>
              {localize(x.title, lang)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t.unit}>
        <Input value={unit} onChange={(_, d) => setUnit(d.value)} />
      </Field>
      <Field label={t.unitCode}>
        <Input value={unitCode} onChange={(_, d) => setUnitCode(d.value)} />
      </Field>
      <div className="row">
        <DateField label={t.from} date={fromDate} />
        <DateField label={t.to} date={toDate} validationMessage={periodWrong ? t.periodOrder : undefined} />
      </div>
      <Button appearance="primary" type="submit" disabledFocusable={busy || periodWrong || datesInvalid} {...why.describedBy}>
        {host.mode === 'excel' ? t.insertButtonExcel : t.insertButtonFile}
      </Button>
      {why.hint}
      <Outcome shown={shown} urgent={error !== undefined}>
        {done ? (
          <MessageBar intent="success">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        ) : null}
        <ErrorBar error={error} />
      </Outcome>
    </form>
  );
}

/**
 * The form fields every editor uses (the practice editor, the workshop programme, the plan
 * editor, the clinic tools): a label, an optional hint and error, all tied to the control with
 * aria-describedby / aria-invalid, and the same markup and CSS classes (`.field`, `.hint`,
 * `.field-error`, `.checkbox-group`) everywhere. Plain controlled components, no form library.
 */
import type { InputHTMLAttributes, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function FieldError({ id, text }: { id: string; text: string }) {
  return (
    <p id={id} className="field-error">
      {text}
    </p>
  );
}

/** The ids a control's aria-describedby names: its hint and its error, when shown. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function Label({ id, label, required }: { id: string; label: string; required?: boolean }) {
  const { t } = useTranslation();
  return (
    <label htmlFor={id}>
      {label} {required ? <span className="required">({t('editor.required')})</span> : null}
    </label>
  );
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <p id={`${id}-hint`} className="hint">
      {hint}
    </p>
  ) : null;
}

/** The frame every field shares: label, hint, the control, its error. */
function Field(props: { id: string; label: string; hint?: string; error?: string; required?: boolean; className?: string; children: ReactNode }) {
  const { id, label, hint, error, required, className, children } = props;
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <Label id={id} label={label} required={required} />
      <Hint id={id} hint={hint} />
      {children}
      {error ? <FieldError id={`${id}-error`} text={error} /> : null}
    </div>
  );
}

export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  onBlur?: () => void;
  hint?: string;
  error?: string;
  required?: boolean;
  maxLength?: number;
  inputLang?: string;
  type?: string;
  className?: string;
  /** Also the browser's own "required" check, for forms that show no validation messages of their own. */
  nativeRequired?: boolean;
  /** More attributes of the input (min, max, inputMode...). */
  inputProps?: InputHTMLAttributes<HTMLInputElement>;
}) {
  const { id, label, value, onChange, onBlur, hint, error, required, maxLength, inputLang, type, className, nativeRequired, inputProps } = props;
  return (
    <Field id={id} label={label} hint={hint} error={error} required={required} className={className}>
      <input
        {...inputProps}
        id={id}
        type={type ?? 'text'}
        required={nativeRequired || undefined}
        value={value}
        lang={inputLang}
        maxLength={maxLength}
        aria-required={required || undefined}
        aria-invalid={!!error}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
      />
    </Field>
  );
}

export function TextArea(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  onBlur?: () => void;
  hint?: string;
  error?: string;
  rows?: number;
  inputLang?: string;
}) {
  const { id, label, value, onChange, onBlur, hint, error, rows, inputLang } = props;
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        rows={rows ?? 4}
        value={value}
        lang={inputLang}
        aria-invalid={!!error}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
      />
    </Field>
  );
}

/** A select with its label; `empty` adds a first "no choice" option (value ""). */
export function SelectField(props: {
  id: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (v: string) => void;
  empty?: string;
  hint?: string;
  error?: string;
  className?: string;
}) {
  const { id, label, value, options, onChange, empty, hint, error, className } = props;
  return (
    <Field id={id} label={label} hint={hint} error={error} className={className}>
      <select id={id} value={value} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} onChange={(e) => onChange(e.target.value)}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CheckboxGroup(props: {
  id: string;
  legend: string;
  options: { value: string; label: string }[];
  selected: string[];
  onChange: (v: string[]) => void;
  error?: string;
  className?: string;
  /** Classes of the fieldset besides `field checkbox-group`. */
  groupClassName?: string;
}) {
  const { id, legend, options, selected, onChange, error, className, groupClassName } = props;
  return (
    <fieldset className={`field checkbox-group${groupClassName ? ` ${groupClassName}` : ''}`} id={id} tabIndex={-1} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <ul className={className}>
        {options.map((o) => (
          <li key={o.value}>
            <label>
              <input
                type="checkbox"
                checked={selected.includes(o.value)}
                onChange={(e) => onChange(e.target.checked ? [...selected, o.value] : selected.filter((v) => v !== o.value))}
              />{' '}
              {o.label}
            </label>
          </li>
        ))}
      </ul>
      {error ? <FieldError id={`${id}-error`} text={error} /> : null}
    </fieldset>
  );
}

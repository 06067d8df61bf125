/**
 * A list of rows the user adds to and removes from (sources of a practice, groups, sessions and
 * participants of a workshop, indicators of a project): one `<ol>`, one remove button per row,
 * one add button, and the focus handled the same way everywhere: after adding, the new row's
 * first field; after removing, the add button (never lost to the page's top).
 */
import type { ReactNode } from 'react';

export function RepeatableRows<T>(props: {
  items: readonly T[];
  keyOf: (item: T, index: number) => string;
  /** The fields of one row. */
  renderRow: (item: T, index: number) => ReactNode;
  /** Adds a row and returns the id of the field to focus in it. */
  onAdd: () => string | undefined;
  onRemove: (item: T, index: number) => void;
  addLabel: string;
  /** The remove button's visible text, or its text and accessible name. */
  removeLabel: (item: T, index: number) => string | { text: string; name: string };
  /** The add button's id (the focus goes back to it after a removal). */
  addId: string;
  listClassName?: string;
  rowClassName?: string;
}) {
  const { items, keyOf, renderRow, onAdd, onRemove, addLabel, removeLabel, addId, listClassName, rowClassName } = props;
  const focusLater = (id: string | undefined) => id && requestAnimationFrame(() => document.getElementById(id)?.focus());
  return (
    <>
      <ol className={listClassName}>
        {items.map((item, i) => {
          const label = removeLabel(item, i);
          const { text, name } = typeof label === 'string' ? { text: label, name: undefined } : label;
          return (
            <li key={keyOf(item, i)} className={rowClassName}>
              {renderRow(item, i)}
              <button
                type="button"
                className="button button-small"
                aria-label={name}
                onClick={() => {
                  onRemove(item, i);
                  focusLater(addId);
                }}
              >
                {text}
              </button>
            </li>
          );
        })}
      </ol>
      <button type="button" id={addId} className="button button-small" onClick={() => focusLater(onAdd())}>
        {addLabel}
      </button>
    </>
  );
}

// Repeated rows of the task form: environment variables and volumes. Each row's fields get
// `data-path` pointers with the row's index (`run:/envs/2/name`), renumbered on removal, so
// issues for `/envs/2/name` appear at that row's input.

const TEMPLATES = { envs: 'env-row', volumes: 'volume-row' };

let rowCount = 0;

function container(list) {
  return document.getElementById(`${list}-rows`);
}

/** Rewrites the index in every row's pointers, labels and test ids after a change. */
export function renumberRows(list) {
  const rows = container(list).querySelectorAll(':scope > [data-row]');
  rows.forEach((row, index) => {
    row.dataset.testid = `${list}-row-${index}`;
    const noun = list === 'envs' ? 'variable' : 'volume';
    row.querySelector('[data-remove-row]').setAttribute('aria-label', `Remove ${noun} ${index + 1}`);
    for (const field of row.querySelectorAll('[data-path-suffix]')) {
      field.dataset.path = `run:/${list}/${index}${field.dataset.pathSuffix}`;
      const control = field.querySelector('input, select, textarea');
      control.dataset.testid = `${list}-${index}-${control.dataset.key}`;
    }
  });
}

/** Appends a row to `list` ("envs" or "volumes") filled with `values`, and returns it. */
export function addRow(list, values = {}) {
  const template = document.getElementById(TEMPLATES[list]);
  const fragment = template.content.cloneNode(true);
  const row = fragment.querySelector('[data-row]');
  for (const field of row.querySelectorAll('[data-path-suffix]')) {
    const control = field.querySelector('input, select, textarea');
    const label = field.querySelector('label');
    rowCount += 1;
    control.id = `${list}-control-${rowCount}`;
    label.htmlFor = control.id;
    const value = values[control.dataset.key];
    if (value !== undefined) {
      control.value = value;
    }
  }
  container(list).append(row);
  renumberRows(list);
  return row;
}

/** Removes the row that contains `button` and renumbers the rest. */
export function removeRow(button) {
  const row = button.closest('[data-row]');
  const list = row.parentElement.id.replace(/-rows$/, '');
  row.remove();
  renumberRows(list);
}

/** Returns the rows of `list` as objects keyed by each control's `data-key`, with the raw strings. */
export function readRows(list) {
  const rows = container(list).querySelectorAll(':scope > [data-row]');
  return Array.from(rows, (row) => {
    const values = {};
    for (const control of row.querySelectorAll('[data-key]')) {
      values[control.dataset.key] = control.value;
    }
    return values;
  });
}

/** Removes every row of `list`. */
export function clearRows(list) {
  container(list).replaceChildren();
}

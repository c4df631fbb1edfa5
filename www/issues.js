// Shows validation issues next to the form fields they concern.
//
// A field declares the spec locations it edits in `data-path`, as space-separated scoped JSON
// Pointers such as `run:/resources/cpu` or `function:/source/handler`. An issue goes to the
// field with the longest such pointer that is the issue's path or one of its ancestors, so
// `/volumes/0/spec/size` lands on the volume's spec input and `/volumes/7` on the volumes list.
// Issues whose path no field covers go to the general list.

/** Tags the library's issues with `scope`, the spec they came from. */
export function scoped(scope, issues) {
  return issues.map((issue) => ({ ...issue, scope }));
}

/** Splits a JSON Pointer into its unescaped tokens; `""` gives no tokens. */
export function pointerTokens(pointer) {
  if (pointer === '') {
    return [];
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Returns the pointer itself and each of its ancestors, longest first, ending with `""`. */
export function ancestorPointers(pointer) {
  const tokens = pointerTokens(pointer);
  const pointers = [];
  for (let length = tokens.length; length >= 0; length -= 1) {
    const prefix = tokens
      .slice(0, length)
      .map((token) => '/' + token.replaceAll('~', '~0').replaceAll('/', '~1'));
    pointers.push(prefix.join(''));
  }
  return pointers;
}

/** Maps each `scope:pointer` that a visible field declares to that field. */
function fieldIndex(root) {
  const index = new Map();
  for (const field of root.querySelectorAll('[data-path]')) {
    if (field.closest('[hidden]')) {
      continue;
    }
    for (const key of field.dataset.path.split(/\s+/).filter(Boolean)) {
      index.set(key, field);
    }
  }
  return index;
}

/** Finds the field an issue belongs to and the pointer the field was matched by. */
export function locate(index, issue) {
  for (const pointer of ancestorPointers(issue.path)) {
    const field = index.get(`${issue.scope}:${pointer}`);
    if (field) {
      return { field, pointer };
    }
  }
  return null;
}

/** Describes where in a field the issue sits when the field edits a list or a sub-object. */
function locationNote(field, issue, matchedPointer) {
  if (issue.path === matchedPointer) {
    return '';
  }
  const rest = pointerTokens(issue.path).slice(pointerTokens(matchedPointer).length);
  if (field.dataset.lines === 'true' && /^\d+$/.test(rest[0] ?? '')) {
    const lineNumbers = field.lineNumbers ?? [];
    const line = lineNumbers[Number(rest[0])] ?? Number(rest[0]) + 1;
    return `line ${line}: `;
  }
  return `${issue.path}: `;
}

function issueItem(issue, prefix, testId) {
  const item = document.createElement('li');
  item.className = `issue ${issue.severity}`;
  item.dataset.code = issue.code;
  item.dataset.path = issue.path;
  if (testId) {
    item.dataset.testid = testId;
  }
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.textContent = issue.severity;
  const text = document.createElement('span');
  text.textContent = `${prefix}${issue.message}`;
  const code = document.createElement('code');
  code.textContent = issue.code;
  item.append(badge, ' ', text, ' ', code);
  return item;
}

let describedCount = 0;

/**
 * Gives each field's issue list an id and points the field's controls at it with
 * `aria-describedby`, so screen readers read a field's issues with the field.
 */
export function linkDescriptions(root) {
  for (const field of root.querySelectorAll('[data-path]')) {
    const list = field.querySelector(':scope > .field-issues');
    if (!list) {
      continue;
    }
    if (!list.id) {
      describedCount += 1;
      list.id = `field-issues-${describedCount}`;
    }
    for (const control of field.querySelectorAll(':scope > input, :scope > select, :scope > textarea')) {
      control.setAttribute('aria-describedby', list.id);
    }
  }
}

/** Returns the `data-testid` of a field's issue list, such as `issues-run-volumes-0-name`. */
export function issuesTestId(scopedPath) {
  return 'issues-' + scopedPath.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * Clears every field's issues inside `root`, then shows `issues` (scoped issues) at their
 * fields and the rest in `generalList`. Returns the number of errors and warnings shown.
 */
export function renderIssues(root, generalList, issues) {
  const index = fieldIndex(root);
  for (const field of root.querySelectorAll('[data-path]')) {
    field.classList.remove('has-error', 'has-warning');
    const list = field.querySelector(':scope > .field-issues');
    if (list) {
      list.replaceChildren();
      list.dataset.testid = issuesTestId(field.dataset.path.split(/\s+/)[0]);
    }
    for (const control of field.querySelectorAll(':scope > input, :scope > select, :scope > textarea')) {
      control.removeAttribute('aria-invalid');
    }
  }
  generalList.replaceChildren();

  const counts = { error: 0, warning: 0 };
  for (const issue of issues) {
    counts[issue.severity] = (counts[issue.severity] ?? 0) + 1;
    const located = locate(index, issue);
    const list = located?.field.querySelector(':scope > .field-issues');
    if (!located || !list) {
      const where = issue.path === '' ? `${issue.scope} spec` : `${issue.scope} ${issue.path}`;
      generalList.append(issueItem(issue, `${where}: `, null));
      continue;
    }
    const { field, pointer } = located;
    field.classList.add(issue.severity === 'error' ? 'has-error' : 'has-warning');
    list.append(issueItem(issue, locationNote(field, issue, pointer), null));
    if (issue.severity === 'error') {
      for (const control of field.querySelectorAll(':scope > input, :scope > select, :scope > textarea')) {
        control.setAttribute('aria-invalid', 'true');
      }
    }
  }
  return counts;
}

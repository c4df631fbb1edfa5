// The run timeline: one list item per step of the submission and per run state, each with the
// milliseconds since the user pressed submit.

export class Timeline {
  constructor(list) {
    this.list = list;
    this.started = performance.now();
    this.marks = new Map();
  }

  /** Empties the list and restarts the clock. */
  reset() {
    this.list.replaceChildren();
    this.started = performance.now();
    this.marks.clear();
  }

  /** Returns the milliseconds since the last reset. */
  elapsed() {
    return performance.now() - this.started;
  }

  /**
   * Appends an entry. `kind` is "step" for the page's own calls or "state" for a run state;
   * `label` is the step or state name and `detail` optional text. Returns the elapsed time.
   */
  add(kind, label, detail = '') {
    const elapsed = this.elapsed();
    if (!this.marks.has(label)) {
      this.marks.set(label, elapsed);
    }
    const item = document.createElement('li');
    item.className = `entry ${kind}`;
    item.dataset.kind = kind;
    if (kind === 'state') {
      item.dataset.state = label;
      item.dataset.testid = `timeline-state-${label}`;
    }
    const time = document.createElement('time');
    time.textContent = `+${Math.round(elapsed)} ms`;
    const name = document.createElement('strong');
    name.textContent = label;
    item.append(time, ' ', name);
    if (detail) {
      const text = document.createElement('span');
      text.className = 'detail';
      text.textContent = ` ${detail}`;
      item.append(text);
    }
    this.list.append(item);
    return elapsed;
  }

  /** Returns the elapsed time of the first entry with `label`, or undefined. */
  mark(label) {
    return this.marks.get(label);
  }
}

// Page object for the interactions spec: finds things by role and accessible name, as a person (or a
// screen reader) would, on top of StudioPage's viewport helpers.
import { expect, type Locator } from '@playwright/test';
import { StudioPage } from './studio-page';

export type ScopeLabel = 'selected only' | '+ downstream' | '+ upstream';

/** `model.shop.customers` → `model customers`: the node's accessible name. */
function nodeName(id: string): string {
  const [type = '', , ...rest] = id.split('.');
  return `${type} ${rest.join('.')}`;
}

export class InteractionsPage extends StudioPage {
  /** The graph node of an asset, by its accessible name (`model customers`). */
  asset(id: string): Locator {
    return this.page.getByRole('group', { name: nodeName(id), exact: true });
  }

  /** The ids of the nodes the graph draws now, sorted. */
  async shownIds(): Promise<string[]> {
    return this.graphNodes().evaluateAll((els) =>
      els.map((el) => el.getAttribute('data-id') ?? '').sort(),
    );
  }

  async expectShown(ids: readonly string[]): Promise<void> {
    await expect.poll(async () => this.shownIds()).toEqual([...ids].sort());
  }

  /** Starts noting every status each graph node shows, in order (read back with `statusesSeen`). */
  async recordStatuses(): Promise<void> {
    await this.page.evaluate(() => {
      const seen: Record<string, string[]> = {};
      const note = (el: Element): void => {
        const id = el.closest('.react-flow__node')?.getAttribute('data-id');
        const status = el.getAttribute('data-status');
        if (!id || !status) return;
        const list = (seen[id] ??= []);
        if (list[list.length - 1] !== status) list.push(status);
      };
      new MutationObserver((records) => {
        for (const record of records) {
          if (record.target instanceof Element && record.type === 'attributes') note(record.target);
          for (const added of record.addedNodes) {
            if (added instanceof Element) added.querySelectorAll('[data-status]').forEach(note);
          }
        }
      }).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-status'],
      });
      Object.defineProperty(window, '__floeStatusesSeen', { value: seen });
    });
  }

  async statusesSeen(id: string): Promise<string[]> {
    return this.page.evaluate(
      (nodeId) =>
        (window as unknown as { __floeStatusesSeen?: Record<string, string[]> })
          .__floeStatusesSeen?.[nodeId] ?? [],
      id,
    );
  }

  get search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search assets' });
  }

  get scope(): Locator {
    return this.page.getByRole('combobox', { name: 'Materialize scope' });
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** Clicks the first node, shift-clicks the others. */
  async selectAssets(ids: readonly string[]): Promise<void> {
    const [first, ...rest] = ids;
    if (first === undefined) return;
    await this.asset(first).click();
    for (const id of rest) await this.asset(id).click({ modifiers: ['Shift'] });
    await expect.poll(async () => this.selectedNodeIds()).toEqual([...ids].sort());
  }

  /** Holds Shift and drags a box around the nodes drawn now, from the empty pane just outside them. */
  async boxSelectShown(): Promise<void> {
    const boxes = await this.graphNodes().evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      }),
    );
    const margin = 12;
    const from = {
      x: Math.min(...boxes.map((b) => b.left)) - margin,
      y: Math.min(...boxes.map((b) => b.top)) - margin,
    };
    const to = {
      x: Math.max(...boxes.map((b) => b.right)) + margin,
      y: Math.max(...boxes.map((b) => b.bottom)) + margin,
    };
    await this.page.keyboard.down('Shift');
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x, to.y, { steps: 10 });
    await this.page.mouse.up();
    await this.page.keyboard.up('Shift');
  }

  get runs(): Locator {
    return this.page.getByRole('region', { name: 'Runs', exact: true });
  }

  /** History rows, newest first (the header row left out). */
  runRows(): Locator {
    return this.runs.getByRole('row').filter({ has: this.page.getByRole('cell') });
  }

  /** The status, environment, selection, started and duration cells of a history row. */
  async runRow(row: Locator): Promise<{
    status: string;
    env: string;
    selection: string;
    duration: string;
  }> {
    const cells = await row.getByRole('cell').allInnerTexts();
    return {
      status: cells[0]?.trim() ?? '',
      env: cells[1]?.trim() ?? '',
      selection: cells[2]?.trim() ?? '',
      duration: cells[4]?.trim() ?? '',
    };
  }

  /**
   * Waits until the studio says the run started (its notice, and the Logs tab it switches to): only
   * then is Runs worth opening, or that switch would hide it again.
   */
  async runStarted(selection?: string): Promise<void> {
    await expect(this.page.getByRole('status').filter({ hasText: 'Run started:' })).toContainText(
      `Run started: dbt build --select ${selection ?? ''}`,
    );
    await expect(this.page.getByRole('tab', { name: 'Logs' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  }

  /** Waits for the newest run to end; returns its row's cells. */
  async lastRunEnded(): Promise<{
    status: string;
    env: string;
    selection: string;
    duration: string;
  }> {
    await this.showTab('Runs');
    const row = this.runRows().first();
    await expect(row.getByRole('cell').first()).toHaveText(
      /^(success|failed|canceled|interrupted)$/,
      { timeout: 120_000 },
    );
    return this.runRow(row);
  }

  /** The tokens of a dbt selection, sorted (the order of the clicks does not matter). */
  static tokens(selection: string): string[] {
    return selection.split(/\s+/).filter(Boolean).sort();
  }
}

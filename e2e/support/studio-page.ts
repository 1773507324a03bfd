// Page object: the selectors of the studio live here, the specs read like what a person does.
import { expect, type Locator, type Page } from '@playwright/test';

export type MaterializeScope = 'only' | '+ upstream' | '+ downstream';

/** What a person arranged on screen: the selected nodes and React Flow's pan/zoom transform. */
export interface ViewState {
  selected: string[];
  transform: string;
}

export class StudioPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.locator('body[data-ready="true"]')).toBeAttached();
  }

  node(id: string): Locator {
    return this.page.locator(`.react-flow__node[data-id="${id}"]`);
  }

  nodeStatus(id: string): Locator {
    return this.node(id).locator('[data-status]').first();
  }

  graphNodes(): Locator {
    return this.page.locator('.react-flow__node');
  }

  async waitForLayout(): Promise<void> {
    await expect(
      this.page.locator('[aria-label="Asset graph"][data-layout="done"]'),
    ).toBeAttached();
  }

  get materialize(): Locator {
    return this.page.getByRole('button', { name: 'Materialize', exact: true });
  }

  /** Clicks the node, picks the scope in the Materialize scope select, clicks Materialize. */
  async materializeAsset(id: string, scope: MaterializeScope): Promise<void> {
    await this.node(id).click();
    const scopeSelect = this.page.getByRole('combobox', { name: 'Materialize scope' });
    const options = await scopeSelect.locator('option').allTextContents();
    const wanted = options.find((o) =>
      o.toLowerCase().includes(scope === 'only' ? 'only' : scope.slice(2)),
    );
    if (wanted !== undefined) await scopeSelect.selectOption({ label: wanted });
    await this.materialize.click();
  }

  get assetPanel(): Locator {
    return this.page.getByRole('complementary', { name: 'Asset details' });
  }

  /** Ids of the graph's selected nodes, sorted. */
  async selectedNodeIds(): Promise<string[]> {
    return this.page
      .locator('.react-flow__node.selected')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? '').sort());
  }

  /** React Flow's viewport transform, e.g. `translate(12px, 30px) scale(0.8)`. */
  async viewportTransform(): Promise<string> {
    return this.page
      .locator('.react-flow__viewport')
      .evaluate((el) => (el instanceof HTMLElement ? el.style.transform : ''));
  }

  /** A point of the empty graph pane (no node, edge, toolbar or control over it), in page pixels. */
  async emptyPanePoint(): Promise<{ x: number; y: number }> {
    const point = await this.page.locator('.react-flow__pane').evaluate((pane) => {
      const box = pane.getBoundingClientRect();
      for (let fy = 0.15; fy < 0.9; fy += 0.05) {
        for (let fx = 0.05; fx < 0.95; fx += 0.05) {
          const x = box.left + box.width * fx;
          const y = box.top + box.height * fy;
          if (document.elementFromPoint(x, y) === pane) return { x, y };
        }
      }
      return null;
    });
    if (point === null) throw new Error('no empty spot on the graph pane to grab');
    return point;
  }

  /** Drags the empty pane by (dx, dy) pixels, as a person pans. */
  async pan(dx: number, dy: number): Promise<void> {
    const start = await this.emptyPanePoint();
    await this.page.mouse.move(start.x, start.y);
    await this.page.mouse.down();
    await this.page.mouse.move(start.x + dx, start.y + dy, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Turns the mouse wheel over the empty pane (positive zooms out). */
  async zoom(deltaY: number): Promise<void> {
    const at = await this.emptyPanePoint();
    await this.page.mouse.move(at.x, at.y);
    await this.page.mouse.wheel(0, deltaY);
  }

  /**
   * Clicks the node, pans and zooms out a little, and returns what is on screen then. Also marks the
   * page, so `expectViewKept` can tell it was not reloaded since.
   */
  async arrangeView(id: string): Promise<ViewState> {
    await this.node(id).click();
    await expect(this.node(id)).toHaveClass(/\bselected\b/);
    const before = await this.viewportTransform();
    await this.pan(-40, 30);
    await this.zoom(120);
    // d3-zoom applies the wheel on its own schedule: wait until the transform settles.
    await expect.poll(async () => this.viewportTransform()).not.toBe(before);
    let transform = await this.viewportTransform();
    await expect
      .poll(async () => {
        const now = await this.viewportTransform();
        const settled = now === transform;
        transform = now;
        return settled;
      })
      .toBe(true);
    await this.page.evaluate(() => {
      Object.defineProperty(window, '__floeNotReloaded', { value: true });
    });
    return { selected: await this.selectedNodeIds(), transform };
  }

  /** The page was not reloaded, and the selection and the viewport are what `arrangeView` left. */
  async expectViewKept(view: ViewState): Promise<void> {
    expect(await this.page.evaluate(() => '__floeNotReloaded' in window)).toBe(true);
    expect(await this.selectedNodeIds()).toEqual(view.selected);
    expect(await this.viewportTransform()).toBe(view.transform);
  }

  get environment(): Locator {
    return this.page.getByRole('combobox', { name: 'Environment' });
  }

  panel(name: 'Logs' | 'Runs' | 'Problems' | 'Lineage' | 'Traces'): Locator {
    return this.page
      .getByRole('region', { name })
      .or(this.page.locator(`section[aria-label="${name}"]`))
      .first();
  }

  async showTab(name: 'Logs' | 'Runs' | 'Problems' | 'Lineage' | 'Traces'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `e2e/artifacts/${name}.png`, fullPage: false });
  }
}

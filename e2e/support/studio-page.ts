// Page object: the selectors of the studio live here, the specs read like what a person does.
import { expect, type Locator, type Page } from '@playwright/test';

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

// Page object for the Lineage and Traces tabs: their selectors live here (data-* attributes the
// panels expose for tests and the benchmark).
import { expect, type Locator, type Page } from '@playwright/test';

export class ObservabilityPage {
  constructor(readonly page: Page) {}

  get traces(): Locator {
    return this.page.locator('section[aria-label="Traces"]');
  }

  get lineage(): Locator {
    return this.page.locator('section[aria-label="Lineage"]');
  }

  async waitForTraces(): Promise<void> {
    await expect(this.traces).toHaveAttribute('data-ready', 'true');
  }

  async waitForLineage(): Promise<void> {
    await expect(this.lineage).toHaveAttribute('data-ready', 'true');
  }

  /** Asset bars (not checks) of the timeline. */
  assetBars(): Locator {
    return this.traces.locator('.timeline__bar[data-kind="asset"]');
  }

  bar(nodeId: string): Locator {
    return this.traces.locator(`.timeline__bar[data-node-id="${nodeId}"]`);
  }

  get runBar(): Locator {
    return this.traces.locator('.timeline__bar[data-kind="run"]');
  }

  /** The renderer's click span (the root of the run's trace). */
  get clickBar(): Locator {
    return this.traces.locator('.timeline__bar[data-kind="action"]');
  }

  criticalBars(): Locator {
    return this.traces.locator('.timeline__bar[data-critical="true"]');
  }

  datasetNode(assetId: string): Locator {
    return this.lineage.locator(`.lineage-node[data-kind="dataset"][data-asset-id="${assetId}"]`);
  }

  datasetNodes(): Locator {
    return this.lineage.locator('.lineage-node[data-kind="dataset"]');
  }

  get details(): Locator {
    return this.lineage.getByRole('complementary', { name: 'Lineage details' });
  }
}

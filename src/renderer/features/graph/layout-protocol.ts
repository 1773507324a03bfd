// Messages between the UI thread and the layout worker.
import type { LayoutResult } from './layout';
import type { LayoutInput } from './layout-input';

export interface LayoutRequest {
  id: number;
  input: LayoutInput;
}

export type LayoutResponse =
  { id: number; ok: true; result: LayoutResult } | { id: number; ok: false; message: string };

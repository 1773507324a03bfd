// App chrome: the bottom tab, notices, the connection, the pending run confirmation.
import { create } from 'zustand';
import type { ConnectionState } from '../api/connection';

export const BOTTOM_TABS = ['logs', 'runs', 'problems', 'lineage', 'traces'] as const;
export type BottomTab = (typeof BOTTOM_TABS)[number];

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export interface ConfirmRequest {
  env: string;
  select: string;
  resolve(confirmed: boolean): void;
}

export interface UiState {
  tab: BottomTab;
  notice: Notice | null;
  connection: ConnectionState;
  confirm: ConfirmRequest | null;
  setTab(tab: BottomTab): void;
  notify(notice: Notice | null): void;
  setConnection(connection: ConnectionState): void;
  /** Shows the confirmation dialog; resolves with the user's answer. */
  askConfirm(env: string, select: string): Promise<boolean>;
  answerConfirm(confirmed: boolean): void;
}

export const useUiStore = create<UiState>()((set, get) => ({
  tab: 'logs',
  notice: null,
  connection: 'connecting',
  confirm: null,
  setTab(tab) {
    set({ tab });
  },
  notify(notice) {
    set({ notice });
  },
  setConnection(connection) {
    set({ connection });
  },
  askConfirm(env, select) {
    // A second request while one is open declines the first: one dialog at a time.
    get().confirm?.resolve(false);
    return new Promise<boolean>((resolve) => set({ confirm: { env, select, resolve } }));
  },
  answerConfirm(confirmed) {
    const request = get().confirm;
    set({ confirm: null });
    request?.resolve(confirmed);
  },
}));

export const selectTab = (s: UiState): BottomTab => s.tab;
export const selectNotice = (s: UiState): Notice | null => s.notice;
export const selectConnection = (s: UiState): ConnectionState => s.connection;
export const selectConfirm = (s: UiState): ConfirmRequest | null => s.confirm;

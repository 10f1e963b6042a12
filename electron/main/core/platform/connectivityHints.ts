// OS connectivity hints (online/offline/resume from sleep). Only hints: Booster's own answer is the truth.
export type ConnectivityHint = 'online' | 'offline' | 'resume';

export interface ConnectivityHints {
  onChange(listener: (hint: ConnectivityHint) => void): () => void;
}

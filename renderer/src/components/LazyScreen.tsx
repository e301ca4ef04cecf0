import { Component, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A screen whose code is its own chunk (the minutes editor, the archive desk…): "Đang tải…"
 * while the chunk arrives, and a plain message with "Tải lại" when it cannot (the room server
 * went away before the service worker kept it, or the server was updated and the old chunk is
 * gone). Without this a failed chunk would unmount the whole app, or leave "Đang tải…" forever.
 */
export function LazyScreen({ children }: { children: ReactNode }) {
  return (
    <ChunkBoundary>
      <Suspense fallback={<ScreenLoading />}>{children}</Suspense>
    </ChunkBoundary>
  );
}

function ScreenLoading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('app.loading')}
    </p>
  );
}

function ScreenLoadFailed() {
  const { t } = useTranslation();
  return (
    <div className="notice notice--warn" role="alert" data-testid="screen-load-failed">
      <p>{t('app.screenLoadFailed')}</p>
      {/* A module that failed to load is not fetched again by the same page: reload it. */}
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}

class ChunkBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error('a screen could not be loaded', error);
  }

  override render(): ReactNode {
    return this.state.failed ? <ScreenLoadFailed /> : this.props.children;
  }
}

import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView, OutlineNode } from '../../lib/pdf/viewer';
import { OutlineTree } from './OutlineTree';
import { Thumbnails } from './Thumbnails';

type Tab = 'pages' | 'outline';

/** Props of {@link ViewerSidebar}. */
export interface ViewerSidebarProps {
  view: DocumentView;
  page: number;
  labels: readonly string[] | null;
  rotation: number;
  decorate?: (canvas: HTMLCanvasElement, outputScale: number) => void;
  onPage(page: number): void;
  /** A mark on a page's thumbnail (who else is reading that page). */
  pageMark?: (page: number) => ReactNode;
}

/** The sidebar: page thumbnails, or the document's outline. */
export function ViewerSidebar({
  view,
  page,
  labels,
  rotation,
  decorate,
  onPage,
  pageMark,
}: ViewerSidebarProps) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('pages');
  const [outline, setOutline] = useState<readonly OutlineNode[] | null>(null);
  useEffect(() => {
    let live = true;
    void view.outline().then((nodes) => {
      if (live) setOutline(nodes);
    });
    return () => {
      live = false;
    };
  }, [view]);

  return (
    <aside className="viewer-sidebar" aria-label={t('documents.viewer.sidebar')} data-testid="pdf-sidebar">
      <div className="viewer-sidebar__tabs" role="tablist">
        {(['pages', 'outline'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={`viewer-sidebar__tab${tab === name ? ' viewer-sidebar__tab--current' : ''}`}
            onClick={() => setTab(name)}
            data-testid={`pdf-sidebar-${name}`}
          >
            {t(name === 'pages' ? 'documents.viewer.thumbnails' : 'documents.viewer.outline')}
          </button>
        ))}
      </div>
      <div className="viewer-sidebar__body" role="tabpanel">
        {tab === 'pages' ? (
          <Thumbnails
            view={view}
            page={page}
            labels={labels}
            rotation={rotation}
            decorate={decorate}
            onPage={onPage}
            pageMark={pageMark}
          />
        ) : (
          <OutlineTree outline={outline} onNavigate={(dest) => void view.goToDestination(dest)} />
        )}
      </div>
    </aside>
  );
}

import { useTranslation } from 'react-i18next';
import type { OutlineNode } from '../../lib/pdf/viewer';

/** Props of {@link OutlineTree}. */
export interface OutlineTreeProps {
  outline: readonly OutlineNode[] | null;
  onNavigate(dest: unknown): void;
}

/** The PDF's own outline (bookmarks) as nested lists of buttons that move to their place. */
export function OutlineTree({ outline, onNavigate }: OutlineTreeProps) {
  const { t } = useTranslation();
  if (outline === null)
    return <p className="viewer-sidebar__empty">{t('documents.viewer.loadingOutline')}</p>;
  if (outline.length === 0) {
    return (
      <p className="viewer-sidebar__empty" data-testid="pdf-outline-empty">
        {t('documents.viewer.noOutline')}
      </p>
    );
  }
  return (
    <div data-testid="pdf-outline">
      <OutlineList nodes={outline} onNavigate={onNavigate} depth={0} />
    </div>
  );
}

function OutlineList({
  nodes,
  onNavigate,
  depth,
}: {
  nodes: readonly OutlineNode[];
  onNavigate(dest: unknown): void;
  depth: number;
}) {
  return (
    <ul className="viewer-outline" data-depth={depth}>
      {nodes.map((node, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: outline entries have no id; their order is fixed
        <li key={i}>
          <button
            type="button"
            className="viewer-outline__item"
            style={{ fontWeight: node.bold ? 700 : undefined, fontStyle: node.italic ? 'italic' : undefined }}
            onClick={() => onNavigate(node.dest)}
            disabled={node.dest === null}
            data-testid="pdf-outline-item"
          >
            {node.title}
          </button>
          {node.children.length > 0 && (
            <OutlineList nodes={node.children} onNavigate={onNavigate} depth={depth + 1} />
          )}
        </li>
      ))}
    </ul>
  );
}

import { ANNOTATION_COLORS, type Annotation } from '#common/schemas/annotation';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AnnotationTool,
  COLOR_NAMES,
  FONT_SIZES,
  PEN_WIDTHS,
  TOOLS,
  type ToolSettings,
} from './tool-state';
import { ToolIcon } from './ToolIcon';

export interface AnnotationToolbarProps {
  settings: ToolSettings;
  /** No text layer ("no export"): highlighting is off, and the button says why. */
  highlightDisabled: boolean;
  canUndo: boolean;
  canRedo: boolean;
  /** The selected annotation, if it is the user's own. */
  selected: Annotation | null;
  onTool(tool: AnnotationTool): void;
  onSettings(patch: Partial<ToolSettings>): void;
  onUndo(): void;
  onRedo(): void;
  onDelete(): void;
  onEdit(): void;
  /** More controls (sharing: `useAnnotations()` tells what is selected), after the tools' own. */
  children?: ReactNode;
}

/** The annotation tools, their colour and size, undo/redo and the selected annotation's actions. */
export function AnnotationToolbar({
  settings,
  highlightDisabled,
  canUndo,
  canRedo,
  selected,
  onTool,
  onSettings,
  onUndo,
  onRedo,
  onDelete,
  onEdit,
  children,
}: AnnotationToolbarProps) {
  const { t } = useTranslation();
  const editable = selected !== null && selected.kind !== 'highlight' && selected.kind !== 'ink';
  return (
    <div
      className="ann-toolbar"
      role="toolbar"
      aria-label={t('annotations.toolbar')}
      data-testid="ann-toolbar"
    >
      <fieldset className="pdf-viewer__group">
        <legend className="visually-hidden">{t('annotations.tools')}</legend>
        {TOOLS.map((tool) => {
          const disabled = tool === 'highlight' && highlightDisabled;
          const label = t(`annotations.tool.${tool}`);
          const title = disabled ? t('annotations.highlightNoText') : label;
          return (
            // The wrapper carries the tooltip: a disabled button shows none of its own.
            <span key={tool} title={title} className="ann-toolbar__tool">
              <button
                type="button"
                className={`button${settings.tool === tool ? ' button--pressed' : ''}`}
                aria-pressed={tool === 'bookmark' ? undefined : settings.tool === tool}
                aria-label={title}
                disabled={disabled}
                // Keep a text selection alive: the highlight button applies to it.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => onTool(tool)}
                data-testid={`ann-tool-${tool}`}
              >
                <ToolIcon tool={tool} />
              </button>
            </span>
          );
        })}
      </fieldset>
      <fieldset className="pdf-viewer__group ann-toolbar__colors">
        <legend className="visually-hidden">{t('annotations.color')}</legend>
        {COLOR_NAMES.map((name) => (
          <button
            key={name}
            type="button"
            className={`ann-swatch${settings.color === name ? ' ann-swatch--current' : ''}`}
            style={{ background: ANNOTATION_COLORS[name] }}
            aria-pressed={settings.color === name}
            aria-label={t(`annotations.colors.${name}`)}
            title={t(`annotations.colors.${name}`)}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onSettings({ color: name })}
            data-testid={`ann-color-${name}`}
          />
        ))}
      </fieldset>
      {settings.tool === 'pen' && (
        <label className="ann-toolbar__size">
          <span className="visually-hidden">{t('annotations.penWidth')}</span>
          <select
            value={settings.width}
            onChange={(event) => onSettings({ width: Number(event.target.value) })}
            aria-label={t('annotations.penWidth')}
            title={t('annotations.penWidth')}
            data-testid="ann-pen-width"
          >
            {PEN_WIDTHS.map((w) => (
              <option key={w} value={w}>
                {t('annotations.points', { value: w })}
              </option>
            ))}
          </select>
        </label>
      )}
      {settings.tool === 'textbox' && (
        <label className="ann-toolbar__size">
          <span className="visually-hidden">{t('annotations.fontSize')}</span>
          <select
            value={settings.fontSize}
            onChange={(event) => onSettings({ fontSize: Number(event.target.value) })}
            aria-label={t('annotations.fontSize')}
            title={t('annotations.fontSize')}
            data-testid="ann-font-size"
          >
            {FONT_SIZES.map((s) => (
              <option key={s} value={s}>
                {t('annotations.points', { value: s })}
              </option>
            ))}
          </select>
        </label>
      )}
      <fieldset className="pdf-viewer__group">
        <legend className="visually-hidden">{t('annotations.history')}</legend>
        <button
          type="button"
          className="button"
          onClick={onUndo}
          disabled={!canUndo}
          aria-label={t('annotations.undo')}
          title={t('annotations.undo')}
          data-testid="ann-undo"
        >
          ↶
        </button>
        <button
          type="button"
          className="button"
          onClick={onRedo}
          disabled={!canRedo}
          aria-label={t('annotations.redo')}
          title={t('annotations.redo')}
          data-testid="ann-redo"
        >
          ↷
        </button>
      </fieldset>
      {selected && (
        <fieldset className="pdf-viewer__group" data-testid="ann-selected" data-annotation-id={selected.id}>
          <legend className="visually-hidden">{t('annotations.selected')}</legend>
          {editable && (
            <button type="button" className="button" onClick={onEdit} data-testid="ann-edit">
              {t('annotations.edit')}
            </button>
          )}
          <button type="button" className="button" onClick={onDelete} data-testid="ann-delete">
            {t('annotations.delete')}
          </button>
        </fieldset>
      )}
      {children}
    </div>
  );
}

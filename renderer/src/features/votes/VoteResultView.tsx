import type { VoteResult } from '#common/schemas/vote';
import {
  describeRule,
  formatCount,
  formatOptionLine,
  formatPercent,
  formatPresentShare,
  formatVerdict,
  type ResultLanguage,
} from '#common/votes/format';
import { useTranslation } from 'react-i18next';
import { barLayout, CHART_WIDTH } from './bar-layout';

/** Props of {@link VoteResultView}. */
export interface VoteResultViewProps {
  title: string;
  result: VoteResult;
  /** The projector's version: large type, the chart first. */
  large?: boolean;
}

/** The UI language as the shared wording knows it (Vietnamese for anything else). */
export function resultLanguage(language: string): ResultLanguage {
  return language === 'en' ? 'en' : 'vi';
}

/**
 * A closed vote's result: a bar per option (SVG) and the figures worded as councils announce
 * them ("423 đại biểu tán thành, chiếm 85,63% tổng số đại biểu"), from the shared wording
 * (`#common/votes/format`) that the minutes use too, and the verdict under the rule.
 */
export function VoteResultView({ title, result, large = false }: VoteResultViewProps) {
  const { t, i18n } = useTranslation();
  const lang = resultLanguage(i18n.language);
  const { bars, height } = barLayout(result.counts.map((count) => count.count));
  return (
    <figure
      className={`vote-result${large ? ' vote-result--large' : ''}`}
      data-testid="vote-result"
      data-passed={result.passed ? 'true' : 'false'}
    >
      <figcaption className="vote-result__title">{title}</figcaption>
      <div className="vote-result__chart">
        <ul className="vote-result__labels" aria-hidden="true">
          {result.counts.map((count) => (
            <li key={count.optionId} className="vote-result__label">
              {count.label}
            </li>
          ))}
        </ul>
        <svg
          className="vote-result__bars"
          viewBox={`0 0 ${CHART_WIDTH} ${Math.max(height, 1)}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={t('votes.result.chartLabel')}
          data-testid="vote-result-chart"
        >
          {bars.map((bar) => {
            const count = result.counts[bar.index];
            if (count === undefined) return null;
            return (
              <g key={count.optionId}>
                <rect
                  className="vote-result__track"
                  x={0}
                  y={bar.y}
                  width={CHART_WIDTH}
                  height={bar.height}
                />
                <rect
                  className={`vote-result__bar vote-result__bar--${count.kind}`}
                  x={0}
                  y={bar.y}
                  width={bar.width}
                  height={bar.height}
                  data-testid="vote-result-bar"
                  data-option-id={count.optionId}
                  data-count={count.count}
                />
              </g>
            );
          })}
        </svg>
        <ul className="vote-result__figures" aria-hidden="true">
          {result.counts.map((count) => (
            <li key={count.optionId} className="vote-result__figure">
              {formatCount(count.count, lang)} · {formatPercent(count.percentOfMembers, lang)}%
            </li>
          ))}
        </ul>
      </div>
      <ul className="vote-result__lines">
        {result.counts.map((count) => (
          <li key={count.optionId} data-testid="vote-result-line" data-option-id={count.optionId}>
            {formatOptionLine(count, lang)}
            {!large && <span className="muted"> ({formatPresentShare(count, lang)})</span>}
          </li>
        ))}
      </ul>
      <p
        className={`vote-result__verdict ${result.passed ? 'vote-result__verdict--passed' : 'vote-result__verdict--failed'}`}
        data-testid="vote-result-verdict"
      >
        {t('votes.result.verdict', { verdict: formatVerdict(result, lang) })}
      </p>
      <p className="vote-result__rule muted">
        {t('votes.result.rule', {
          rule: describeRule(result.rule, lang),
          required: formatCount(result.required, lang),
          members: formatCount(result.members, lang),
          present: formatCount(result.present, lang),
          cast: formatCount(result.cast, lang),
        })}
      </p>
    </figure>
  );
}

import type { MajorityRule, OptionCount, VoteResult } from '../schemas/vote';
import { localeOf, numberFormat } from '../intl/formats';

/** The languages results are worded in. */
export type ResultLanguage = 'vi' | 'en';

/** A percentage with exactly two decimals in the language's format: "85,63" (vi), "85.63" (en). */
export function formatPercent(value: number, lang: ResultLanguage): string {
  return numberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** A count in the language's format ("1.234" in Vietnamese). */
export function formatCount(value: number, lang: ResultLanguage): string {
  return numberFormat(lang, { maximumFractionDigits: 0 }).format(value);
}

/** Lower-cases a label's first letter for use inside a sentence ("Tán thành" → "tán thành"). */
function inSentence(label: string, lang: ResultLanguage): string {
  return label.charAt(0).toLocaleLowerCase(localeOf(lang)) + label.slice(1);
}

/** What the members did, in English, for an option of a motion. */
const EN_KIND: Record<'for' | 'against' | 'abstain', string> = {
  for: 'in favour',
  against: 'against',
  abstain: 'abstaining',
};

/**
 * One option's line as councils announce it: "423 đại biểu tán thành, chiếm 85,63% tổng số đại
 * biểu" / "423 delegates in favour, 85.63% of all delegates". Alternatives read "chọn «…»".
 */
export function formatOptionLine(count: OptionCount, lang: ResultLanguage): string {
  const n = formatCount(count.count, lang);
  const pct = formatPercent(count.percentOfMembers, lang);
  if (lang === 'vi') {
    const what = count.kind === 'choice' ? `chọn “${count.label}”` : inSentence(count.label, lang);
    return `${n} đại biểu ${what}, chiếm ${pct}% tổng số đại biểu`;
  }
  const what = count.kind === 'choice' ? `for “${count.label}”` : EN_KIND[count.kind];
  return `${n} ${count.count === 1 ? 'delegate' : 'delegates'} ${what}, ${pct}% of all delegates`;
}

/** The same option's share of the members present: "bằng 89,12% số đại biểu có mặt". */
export function formatPresentShare(count: OptionCount, lang: ResultLanguage): string {
  const pct = formatPercent(count.percentOfPresent, lang);
  return lang === 'vi' ? `bằng ${pct}% số đại biểu có mặt` : `${pct}% of those present`;
}

/** A majority rule in words: "quá nửa tổng số đại biểu" / "more than half of all delegates". */
export function describeRule(rule: MajorityRule, lang: ResultLanguage): string {
  const vi = {
    threshold: rule.threshold === 'simple' ? 'quá nửa' : 'ít nhất hai phần ba',
    base: {
      all: 'tổng số đại biểu',
      present: 'số đại biểu có mặt',
      cast: rule.abstentions === 'include' ? 'số phiếu biểu quyết' : 'số phiếu tán thành và không tán thành',
    }[rule.base],
  };
  const en = {
    threshold: rule.threshold === 'simple' ? 'more than half' : 'at least two thirds',
    base: {
      all: 'all delegates',
      present: 'the delegates present',
      cast: rule.abstentions === 'include' ? 'the votes cast' : 'the votes cast, abstentions not counted',
    }[rule.base],
  };
  const words = lang === 'vi' ? vi : en;
  return `${words.threshold} ${lang === 'vi' ? '' : 'of '}${words.base}`;
}

/** "được thông qua" / "passed". */
export function formatVerdict(result: VoteResult, lang: ResultLanguage): string {
  if (lang === 'vi') return result.passed ? 'được thông qua' : 'không được thông qua';
  return result.passed ? 'passed' : 'not passed';
}

/**
 * The whole result as lines for the projector, the minutes and the audit view: the numbers the
 * vote opened with, each option, and the verdict under its rule.
 */
export function formatResult(result: VoteResult, lang: ResultLanguage): string[] {
  const c = (n: number) => formatCount(n, lang);
  const head =
    lang === 'vi'
      ? `Tổng số đại biểu: ${c(result.members)}; có mặt: ${c(result.present)}; số phiếu: ${c(result.cast)}`
      : `Delegates: ${c(result.members)}; present: ${c(result.present)}; ballots cast: ${c(result.cast)}`;
  const lines = result.counts.map(
    (count) => `${formatOptionLine(count, lang)} (${formatPresentShare(count, lang)})`,
  );
  const rule = describeRule(result.rule, lang);
  const verdict =
    lang === 'vi'
      ? `Kết quả: ${formatVerdict(result, lang)} (cần ${rule}: ${c(result.required)} phiếu)`
      : `Result: ${formatVerdict(result, lang)} (needs ${rule}: ${c(result.required)} votes)`;
  return [head, ...lines, verdict];
}

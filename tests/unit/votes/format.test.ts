import { describe, expect, it } from 'vitest';
import { HDND_RULE, motionOptions } from '#common/schemas/vote';
import { describeRule, formatOptionLine, formatPercent, formatResult } from '#common/votes/format';
import { tallyVote } from '#common/votes/tally';

const result = tallyVote({
  options: motionOptions(),
  rule: HDND_RULE,
  members: 494,
  present: 470,
  eligible: 470,
  counts: { for: 423, against: 30, abstain: 17 },
});

describe('result wording', () => {
  it('says it as Vietnamese councils announce it: decimal comma, two decimals', () => {
    expect(formatOptionLine(result.counts[0]!, 'vi')).toBe(
      '423 đại biểu tán thành, chiếm 85,63% tổng số đại biểu',
    );
    expect(formatOptionLine(result.counts[2]!, 'vi')).toBe(
      '17 đại biểu không biểu quyết, chiếm 3,44% tổng số đại biểu',
    );
    expect(formatPercent(90, 'vi')).toBe('90,00');
  });

  it('in English with a decimal point', () => {
    expect(formatOptionLine(result.counts[0]!, 'en')).toBe(
      '423 delegates in favour, 85.63% of all delegates',
    );
  });

  it('uses the meeting’s own labels', () => {
    const own = tallyVote({
      options: motionOptions({ for: 'Đồng ý', against: 'Không đồng ý', abstain: 'Phiếu trắng' }),
      rule: HDND_RULE,
      members: 10,
      present: 10,
      eligible: 10,
      counts: { for: 7 },
    });
    expect(formatOptionLine(own.counts[0]!, 'vi')).toBe('7 đại biểu đồng ý, chiếm 70,00% tổng số đại biểu');
  });

  it('names the rule and the verdict', () => {
    expect(describeRule(HDND_RULE, 'vi')).toBe('quá nửa tổng số đại biểu');
    const lines = formatResult(result, 'vi');
    expect(lines[0]).toBe('Tổng số đại biểu: 494; có mặt: 470; số phiếu: 470');
    expect(lines[1]).toContain('bằng 90,00% số đại biểu có mặt');
    expect(lines.at(-1)).toBe('Kết quả: được thông qua (cần quá nửa tổng số đại biểu: 248 phiếu)');
    expect(formatResult(result, 'en').at(-1)).toBe(
      'Result: passed (needs more than half of all delegates: 248 votes)',
    );
  });
});

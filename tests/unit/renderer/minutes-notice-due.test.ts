import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { exportFileName } from '../../../renderer/src/features/minutes/export-file-name';
import { noticeDue } from '../../../renderer/src/features/minutes/notice-due';
import { resources } from '../../../renderer/src/i18n';
import { addWorkingDays } from '../../../sync-server/store/working-days';

/** An instant given as Vietnam's wall clock (UTC+7). */
const vn = (local: string) => new Date(`${local}+07:00`);

describe('noticeDue: the working days the minutes screen shows beside the notice', () => {
  it('leaves none on the due day itself, one the working day before', () => {
    // Tuesday 12 January 2027; the day before is Monday 11.
    expect(noticeDue('2027-01-12', vn('2027-01-12T09:00:00'))).toEqual({ kind: 'left', days: 0 });
    expect(noticeDue('2027-01-12', vn('2027-01-11T09:00:00'))).toEqual({ kind: 'left', days: 1 });
    // Saturday 9 and Sunday 10 are not working days: from Friday 8, two are left.
    expect(noticeDue('2027-01-12', vn('2027-01-08T09:00:00'))).toEqual({ kind: 'left', days: 2 });
  });

  it('skips Tết and its compensatory days (Tết 2027 is Saturday 6 February)', () => {
    // After Thu 4 Feb: 5 (Tết eve), 8, 9 and the days in lieu 10, 11 are off; Fri 12 and Mon 15 work.
    expect(noticeDue('2027-02-15', vn('2027-02-04T10:00:00'))).toEqual({ kind: 'left', days: 2 });
  });

  it('agrees with the server: on the meeting day its notice has 5 working days left, 4 the next', () => {
    for (const ended of [
      '2027-01-08T16:00:00',
      '2027-02-03T11:00:00',
      '2027-04-28T15:00:00',
      '2027-08-30T10:00:00',
    ]) {
      const due = addWorkingDays(vn(ended), 5);
      const nextWorkingDay = addWorkingDays(vn(ended), 1);
      expect(noticeDue(due, vn(ended)), `meeting ended ${ended}`).toEqual({ kind: 'left', days: 5 });
      expect(noticeDue(due, vn(`${nextWorkingDay}T08:00:00`)), `meeting ended ${ended}`).toEqual({
        kind: 'left',
        days: 4,
      });
    }
  });

  it('says overdue by working days, at least one, from the first day after the due day', () => {
    // Due Friday 8 January 2027.
    expect(noticeDue('2027-01-08', vn('2027-01-09T10:00:00'))).toEqual({ kind: 'overdue', days: 1 });
    expect(noticeDue('2027-01-08', vn('2027-01-11T10:00:00'))).toEqual({ kind: 'overdue', days: 1 });
    expect(noticeDue('2027-01-08', vn('2027-01-13T10:00:00'))).toEqual({ kind: 'overdue', days: 3 });
  });

  it("turns the day at Vietnam's midnight, not UTC's", () => {
    expect(noticeDue('2027-01-08', new Date('2027-01-08T16:30:00Z'))).toEqual({ kind: 'left', days: 0 });
    expect(noticeDue('2027-01-08', new Date('2027-01-08T17:30:00Z'))).toEqual({ kind: 'overdue', days: 1 });
  });
});

describe('the notice due lines in both languages', () => {
  it('words the count in Vietnamese and English (singular and plural)', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources, lng: 'vi', fallbackLng: false, interpolation: { escapeValue: false } });
    expect(i18n.t('minutes.notice.due', { date: '12/01/2027', count: 3 })).toBe(
      'Hạn ban hành: 12/01/2027 (còn 3 ngày làm việc).',
    );
    expect(i18n.t('minutes.notice.overdue', { date: '08/01/2027', count: 2 })).toContain(
      'đã quá 2 ngày làm việc',
    );
    expect(i18n.t('minutes.notice.dueSoon', { date: '12/01/2027', count: 0 })).toBe(
      'Hôm nay (12/01/2027) là hạn chót ban hành thông báo kết luận.',
    );
    await i18n.changeLanguage('en');
    expect(i18n.t('minutes.notice.dueSoon', { date: '12/01/2027', count: 1 })).toContain(
      '1 working day left',
    );
    expect(i18n.t('minutes.notice.overdue', { date: '08/01/2027', count: 2 })).toContain(
      '2 working days ago',
    );
  });
});

describe('exportFileName', () => {
  it('names the files as the server does: the number with dashes, or "(bản nháp)"', () => {
    expect(exportFileName('pdf', '01/BB-UBND')).toBe('Biên bản 01-BB-UBND.pdf');
    expect(exportFileName('pdfa', '01/BB-UBND')).toBe('Biên bản 01-BB-UBND PDF-A.pdf');
    expect(exportFileName('docx', null)).toBe('Biên bản (bản nháp).docx');
    expect(exportFileName('notice', '02/TB-UBND')).toBe('Thông báo kết luận 02-TB-UBND.pdf');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { confirmDiscard, hasUnsaved, setUnsaved } from '../../../renderer/src/lib/unsaved-changes';

describe('unsaved changes', () => {
  afterEach(() => {
    confirmDiscard('', () => true);
  });

  it('lets the user leave at once when nothing is unsaved, without asking', () => {
    const asked: string[] = [];
    expect(confirmDiscard('Bỏ thay đổi?', (q) => asked.push(q) > 0)).toBe(true);
    expect(asked).toEqual([]);
  });

  it('asks before dropping edits, and keeps them when the user says no', () => {
    setUnsaved('meeting-form-1', true);
    const asked: string[] = [];
    const refuse = (question: string): boolean => {
      asked.push(question);
      return false;
    };
    expect(confirmDiscard('Bỏ thay đổi?', refuse)).toBe(false);
    expect(asked).toEqual(['Bỏ thay đổi?']);
    expect(hasUnsaved()).toBe(true);
    expect(confirmDiscard('Bỏ thay đổi?', () => true)).toBe(true);
    expect(hasUnsaved()).toBe(false);
  });

  it('forgets a form once it is saved', () => {
    setUnsaved('meeting-form-1', true);
    setUnsaved('create-meeting', true);
    setUnsaved('meeting-form-1', false);
    expect(hasUnsaved()).toBe(true);
    setUnsaved('create-meeting', false);
    expect(hasUnsaved()).toBe(false);
  });
});

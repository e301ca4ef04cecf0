import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ownRoomServer } from './own-room';

/**
 * The minutes: secretary A inserts a closed vote's result into the minutes, secretary B (in a
 * browser of their own) sees the same block with the same figures, the chair finalises and both
 * secretaries' screens say "Đã chốt". Starts its own room server: it closes a vote and freezes
 * the demo meeting's minutes, which other specs must not see.
 */

const SHOTS = process.env.MINUTES_SHOTS_DIR ?? '/tmp/minutes-shots';

const room = ownRoomServer(SHOTS);
const { api, join } = room;

/** A participant in a browser of their own, joined with a join link. */
const joinAs = (browser: Browser, joinCode: string): Promise<Page> => room.joinInBrowser(browser, joinCode);

async function openMinutes(page: Page): Promise<void> {
  await page.getByTestId('nav-minutes').click();
  await expect(page.getByTestId('minutes-screen')).toBeVisible();
  // The template the server seeded, never typed by the client.
  await expect(page.getByTestId('minutes-text')).toContainText('II. Nội dung cuộc họp', { timeout: 15_000 });
}

test('a secretary inserts a vote result, a second secretary sees it, the chair finalises', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const { info } = room;
  const meetingId = info.demo.meetingId;
  if (!info.adminCode) throw new Error('the e2e server started without an admin code');

  // Set up through the API: a second secretary, a chair's second device, a closed vote.
  const staff = await join(info.adminCode);
  const second = await api<{ participant: { id: string } }>(
    'POST',
    `/meetings/${meetingId}/participants`,
    staff,
    {
      name: 'Thư ký Trần Văn Hai',
      role: 'secretary',
      group: '',
    },
  );
  const codeFor = async (participantId: string) =>
    (await api<{ code: string }>('POST', `/participants/${participantId}/join-codes`, staff, {})).code;
  const secondCode = await codeFor(second.participant.id);
  const chairEntry = room.code('chair');
  const delegates = room.codes('delegate');
  if (!chairEntry || delegates.length < 6) throw new Error('the demo lacks a chair or delegates');
  const chairApi = await join(chairEntry.code);
  const chairBrowserCode = await codeFor(chairEntry.participantId);
  for (const p of [chairEntry, ...delegates]) {
    await api('PUT', `/participants/${p.participantId}/attendance`, staff, { status: 'present' });
  }
  const detail = await api<{ agenda: { id: string }[] }>('GET', `/meetings/${meetingId}`, chairApi);
  const itemId = detail.agenda[0]?.id;
  if (!itemId) throw new Error('the demo meeting has no agenda');
  const { vote } = await api<{ vote: { id: string } }>('POST', `/meetings/${meetingId}/votes`, chairApi, {
    agendaItemId: itemId,
    title: 'Thông qua Nghị quyết về bảng giá đất năm 2027',
  });
  await api('POST', `/votes/${vote.id}/open`, chairApi);
  const choices = ['for', 'for', 'for', 'against'];
  for (const [i, optionId] of choices.entries()) {
    const token = await join(delegates[i]!.code);
    await api('POST', `/votes/${vote.id}/ballots`, token, {
      idempotencyKey: `e2e-minutes-ballot-${i}-aaaaaaaaaa`,
      optionId,
    });
  }
  await api('POST', `/votes/${vote.id}/close`, chairApi);

  const secretaryEntry = room.code('secretary');
  if (!secretaryEntry) throw new Error('the demo has no secretary');
  const a = await joinAs(browser, secretaryEntry.code);
  const b = await joinAs(browser, secondCode);

  await test.step('secretary A inserts the vote result', async () => {
    await openMinutes(a);
    await expect(a.getByTestId('minutes-state')).toHaveText('Bản nháp');
    await a
      .getByTestId('minutes-insert-vote')
      .selectOption({ label: 'Thông qua Nghị quyết về bảng giá đất năm 2027' });
    const block = a.getByTestId('minutes-record');
    await expect(block).toBeVisible();
    await expect(block.getByTestId('minutes-record-count')).toHaveText(['3', '1', '0']);
    await a.screenshot({ path: `${SHOTS}/minutes-secretary-a.png`, fullPage: true });
  });

  await test.step('secretary B sees the same block with the same figures', async () => {
    await openMinutes(b);
    const block = b.getByTestId('minutes-record');
    await expect(block).toBeVisible();
    await expect(block.getByTestId('minutes-record-count')).toHaveText(['3', '1', '0']);
    await expect(block).toContainText('Thông qua Nghị quyết về bảng giá đất năm 2027');
    await b.screenshot({ path: `${SHOTS}/minutes-secretary-b.png`, fullPage: true });
  });

  await test.step('the chair finalises; both secretaries see the frozen state', async () => {
    const chair = await joinAs(browser, chairBrowserCode);
    await openMinutes(chair);
    await chair.getByTestId('minutes-finalise').click();
    await expect(chair.getByTestId('minutes-state')).toHaveText('Đã chốt');
    await expect(chair.getByText(/Số: 01\/BB-/)).toBeVisible();
    await expect(chair.getByTestId('minutes-publish')).toBeVisible();
    for (const page of [a, b]) await expect(page.getByTestId('minutes-state')).toHaveText('Đã chốt');
    await chair.screenshot({ path: `${SHOTS}/minutes-chair-final.png`, fullPage: true });
  });
});

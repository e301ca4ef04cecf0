/**
 * The chair names the presenter from the session screen: a delegate reading the document has
 * no "Trình chiếu" until the chair picks them in "Người trình bày"; then they present, the
 * chair's card says so, and "Thu hồi" takes the control away again (and ends their share).
 * Then "Mời trình bày" on the speaker who has the floor names that speaker in one click.
 */
import { type AnnotationRoom, joinAndOpen, startAnnotationRoom } from './annotation-room';
import { expect, test } from './fixtures';
import { meetingApi } from './room-api';
import { screenshots } from './viewer-page';

let room: AnnotationRoom;
/** The chair's join code (the annotation room has no chair of its own). */
let chairCode = '';

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  room = await startAnnotationRoom(playwright, {
    meetingTitle: 'Phiên họp thử chỉ định người trình bày',
    delegates: ['Phạm Văn Trình', 'Đỗ Thị Nghe'],
    documentTitle: 'Tờ trình chỉ định thử',
    extras: false,
  });
  const request = await playwright.request.newContext();
  try {
    const meeting = meetingApi(request, room.server.info.url, room.secretariat, room.meetingId);
    // An item to discuss, so someone can be given the floor ("Mời trình bày" on the speaker).
    await meeting.addAgendaItem('Tờ trình chỉ định thử');
    chairCode = await meeting.joinCode(await meeting.addParticipant('Nguyễn Văn Chủ Tọa', 'chair'));
  } finally {
    await request.dispose();
  }
});

test.afterAll(async () => {
  await room?.server.stop();
});

const shot = screenshots('presenter-name', '/tmp/presenter-name-shots');

test('the chair names a delegate presenter from the session screen, takes it back, invites the speaker', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const [aId, bId] = room.participantIds as [string, string];
  const chairContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const delegateContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const chair = await chairContext.newPage();
    const a = await delegateContext.newPage();
    await chair.goto(`${room.server.info.url}/?join=${chairCode}`);
    await expect(chair.getByTestId('agenda-screen')).toBeVisible({ timeout: 30_000 });
    await chair.getByTestId('nav-session').click();
    const card = chair.getByTestId('presenter-console');
    await expect(card).toBeVisible();
    await expect(card.getByTestId('presenter-current')).toHaveText(
      'Chưa chỉ định người trình bày — chủ tọa trình chiếu.',
    );
    // The chair presents without a name and is not offered: only the two delegates are.
    await expect(card.getByTestId('presenter-pick').locator('option')).toHaveText([
      '—',
      'Phạm Văn Trình',
      'Đỗ Thị Nghe',
    ]);
    await expect(card.getByTestId('presenter-revoke')).toHaveCount(0);

    await joinAndOpen(a, room, room.codes.first[0]);
    const present = a.getByTestId('pdf-viewer').getByTestId('present-toggle');
    // Barrier: the viewer's follow bar is in (empty), and without a name it has no "Trình chiếu".
    await expect(a.getByTestId('pdf-viewer').getByTestId('follow-bar')).toBeAttached();
    await expect(present).toHaveCount(0);

    await test.step('the chair names A; A gets "Trình chiếu" and presents', async () => {
      await card.getByTestId('presenter-pick').selectOption(aId);
      await card.getByTestId('presenter-name').click();
      await expect(card).toHaveAttribute('data-presenter-id', aId);
      await expect(card.getByTestId('presenter-current')).toHaveText('Người trình bày: Phạm Văn Trình');
      await expect(present).toBeVisible({ timeout: 15_000 });
      await expect(present).toHaveText('Trình chiếu');
      await present.click();
      await expect(present).toHaveAttribute('aria-pressed', 'true');
      await expect(card.getByTestId('presenter-sharing')).toHaveText('Phạm Văn Trình đang trình chiếu', {
        timeout: 15_000,
      });
      await shot(chair, 'chair-named');
      await shot(a, 'delegate-presents');
    });

    await test.step('"Thu hồi": A loses the control and the share ends', async () => {
      await card.getByTestId('presenter-revoke').click();
      await expect(card).toHaveAttribute('data-presenter-id', '');
      await expect(card.getByTestId('presenter-current')).toHaveText(
        'Chưa chỉ định người trình bày — chủ tọa trình chiếu.',
      );
      await expect(card.getByTestId('presenter-sharing')).toHaveCount(0);
      await expect(present).toHaveCount(0, { timeout: 15_000 });
      await expect(card.getByTestId('presenter-error')).toHaveCount(0);
      await shot(chair, 'chair-revoked');
    });

    await test.step('"Mời trình bày" on the speaker who has the floor names them', async () => {
      await chair.getByTestId('session-start').click();
      await chair.getByTestId('item-next').click();
      await expect(chair.getByTestId('console-current-item')).toContainText('1.');
      const speakers = chair.getByTestId('speakers-console');
      await speakers.getByTestId('add-speaker-who').selectOption(bId);
      await speakers.getByRole('button', { name: 'Thêm vào danh sách' }).click();
      await speakers.getByTestId('grant-floor').click();
      await expect(speakers.getByTestId('console-speaker')).toContainText('Đỗ Thị Nghe');
      await speakers.scrollIntoViewIfNeeded();
      await shot(chair, 'chair-speaker-invite');
      await speakers.getByTestId('invite-presenter').click();
      await expect(card).toHaveAttribute('data-presenter-id', bId);
      await expect(card.getByTestId('presenter-current')).toHaveText('Người trình bày: Đỗ Thị Nghe');
      // Named already: the shortcut has nothing left to do.
      await expect(speakers.getByTestId('invite-presenter')).toHaveCount(0);
      await expect(speakers.getByTestId('speakers-error')).toHaveCount(0);
      await card.scrollIntoViewIfNeeded();
      await shot(chair, 'chair-invited-speaker');
    });
  } finally {
    await chairContext.close();
    await delegateContext.close();
  }
});

import { join } from 'node:path';
import type { Browser, Page, WebSocketRoute } from '@playwright/test';
import { type Room, expect, test } from './fixtures';
import { RESULTS_DIR } from './room-server';

/** Screenshots go to a fixed place with readable names, to be looked at by people. */
const SHOTS = join(RESULTS_DIR, 'screenshots');
const shot = (page: Page, name: string, fullPage = true): Promise<Buffer> =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });

/** Opens the web client served by the room server and redeems a join code through the form. */
async function joinWithForm(page: Page, room: Room, code: string): Promise<void> {
  await page.goto(room.info.url);
  await expect(page.getByTestId('join-screen')).toBeVisible();
  // Served by the room server over http, the address field is already filled in.
  await expect(page.getByTestId('join-server')).toHaveValue(new URL(room.info.url).origin);
  await page.getByTestId('join-code').fill(code);
  await page.getByTestId('join-submit').click();
}

/** The agenda as the test compares it between participants: number and item id, in order. */
async function agendaOutline(page: Page): Promise<string[]> {
  return page
    .getByTestId('agenda-item')
    .evaluateAll((items) =>
      items.map((li) => `${li.getAttribute('data-number')} ${li.getAttribute('data-item-id')}`),
    );
}

async function expectVietnameseAgenda(page: Page, room: Room): Promise<void> {
  await expect(page.getByTestId('agenda-heading')).toHaveText('Chương trình họp');
  await expect(page.getByTestId('meeting-title')).toHaveText(room.info.demo.meetingTitle);
  const items = page.getByTestId('agenda-item');
  await expect(items.first()).toHaveAttribute('data-number', '1');
  expect(await items.count()).toBeGreaterThanOrEqual(5);
  // The flat API list is drawn as a tree: top-level 1, 2, … with sub-items 2.1, 2.2, …
  await expect(page.locator('[data-testid="agenda-item"][data-number="2"]')).toBeVisible();
  await expect(page.locator('[data-testid="agenda-item"][data-number="2.1"]')).toBeVisible();
  await expect(page.locator('[data-testid="agenda-item"][data-number="3"]')).toBeVisible();
  await expect(page.getByTestId('connection-badge')).toHaveText('Trực tuyến');
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-state', 'online');
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test('a malformed or wrong join code is refused with a Vietnamese message', async ({ page, room }) => {
  await page.goto(room.info.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('heading', { name: 'Tham gia cuộc họp' })).toBeVisible();

  await page.getByTestId('join-code').fill('ABC');
  await page.getByTestId('join-submit').click();
  await expect(page.getByTestId('join-code-error')).toHaveText(
    'Mã tham gia gồm 8 chữ cái hoặc chữ số, dạng XXXX-XXXX.',
  );

  // Well-formed but unknown: only the server can say no.
  await page.getByTestId('join-code').fill('zzzz zzzz');
  await page.getByTestId('join-submit').click();
  // The server says which: unknown here (used or expired codes are told apart).
  await expect(page.getByTestId('join-error')).toContainText(
    'Mã tham gia không đúng. Vui lòng kiểm tra lại giấy mời họp.',
  );
  await expect(page.getByTestId('join-error')).toHaveAttribute('data-code', 'invalid_code');
  await expect(page.getByTestId('join-code')).toHaveValue('ZZZZ-ZZZZ');

  await page.getByTestId('join-link').fill('http://example.org/no-code-here');
  await page.getByTestId('join-link-submit').click();
  await expect(page.getByTestId('join-link-error')).toContainText('Liên kết tham gia không hợp lệ');
  await shot(page, '01-join-errors-vi');
});

test('the chair and a delegate join and see the same agenda; English is one click away', async ({
  browser,
  room,
}) => {
  const chairCode = room.takeCode('chair');
  const delegateCode = room.takeCode('delegate');

  const chair = await newPage(browser);
  await test.step('the chair joins with the form', async () => {
    await joinWithForm(chair, room, chairCode.code);
    await expectVietnameseAgenda(chair, room);
    await expect(chair.getByTestId('participant-name')).toHaveText(chairCode.name);
    await expect(chair.getByTestId('participant-role')).toHaveText('Chủ tọa');
    await expect(chair.getByTestId('agenda-item-title').first()).not.toBeEmpty();
    await expect(chair.getByText('Người trình bày').first()).toBeVisible();
    await shot(chair, '02-chair-agenda-vi');
  });

  const delegate = await newPage(browser);
  await test.step('a delegate joins by opening a join link', async () => {
    await delegate.goto(`${room.info.url}/?join=${delegateCode.code}`);
    await expectVietnameseAgenda(delegate, room);
    await expect(delegate.getByTestId('participant-name')).toHaveText(delegateCode.name);
    await expect(delegate.getByTestId('participant-role')).toHaveText('Đại biểu');
    // The code is removed from the address bar so a reload does not try to redeem it again.
    expect(new URL(delegate.url()).searchParams.has('join')).toBe(false);
    expect(await agendaOutline(delegate)).toEqual(await agendaOutline(chair));
    await shot(delegate, '03-delegate-agenda-vi');
  });

  await test.step('the delegate switches to English, and the choice survives a reload', async () => {
    await delegate.getByTestId('language-en').click();
    await expect(delegate.getByTestId('agenda-heading')).toHaveText('Agenda');
    await expect(delegate.getByTestId('participant-role')).toHaveText('Delegate');
    await expect(delegate.getByTestId('connection-badge')).toHaveText('Online');
    await expect(delegate.locator('html')).toHaveAttribute('lang', 'en');
    await shot(delegate, '04-delegate-agenda-en');
    await delegate.reload();
    await expect(delegate.getByTestId('agenda-heading')).toHaveText('Agenda');
    await expect(delegate.getByTestId('connection-badge')).toHaveText('Online');
    await delegate.getByTestId('language-vi').click();
    await expect(delegate.getByTestId('agenda-heading')).toHaveText('Chương trình họp');
  });

  await test.step('the chair leaves the meeting room; the device is signed out', async () => {
    await chair.getByTestId('leave-button').click();
    // Leaving asks first (offline.spec.ts covers the question itself).
    await chair.getByTestId('leave-confirm').click();
    await expect(chair.getByTestId('join-screen')).toBeVisible();
    await expect(chair.getByTestId('join-notice')).toHaveText('Bạn đã rời phòng họp trên thiết bị này.');
    await chair.reload();
    await expect(chair.getByTestId('join-screen')).toBeVisible();
  });

  await chair.context().close();
  await delegate.context().close();
});

test('room staff pick the meeting, and an agenda change reaches a delegate live', async ({
  browser,
  room,
}) => {
  const adminCode = room.info.adminCode;
  test.skip(adminCode === null, 'this data folder already had its secretariat account');

  const staff = await newPage(browser);
  await test.step('the secretariat joins and picks the demo meeting', async () => {
    await joinWithForm(staff, room, adminCode ?? '');
    await expect(staff.getByTestId('meeting-picker')).toBeVisible();
    await expect(staff.getByRole('heading', { name: 'Chọn cuộc họp', exact: true })).toBeVisible();
    await expect(staff.getByTestId('participant-role')).toHaveText('Văn thư');
    await expect(staff.getByTestId('connection-badge')).toHaveText('Trực tuyến');
    await shot(staff, '05-staff-picker-vi');
    await staff
      .locator(`[data-testid="meeting-option"][data-meeting-id="${room.info.demo.meetingId}"]`)
      .click();
    await expectVietnameseAgenda(staff, room);
  });

  const delegateCode = room.takeCode('delegate');
  const delegate = await newPage(browser);
  await joinWithForm(delegate, room, delegateCode.code);
  await expectVietnameseAgenda(delegate, room);
  const before = await delegate.getByTestId('agenda-item').count();

  await test.step('a new agenda item appears without reloading', async () => {
    const session = await staff.evaluate(() => localStorage.getItem('paperless.session.v1'));
    const token = (JSON.parse(session ?? '{}') as { token?: string }).token;
    expect(token).toBeTruthy();
    const title = 'Các vấn đề phát sinh';
    const response = await staff.request.post(
      `${room.info.url}/api/v1/meetings/${room.info.demo.meetingId}/agenda-items`,
      {
        headers: { Authorization: `Bearer ${token}` },
        data: { title, presenter: 'Chánh Văn phòng UBND tỉnh', durationMinutes: 10 },
      },
    );
    expect(response.status()).toBe(201);
    await expect(delegate.getByTestId('agenda-item')).toHaveCount(before + 1);
    await expect(delegate.getByTestId('agenda-item').last()).toContainText(title);
    await shot(delegate, '06-delegate-agenda-updated-vi');
  });

  await test.step("the secretariat revokes the delegate's device; it is sent back to the join screen", async () => {
    const read = (page: Page) =>
      page.evaluate(() => JSON.parse(localStorage.getItem('paperless.session.v1') ?? '{}') as unknown);
    const { token } = (await read(staff)) as { token: string };
    const { info } = (await read(delegate)) as { info: { deviceSessionId: string } };
    const response = await staff.request.post(
      `${room.info.url}/api/v1/devices/${info.deviceSessionId}/revoke`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(response.status()).toBe(200);
    // The server closes the live socket with SessionRevoked (4401); no reload, no polling.
    await expect(delegate.getByTestId('join-screen')).toBeVisible();
    await expect(delegate.getByTestId('join-notice')).toContainText('đã kết thúc hoặc bị thu hồi');
  });

  await staff.context().close();
  await delegate.context().close();
});

test('the connection badge follows the network and the live socket', async ({ browser, room }) => {
  const delegateCode = room.takeCode('delegate');
  const context = await browser.newContext();
  const page = await context.newPage();

  // Proxy the Yjs socket through Playwright so the test can cut it like a failing Wi-Fi would.
  let cut = false;
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/yjs\//, (ws) => {
    if (cut) {
      void ws.close({ code: 1011, reason: 'test cut the line' });
      return;
    }
    sockets.push(ws);
    ws.connectToServer();
  });

  await joinWithForm(page, room, delegateCode.code);
  await expectVietnameseAgenda(page, room);
  const badge = page.getByTestId('connection-badge');

  await test.step('no network at all: Ngoại tuyến', async () => {
    await context.setOffline(true);
    await expect(badge).toHaveText('Ngoại tuyến');
    await expect(badge).toHaveAttribute('data-state', 'offline');
    await shot(page, '07-offline-vi', false);
    await context.setOffline(false);
    await expect(badge).toHaveText('Trực tuyến');
  });

  await test.step('the socket drops: Đang kết nối lại, then back to Trực tuyến', async () => {
    cut = true;
    for (const ws of sockets.splice(0)) await ws.close({ code: 1011, reason: 'test cut the line' });
    await expect(badge).toHaveText('Đang kết nối lại');
    // The agenda stays on screen while reconnecting.
    await expect(page.getByTestId('agenda-item').first()).toBeVisible();
    await shot(page, '08-reconnecting-vi', false);
    cut = false;
    await expect(badge).toHaveText('Trực tuyến', { timeout: 15_000 });
  });

  await context.close();
});

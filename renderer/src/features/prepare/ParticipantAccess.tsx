import type { JoinCodeResponse } from '#common/schemas/api';
import type { DeviceSession, Participant } from '#common/schemas/participant';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deviceLabelText } from '../../lib/device-label';
import { formatDateTime } from '../../lib/format';
import { FailureMessage, usePrepare } from './prepare-context';
import { useBusyAction } from './use-busy-action';

/**
 * The QR code as an image. The SVG comes from our server, but it is still shown as an
 * `<img>` (a data: URL), never injected as markup: an image cannot run script or reach the page.
 */
export function qrImageSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Props of {@link ParticipantAccess}. */
export interface ParticipantAccessProps {
  participant: Participant;
}

/**
 * A participant's way in: "Tạo mã tham gia" (a one-time join code with its QR code), and the
 * devices that joined as this participant, each with "Thu hồi" (revoke).
 */
export function ParticipantAccess({ participant }: ParticipantAccessProps) {
  const { t, i18n } = useTranslation();
  const { prepareApi, fail, timeZone } = usePrepare();
  const id = useId();
  const [code, setCode] = useState<JoinCodeResponse | null>(null);
  const [devices, setDevices] = useState<DeviceSession[] | null>(null);
  const { busy, failure, setFailure, run } = useBusyAction();
  const [confirmRevoke, setConfirmRevoke] = useState<string | null>(null);

  const loadDevices = useCallback(() => {
    prepareApi.listDevices(participant.id).then(setDevices, (error: unknown) => setFailure(fail(error)));
  }, [prepareApi, participant.id, fail, setFailure]);

  useEffect(loadDevices, [loadDevices]);

  return (
    <div className="prep-access" data-testid="participant-access">
      <div className="prep-access__code">
        <div className="prepare-actions">
          <button
            type="button"
            className="button button--primary button--small"
            data-testid="join-code-create"
            disabled={busy !== null}
            onClick={() =>
              void run('code', async () => {
                setCode(await prepareApi.createJoinCode(participant.id));
              })
            }
          >
            {code ? t('prepare.access.newCode') : t('prepare.access.createCode')}
          </button>
        </div>
        {code && (
          <figure className="prep-code" data-testid="join-code-card">
            <img
              className="prep-code__qr"
              src={qrImageSource(code.qrSvg)}
              alt={t('prepare.access.qrAlt', { name: participant.name })}
              width={180}
              height={180}
            />
            <figcaption>
              <p className="prep-code__label">{t('prepare.access.codeLabel')}</p>
              <p className="prep-code__value" data-testid="join-code-value">
                {code.code}
              </p>
              <p className="muted">
                {t('prepare.access.expires', {
                  time: formatDateTime(code.expiresAt, i18n.language, timeZone),
                })}
              </p>
              <p className="prep-code__url">
                {t('prepare.access.link')} <code>{code.joinUrl}</code>
              </p>
              <p className="field__hint">{t('prepare.access.once')}</p>
            </figcaption>
          </figure>
        )}
      </div>

      <div className="prep-access__devices">
        <h5 id={`${id}-devices`} className="prep-access__heading">
          {t('prepare.access.devices')}
        </h5>
        {devices === null && !failure && <p className="muted">{t('prepare.loading')}</p>}
        {devices?.length === 0 && <p className="muted">{t('prepare.access.noDevices')}</p>}
        {devices && devices.length > 0 && (
          <ul className="prep-devices" aria-labelledby={`${id}-devices`}>
            {devices.map((device) => (
              <li key={device.id} data-testid="device-row" data-revoked={device.revokedAt ? 'true' : 'false'}>
                <span className="prep-devices__label">{deviceLabelText(device.deviceLabel, t)}</span>
                <span className="muted">
                  {t('prepare.access.lastSeen', {
                    time: formatDateTime(device.lastSeenAt, i18n.language, timeZone),
                  })}
                </span>
                {device.revokedAt ? (
                  <span className="tag">
                    {t('prepare.access.revokedAt', {
                      time: formatDateTime(device.revokedAt, i18n.language, timeZone),
                    })}
                  </span>
                ) : confirmRevoke === device.id ? (
                  <span
                    className="prep-confirm prep-confirm--inline"
                    role="alertdialog"
                    aria-label={t('prepare.access.confirmRevoke')}
                  >
                    {t('prepare.access.confirmRevoke')}
                    <button
                      type="button"
                      className="button button--small button--danger"
                      // biome-ignore lint/a11y/noAutofocus: the confirmation was just asked for; focus its answer
                      autoFocus
                      disabled={busy !== null}
                      onClick={() =>
                        void run(device.id, async () => {
                          const revoked = await prepareApi.revokeDevice(device.id);
                          setDevices((list) => list?.map((d) => (d.id === revoked.id ? revoked : d)) ?? null);
                          setConfirmRevoke(null);
                        })
                      }
                    >
                      {t('prepare.access.revoke')}
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => setConfirmRevoke(null)}
                    >
                      {t('prepare.cancel')}
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    className="button button--small button--danger"
                    data-testid="device-revoke"
                    onClick={() => setConfirmRevoke(device.id)}
                  >
                    {t('prepare.access.revoke')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        <button type="button" className="button button--small button--quiet-dark" onClick={loadDevices}>
          {t('prepare.access.refresh')}
        </button>
      </div>
      {failure && <FailureMessage failure={failure} />}
    </div>
  );
}

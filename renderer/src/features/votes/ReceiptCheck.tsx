import { ROUTES } from '#common/http/route-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../lib/api';
import { useAction } from '../session/use-action';
import { type BallotStore, checkReceipt, type ReceiptCheck as Check } from './ballot-store';

/** Props of {@link ReceiptCheck}. */
export interface ReceiptCheckProps {
  call: Call;
  voteId: string;
  ballots: BallotStore;
  onUnauthenticated: () => void;
}

/**
 * "Kiểm tra phiếu của tôi": after a secret vote closes, looks this device's receipt up in the
 * published kiểm phiếu record and says whether the ballot was counted, and as cast.
 */
export function ReceiptCheck({ call, voteId, ballots, onUnauthenticated }: ReceiptCheckProps) {
  const { t } = useTranslation();
  const action = useAction(onUnauthenticated);
  const [result, setResult] = useState<Check | null>(null);
  const mine = ballots.get(voteId);
  if (mine === null || mine.receipt === null) return null;
  const check = async (): Promise<void> => {
    const answer = await action.run(() => call(ROUTES.voteRecord, { params: { voteId } }));
    if (answer !== null) setResult(checkReceipt(mine, answer.record.receipts));
  };
  return (
    <div className="receipt-check" data-testid="receipt-check">
      <p className="receipt-check__receipt">
        {t('votes.ballot.receipt')} <code>{mine.receipt.slice(0, 16)}</code>
      </p>
      <button
        type="button"
        className="button"
        data-testid="receipt-check-button"
        disabled={action.busy}
        onClick={() => void check()}
      >
        {t('votes.receiptCheck.button')}
      </button>
      {result !== null && (
        <p
          className={`receipt-check__result receipt-check__result--${result}`}
          role="status"
          data-testid="receipt-check-result"
          data-result={result}
        >
          {t(`votes.receiptCheck.${result}`)}
        </p>
      )}
      {action.error && (
        <p className="alert" role="alert">
          {action.error}
        </p>
      )}
    </div>
  );
}

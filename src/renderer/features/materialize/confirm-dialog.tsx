// Asks before a run in a protected environment (the engine answered confirmation_required).
import { useEffect, useRef } from 'react';
import { selectConfirm, useUiStore } from '../../stores/ui-store';

export function ConfirmDialog() {
  const request = useUiStore(selectConfirm);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) dialog.showModal();
    if (!request && dialog.open) dialog.close();
  }, [request]);
  const answer = (confirmed: boolean): void => useUiStore.getState().answerConfirm(confirmed);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        answer(false);
      }}
    >
      {request ? (
        <>
          <h2 id="confirm-title">Run in {request.env}?</h2>
          <p>
            <strong>{request.env}</strong> is a protected environment. This runs{' '}
            <code>dbt build --select {request.select}</code> against it.
          </p>
          <div className="confirm-dialog__buttons">
            <button type="button" onClick={() => answer(false)} autoFocus>
              Cancel
            </button>
            <button type="button" className="danger" onClick={() => answer(true)}>
              Run in {request.env}
            </button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}

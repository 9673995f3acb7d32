"use client";

import { useEffect, useId, useRef } from "react";
import { Button } from "./button";

/**
 * The portal's one modal dialog (docs/screens.md, "Dialogs"). A native <dialog> opened with
 * showModal(): the browser gives it role=dialog, makes the page behind it inert (focus stays
 * inside) and closes it on Escape; the title labels it and the body describes it.
 */
export function Dialog({
  open,
  title,
  children,
  onClose,
  actions,
}: {
  open: boolean;
  title: string;
  children?: React.ReactNode;
  /** Called however the dialog closes: Escape, Cancel or after an action. */
  onClose: () => void;
  actions: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={children ? `${id}-body` : undefined}
      onClose={onClose}
      className="m-auto max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/50"
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {children && (
        <div id={`${id}-body`} className="mt-2 text-sm text-slate-700">
          {children}
        </div>
      )}
      <div className="mt-5 flex justify-end gap-3">{actions}</div>
    </dialog>
  );
}

export interface ConfirmRequest {
  title: string;
  body?: React.ReactNode;
  confirmLabel?: string;
  danger?: boolean;
}

/** A yes/no question in the shared dialog; Cancel is focused first so Enter never confirms by accident. */
export function ConfirmDialog({
  request,
  onConfirm,
  onCancel,
}: {
  request: ConfirmRequest | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog
      open={request !== null}
      title={request?.title ?? ""}
      onClose={onCancel}
      actions={
        <>
          <Button variant="secondary" autoFocus onClick={onCancel}>
            Cancel
          </Button>
          <Button variant={request?.danger ? "danger" : "primary"} onClick={onConfirm}>
            {request?.confirmLabel ?? "Confirm"}
          </Button>
        </>
      }
    >
      {request?.body}
    </Dialog>
  );
}

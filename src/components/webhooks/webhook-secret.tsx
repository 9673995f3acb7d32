/** A signing secret, shown once after it is made (add, roll). */
export function WebhookSecret({ secret }: { secret: string }) {
  return (
    <div className="rounded-md bg-amber-50 p-3 text-sm ring-1 ring-amber-200">
      <p className="font-medium text-amber-900">Signing secret — copy it now, it is not shown again:</p>
      <p className="mt-1 break-all font-mono" data-testid="webhook-secret">
        {secret}
      </p>
    </div>
  );
}

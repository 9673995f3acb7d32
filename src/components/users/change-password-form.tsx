"use client";

import { changePasswordAction } from "@/actions/users/change-own-password";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function ChangePasswordForm() {
  const action = useFormAction(changePasswordAction);
  const state = action.state;
  const errors = state.fieldErrors ?? {};
  return (
    <Form binding={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" errors={errors.currentPassword} />
      <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" hint="At least 12 characters." errors={errors.newPassword} />
      <TextField label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" errors={errors.confirmPassword} />
      <SubmitButton>Change password</SubmitButton>
    </Form>
  );
}

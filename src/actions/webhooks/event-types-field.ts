/** The event-type checkboxes send one value each: joined into one field, as the schema and the refill expect. */
export function joinEventTypes(formData: FormData): FormData {
  formData.set("eventTypes", formData.getAll("eventTypes").map(String).join(","));
  return formData;
}

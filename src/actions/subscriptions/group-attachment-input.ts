import { z } from "zod";
import { chosenIdSchema, idSchema } from "@/lib/ids";

export const groupAttachment = z.object({ accountId: idSchema, packageId: idSchema, groupId: chosenIdSchema("Choose a group.") });

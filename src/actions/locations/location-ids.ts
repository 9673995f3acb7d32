import { z } from "zod";
import { idSchema } from "@/lib/ids";

export const locationIds = z.object({ accountId: idSchema, locationId: idSchema });

import { z } from "zod";
import { idSchema } from "@/lib/ids";

export const planIds = z.object({ accountId: idSchema, planId: idSchema });

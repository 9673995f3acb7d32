import { API_OPERATIONS } from "@/server/api/operations";
console.log(API_OPERATIONS.length, new Set(API_OPERATIONS.map((o) => o.tag)));

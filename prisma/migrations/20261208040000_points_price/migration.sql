-- A price per point: distributors bill the points they credit to their partners (docs/money.md).
ALTER TYPE "PriceKind" ADD VALUE 'POINT';

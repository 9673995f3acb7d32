/**
 * Location licences are sold as the catalogue's Guest WiFi packages: per access point, or per room
 * for hospitality (docs/money.md#what-is-charged). Their LICENCE_YEAR prices are tiered by size.
 */
export const LOCATION_LICENCE_SKU = { accessPoints: "GW-AP", rooms: "GW-ROOM" } as const;

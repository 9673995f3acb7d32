import PDFDocument from "pdfkit";
import { dbDateToIso } from "@/lib/dates";
import { LICENCE_STATUS_LABEL, locationLabel, moduleNames, PAYMENT_LABEL, SECTOR_LABEL, START_WARNING } from "@/lib/labels";
import type { LicenceData } from "./get-licence-data";

/**
 * The printable licence (docs/location-licences.md#licence-keys): the location's data, the licence type
 * and the key that triggers it, with how to activate it. Built with pdfkit on
 * the server from the licence as stored, so it always matches the portal.
 */
export function renderLicencePdf(data: Pick<LicenceData, "licence">, options: { generatedAt?: Date } = {}): Promise<Buffer> {
  const { licence } = data;
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    info: { Title: `Location licence ${licence.key}`, Subject: `Licence for ${licence.location.name}`, Author: "MSP License Portal" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const hospitality = licence.location.sector === "HOSPITALITY";
  const row = (label: string, value: string) => {
    doc.font("Helvetica-Bold").fontSize(10).fillColor("#334155").text(label, { continued: true });
    doc.font("Helvetica").fillColor("#0f172a").text(`  ${value}`);
  };
  const heading = (text: string) => {
    doc.moveDown(0.8).font("Helvetica-Bold").fontSize(13).fillColor("#0f172a").text(text).moveDown(0.3);
  };

  doc.font("Helvetica-Bold").fontSize(20).fillColor("#0f172a").text("Location licence");
  doc.font("Helvetica").fontSize(10).fillColor("#475569").text(`Generated ${dbDateToIso(options.generatedAt ?? licence.createdAt)} by ${licence.distributor.name}`);
  doc.moveDown(1);
  doc.font("Helvetica").fontSize(10).fillColor("#334155").text("License Number");
  doc.font("Courier-Bold").fontSize(18).fillColor("#1d4ed8").text(licence.key);

  heading("Location");
  row("ID Location:", locationLabel({ name: licence.location.name, sector: licence.location.sector, accountName: licence.account.name }));
  row("Site name:", licence.location.name);
  row("Address:", licence.location.address);
  row("Sector:", SECTOR_LABEL[licence.location.sector]);
  row("Organization:", licence.account.name);

  heading("License");
  row("Partner/integrator:", licence.partner.name);
  row("Distributor/Wholesaler:", licence.distributor.name);
  row("Number of years of contract:", String(licence.years));
  row("Form of payment:", PAYMENT_LABEL[licence.payment]);
  row(hospitality ? "Nº of rooms:" : "Nº APs:", String(hospitality ? licence.maxRooms : licence.maxAccessPoints));
  row("Advanced modules:", licence.modules.length ? moduleNames(licence.modules) : "None");
  row("Status:", LICENCE_STATUS_LABEL[licence.status]);

  heading("License Activation");
  doc
    .font("Helvetica")
    .fontSize(10)
    .fillColor("#0f172a")
    .text("Go to Location > Locations and click on the button License on the Location you want to apply it. Finally, add the License Number and click on Send Key.");
  doc.moveDown(0.6).font("Helvetica-Oblique").fillColor("#92400e").text(START_WARNING);
  doc.end();
  return done;
}

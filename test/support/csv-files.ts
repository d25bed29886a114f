import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

/** Writes named CSV files (header line first) into a new temp folder; returns their paths by name. */
export async function writeCsvFiles(files: Record<string, string[]>): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'arbot-csv-'));
  const out: Record<string, string> = {};
  for (const [name, lines] of Object.entries(files)) {
    out[name] = join(dir, `${name}.csv`);
    await writeFile(out[name]!, `${lines.join('\r\n')}\r\n`);
  }
  return out;
}

/** A writable that remembers what was written, for CLI stdout and stderr. */
export function capture(): PassThrough & { text(): string } {
  const chunks: Buffer[] = [];
  const s = new PassThrough() as PassThrough & { text(): string };
  s.on('data', (c: Buffer) => chunks.push(c));
  s.text = () => Buffer.concat(chunks).toString('utf8');
  return s;
}

export const ledgerCsv = {
  owners: [
    'email,name,team,approver,slack_user_id,slack_channel_id',
    'ana@acme.example,Ana,sales,false,U1,C1',
    'dan@acme.example,Dan,finance,true,,',
  ],
  customers: [
    'external_id,name,segment,strategic,timezone,billing_email,escalation_email,sales_owner_email,delivery_owner_email,locale',
    'C-1,"Northwind, Inc.",top,true,Europe/Paris,ap@northwind.example;billing@northwind.example,cfo@northwind.example,ana@acme.example,,fr',
    'C-2,Globex,standard,false,,ap@globex.example,,ana@acme.example,,',
    'C-3,Kuwait Co,at_risk,no,Asia/Kuwait,ap@kw.example,,,,',
  ],
  invoices: [
    'external_id,number,customer_external_id,issue_date,due_date,currency,amount,po_number,client_reference,proof_url,pay_url',
    'e1,INV-1,C-1,2026-01-01,2026-01-31,EUR,1000.00,PO-1,REF-1,https://files.example/1.pdf,https://pay.example/1',
    'e2,INV-2,C-1,2026-01-05,2026-02-04,EUR,250.50,,,,',
    'e3,INV-3,C-2,2026-01-10,2026-02-09,USD,500,,,,',
    'e4,INV-4,C-3,2026-01-10,2026-02-09,KWD,12.345,,,,',
    'e5,INV-5,C-2,2026-01-12,2026-02-11,USD,730.25,,,,',
  ],
  payments: [
    'external_id,customer_external_id,received_date,currency,amount,reference,invoice_number',
    'p1,C-1,2026-02-01,EUR,1000.00,,INV-1',
    'p2,C-1,2026-02-02,EUR,100.00,"Virement INV-2 partiel",',
    'p3,C-2,2026-02-03,USD,730.25,wire,',
    'p4,C-2,2026-02-04,USD,99.99,unknown wire,',
  ],
  disputes: [
    'invoice_external_id,opened_date,reason,status,closed_date',
    'e3,2026-02-15,Missing PO,to_clarify,',
    'e2,2026-02-10,Wrong amount,resolved,2026-02-12',
  ],
};

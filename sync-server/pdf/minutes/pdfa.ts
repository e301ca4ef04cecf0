import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFHexString, PDFName, type PDFDocument, PDFString } from '@cantoo/pdf-lib';
import { packageRoot } from '../../runtime/package-root';
import { type DocumentInfo, PRODUCER, setDocumentInfo } from '../pdf-document';

/** The output intent's profile: ICC sRGB2014 (see resources/icc/README.md). */
const ICC_FILE = 'sRGB_IEC61966_2_1.icc';
const OUTPUT_CONDITION = 'sRGB IEC61966-2.1';

const xmlEscape = (s: string) =>
  s
    .normalize('NFC')
    .replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

/**
 * The XMP packet: the PDF/A-2b claim and the same facts as the information dictionary
 * (ISO 19005-2 §6.6.3: they must agree), in the entries the standard maps them to.
 */
export function xmpPacket(info: DocumentInfo): string {
  const date = info.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const alt = (v: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(v)}</rdf:li></rdf:Alt>`;
  const lines = [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    '  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"',
    '  xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '  xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '  xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    '<pdfaid:part>2</pdfaid:part>',
    '<pdfaid:conformance>B</pdfaid:conformance>',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(info.title)}</dc:title>`,
    ...(info.author
      ? [`<dc:creator><rdf:Seq><rdf:li>${xmlEscape(info.author)}</rdf:li></rdf:Seq></dc:creator>`]
      : []),
    ...(info.subject ? [`<dc:description>${alt(info.subject)}</dc:description>`] : []),
    '<dc:language><rdf:Bag><rdf:li>vi-VN</rdf:li></rdf:Bag></dc:language>',
    `<xmp:CreatorTool>${xmlEscape(info.creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<pdf:Producer>${xmlEscape(PRODUCER)}</pdf:Producer>`,
    ...(info.keywords ? [`<pdf:Keywords>${xmlEscape(info.keywords.join(' '))}</pdf:Keywords>`] : []),
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    // Room to edit the packet in place, as the XMP specification recommends.
    ' '.repeat(1024),
    '<?xpacket end="w"?>',
  ];
  return lines.join('\n');
}

/**
 * Saves `doc` as PDF/A-2b: the information dictionary, the XMP metadata stream (unfiltered)
 * with `pdfaid:part=2`, `conformance=B`, an sRGB output intent, and a document ID in the
 * trailer derived from `idSeed` (the same input gives the same bytes). What the content must
 * avoid for the claim to hold is the caller's: embedded fonts only (the PageWriter embeds
 * every face it uses), no transparency, no JavaScript, no encryption, no annotations.
 */
export async function savePdfA(doc: PDFDocument, info: DocumentInfo, idSeed: string): Promise<Uint8Array> {
  setDocumentInfo(doc, info);
  const { context, catalog } = doc;

  const xmp = new TextEncoder().encode(xmpPacket(info));
  const metadata = context.stream(xmp, { Type: 'Metadata', Subtype: 'XML', Length: xmp.length });
  catalog.set(PDFName.of('Metadata'), context.register(metadata));

  const icc = await readFile(join(packageRoot(), 'resources', 'icc', ICC_FILE));
  const profile = context.flateStream(icc, { N: 3 });
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(OUTPUT_CONDITION),
    Info: PDFString.of(OUTPUT_CONDITION),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: context.register(profile),
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));

  const id = createHash('sha256').update(idSeed).digest('hex').slice(0, 32);
  context.trailerInfo.ID = context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
  return doc.save({ useObjectStreams: true });
}

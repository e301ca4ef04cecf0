import type { Classification, DocumentKind } from '#common/schemas/document';
import { wallClockAt } from '#common/time/meeting-time';

/** One document of the record set (văn bản trong hồ sơ). */
export interface RecordSetDocument {
  /** Its order in the record set, from 1 (số thứ tự). */
  readonly number: number;
  /** Its register number (số và ký hiệu), "07/BB-UBND"; the room numbers only the minutes. */
  readonly registerNumber?: string;
  /** When this version was filed, ISO. */
  readonly date: string;
  /** The issuing body (cơ quan, tổ chức ban hành). */
  readonly issuer: string;
  /** The subject (trích yếu nội dung): the document's title. */
  readonly subject: string;
  readonly kind: DocumentKind | 'bien_ban';
  readonly classification: Classification;
  readonly pages: number;
  /** The file in the package, relative to the bag (`data/documents/…`). */
  readonly file: string;
}

/** The record set (hồ sơ) of one meeting. */
export interface RecordSet {
  /** File code (mã hồ sơ / số và ký hiệu hồ sơ). */
  readonly fileCode: string;
  /** Title (tiêu đề hồ sơ). */
  readonly title: string;
  /** Start and end (thời gian bắt đầu / kết thúc), ISO; shown on the meeting's clock. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly timeZone: string;
  readonly documents: readonly RecordSetDocument[];
}

/** Document kinds as the record set names them (tên loại văn bản, Decree 30 Appendix III). */
const KIND_NAMES: Readonly<Record<DocumentKind | 'bien_ban', string>> = {
  bien_ban: 'Biên bản',
  to_trinh: 'Tờ trình',
  du_thao_nghi_quyet: 'Dự thảo nghị quyết',
  du_thao_quyet_dinh: 'Dự thảo quyết định',
  bao_cao: 'Báo cáo',
  ke_hoach: 'Kế hoạch',
  giay_moi: 'Giấy mời',
  other: 'Tài liệu khác',
};

const CLASSIFICATION_NAMES: Readonly<Record<Classification, string>> = { thuong: 'Thường', mat: 'Mật' };

/** XML 1.0 text: the five escapes, and control characters XML cannot carry dropped. */
function xmlText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/(?![\t\n\r])\p{Cc}|[\uFFFE\uFFFF]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** "dd/mm/yyyy" on the meeting's clock, as the record-set forms write dates. */
function day(iso: string, timeZone: string): string {
  const w = wallClockAt(Date.parse(iso), timeZone);
  return `${String(w.day).padStart(2, '0')}/${String(w.month).padStart(2, '0')}/${w.year}`;
}

/**
 * The record-set metadata of Decree 30/2020/NĐ-CP, Appendix VI (thông tin đầu vào của hồ sơ và
 * văn bản trong hồ sơ), as XML: element names are the fields' Vietnamese names without
 * diacritics, each with the field's name as it reads in the decree in `ten`, so an archivist can
 * map them into the agency's records system. The totals (document count, page count) are
 * computed here from the documents, never given separately, so they cannot disagree.
 *
 * The room keeps no register number (số và ký hiệu) for a meeting document: `SoVaKyHieu` is
 * written empty rather than invented — only the minutes carry theirs ("07/BB-UBND"; empty
 * while a draft); `SoThuTu` is the document's order in the record set.
 */
export function recordSetXml(set: RecordSet): string {
  const pages = set.documents.reduce((sum, d) => sum + d.pages, 0);
  const field = (indent: string, name: string, label: string, value: string) =>
    `${indent}<${name} ten="${xmlText(label)}">${xmlText(value)}</${name}>\n`;
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n';
  xml += '<HoSo nguon="Nghị định 30/2020/NĐ-CP, Phụ lục VI">\n';
  xml += field('  ', 'MaHoSo', 'Mã hồ sơ', set.fileCode);
  xml += field('  ', 'TieuDeHoSo', 'Tiêu đề hồ sơ', set.title);
  xml += field('  ', 'NgonNgu', 'Ngôn ngữ', 'Tiếng Việt');
  xml += field('  ', 'ThoiGianBatDau', 'Thời gian bắt đầu', day(set.startsAt, set.timeZone));
  xml += field('  ', 'ThoiGianKetThuc', 'Thời gian kết thúc', day(set.endsAt, set.timeZone));
  xml += field('  ', 'TongSoVanBan', 'Tổng số văn bản trong hồ sơ', String(set.documents.length));
  xml += field('  ', 'SoLuongTrang', 'Số lượng trang của hồ sơ', String(pages));
  xml += '  <DanhSachVanBan>\n';
  for (const d of set.documents) {
    xml += '    <VanBan>\n';
    xml += field('      ', 'SoThuTu', 'Số thứ tự', String(d.number));
    xml += field('      ', 'SoVaKyHieu', 'Số và ký hiệu văn bản', d.registerNumber ?? '');
    xml += field('      ', 'NgayThangNam', 'Ngày, tháng, năm văn bản', day(d.date, set.timeZone));
    xml += field('      ', 'TenLoaiVanBan', 'Tên loại văn bản', KIND_NAMES[d.kind]);
    xml += field('      ', 'CoQuanBanHanh', 'Tên cơ quan, tổ chức ban hành văn bản', d.issuer);
    xml += field('      ', 'TrichYeu', 'Trích yếu nội dung', d.subject);
    xml += field('      ', 'DoMat', 'Độ mật', CLASSIFICATION_NAMES[d.classification]);
    xml += field('      ', 'SoTrang', 'Số trang của văn bản', String(d.pages));
    xml += field('      ', 'TepTin', 'Tệp tin', d.file);
    xml += '    </VanBan>\n';
  }
  xml += '  </DanhSachVanBan>\n';
  xml += '</HoSo>\n';
  return xml;
}

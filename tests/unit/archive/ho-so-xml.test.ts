import { describe, expect, it } from 'vitest';
import { recordSetXml } from '../../../sync-server/archive/ho-so-xml';
import { slug } from '../../../sync-server/archive/payload-parts';

/** The Decree 30/2020 Appendix VI record-set metadata, and the folder names of the package. */
describe('record-set metadata (ho-so.xml)', () => {
  const xml = recordSetXml({
    fileCode: 'HOP.2026.01',
    title: 'Kỳ họp thứ 12 <HĐND> & "ngân sách"',
    // 17:30 UTC on the 4th is the 5th in Hà Nội: dates are the meeting's.
    startsAt: '2026-01-04T17:30:00.000Z',
    endsAt: '2026-01-06T09:00:00.000Z',
    timeZone: 'Asia/Ho_Chi_Minh',
    documents: [
      {
        number: 1,
        date: '2026-01-02T03:00:00.000Z',
        issuer: 'UBND TỈNH THÁI NGUYÊN',
        subject: 'Tờ trình về bảng giá đất\u0007',
        kind: 'to_trinh',
        classification: 'thuong',
        pages: 12,
        file: 'data/documents/1-to-trinh/v2.pdf',
      },
      {
        number: 2,
        date: '2026-01-03T03:00:00.000Z',
        issuer: 'UBND TỈNH THÁI NGUYÊN',
        subject: 'Báo cáo thẩm tra',
        kind: 'bao_cao',
        classification: 'mat',
        pages: 30,
        file: 'data/documents/2-bao-cao/v1.pdf',
      },
    ],
  });

  it('states the set’s fields, with totals computed from its documents', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<HoSo')).toBe(true);
    expect(xml).toContain('<MaHoSo ten="Mã hồ sơ">HOP.2026.01</MaHoSo>');
    expect(xml).toContain('<ThoiGianBatDau ten="Thời gian bắt đầu">05/01/2026</ThoiGianBatDau>');
    expect(xml).toContain('<ThoiGianKetThuc ten="Thời gian kết thúc">06/01/2026</ThoiGianKetThuc>');
    expect(xml).toContain('<TongSoVanBan ten="Tổng số văn bản trong hồ sơ">2</TongSoVanBan>');
    expect(xml).toContain('<SoLuongTrang ten="Số lượng trang của hồ sơ">42</SoLuongTrang>');
    expect(xml.match(/<VanBan>/g)).toHaveLength(2);
    expect(xml).toContain('<TenLoaiVanBan ten="Tên loại văn bản">Tờ trình</TenLoaiVanBan>');
    expect(xml).toContain('<DoMat ten="Độ mật">Mật</DoMat>');
    expect(xml).toContain('<SoVaKyHieu ten="Số và ký hiệu văn bản"></SoVaKyHieu>');
  });

  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    expect(xml).toContain('Kỳ họp thứ 12 &lt;HĐND&gt; &amp; &quot;ngân sách&quot;');
    expect(xml).toContain('>Tờ trình về bảng giá đất</TrichYeu>');
    expect(xml).not.toContain('\u0007');
  });
});

describe('document folder names', () => {
  it('folds Vietnamese titles to short ASCII slugs', () => {
    expect(slug('Tờ trình về bảng giá đất năm 2027')).toBe('to-trinh-ve-bang-gia-dat-nam-2027');
    expect(slug('ĐỀ ÁN / Phụ lục: "dự toán"')).toBe('de-an-phu-luc-du-toan');
    expect(slug('***')).toBe('tai-lieu');
    expect(slug('a'.repeat(100))).toHaveLength(60);
  });
});

/**
 * Texts of the demo meeting's documents, keyed by the `file` names of
 * `demo-meeting.json`. All people, numbers and figures are invented for the demo.
 */
import type { HeaderSpec, SignatureSpec } from '../pdf/decree30';
import type { Face } from '../pdf/fonts';
import type { TableSpec } from '../pdf/table';
import { viDate } from '../pdf/vi-date';
import type { DemoMeetingFile, DemoParticipant } from './demo-meeting-schema';

export type Block =
  | string
  | { heading: string }
  | { center: string; style?: Face; size?: number; after?: number }
  | { plain: string; size?: number }
  | { table: TableSpec }
  | { pageBreak: true };

export interface DocumentText {
  /** Signing date (ISO, +07:00), used for the place-date line and the PDF dates. */
  date: string;
  /** Header without the secrecy mark: that comes from the JSON classification. */
  header: Omit<HeaderSpec, 'secret'>;
  /** Body size in points when not the default 14 (Decree 30 allows 13–14). */
  bodySize?: number;
  body: Block[];
  signature: SignatureSpec;
  /** Annex on a new page after the signature (phụ lục). */
  appendix?: Block[];
}

/** Non-breaking spaces: the blank day or number of a draft ("Số:      /KH-UBND"). */
const BLANK = '\u00a0'.repeat(8);

const h = (text: string): Block => ({ heading: text });

function placeDate(iso: string): string {
  return `Thái Nguyên, ${viDate(iso).text}`;
}

function hhmm(total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  return `${String(hours).padStart(2, '0')} giờ ${String(minutes).padStart(2, '0')}`;
}

/** Compact time for tables: "08h30". */
function hm(total: number): string {
  return `${String(Math.floor(total / 60)).padStart(2, '0')}h${String(total % 60).padStart(2, '0')}`;
}

function startMinutes(iso: string): number {
  const m = /T(\d{2}):(\d{2})/.exec(iso);
  if (!m) throw new Error(`no time in ${iso}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function person(p: DemoParticipant): string {
  return `Đồng chí ${p.name}, ${p.position}`;
}

// ---------------------------------------------------------------------------------------
// Giấy mời: built from the meeting, its participants and its agenda.

function invitation(m: DemoMeetingFile): DocumentText {
  const date = '2026-11-19T09:00:00+07:00';
  const start = startMinutes(m.meeting.startsAt);
  const total = m.agenda.reduce((sum, item) => sum + item.durationMinutes, 0);
  const day = viDate(m.meeting.startsAt);
  const chair = m.participants.find((p) => p.role === 'chair');
  const members = m.participants.filter((p) => p.role === 'delegate' && p.group !== 'Khách mời');
  const guests = m.participants.filter((p) => p.group === 'Khách mời');

  const rows: string[][] = [];
  let t = start;
  m.agenda.forEach((item, i) => {
    rows.push([`${hm(t)} - ${hm(t + item.durationMinutes)}`, `**${i + 1}. ${item.title}**`, item.presenter]);
    let sub = t;
    item.children?.forEach((child, j) => {
      rows.push([
        `${hm(sub)} - ${hm(sub + child.durationMinutes)}`,
        `${i + 1}.${j + 1}. ${child.title}`,
        child.presenter,
      ]);
      sub += child.durationMinutes;
    });
    if (item.children && sub < t + item.durationMinutes) {
      rows.push([
        `${hm(sub)} - ${hm(t + item.durationMinutes)}`,
        '*Thảo luận, cho ý kiến*',
        'Thành viên UBND tỉnh',
      ]);
    }
    t += item.durationMinutes;
  });

  return {
    date,
    bodySize: 13,
    header: {
      issuer: ['ỦY BAN NHÂN DÂN', 'TỈNH THÁI NGUYÊN'],
      number: 'Số: 412/GM-UBND',
      placeDate: placeDate(date),
      kindTitle: 'GIẤY MỜI',
      subject: [
        `Dự ${m.meeting.title.replace(/^Phiên/, 'phiên').replace(' của Ủy ban nhân dân tỉnh Thái Nguyên', '')}`,
        'của Ủy ban nhân dân tỉnh',
      ],
    },
    body: [
      'Thực hiện Quy chế làm việc và Chương trình công tác năm 2026, Ủy ban nhân dân tỉnh tổ chức phiên họp thường kỳ tháng 11 năm 2026 và trân trọng kính mời:',
      `**1. Chủ trì:** ${chair ? person(chair) : 'Chủ tịch UBND tỉnh'}.`,
      '**2. Thành phần:**',
      ...members.map((p) => ({ plain: `- ${person(p)};` })),
      '**3. Khách mời:**',
      ...guests.map((p, i) => ({ plain: `- ${person(p)}${i === guests.length - 1 ? '.' : ';'}` })),
      `**4. Thời gian, địa điểm:** ${hhmm(start)} phút, thứ Năm, ${day.text}, tại ${m.meeting.place}.`,
      '**5. Nội dung:** Theo Chương trình phiên họp gửi kèm Giấy mời này.',
      'Tài liệu phiên họp được đăng tải trên Hệ thống phòng họp không giấy chậm nhất ngày 23 tháng 11 năm 2026, không phát tài liệu giấy; tài liệu Mật chỉ thành phần được phân quyền mới xem được. Đề nghị các đại biểu tham dự đúng thành phần, thời gian./.',
    ],
    signature: {
      right: {
        titles: ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'],
        name: m.participants.find((p) => p.key === 'p-chanh-van-phong')?.name ?? 'Bùi Thanh Sơn',
      },
      recipients: [
        'Như thành phần mời',
        'Chủ tịch, các PCT UBND tỉnh',
        'Văn phòng Tỉnh ủy',
        'Văn phòng Đoàn ĐBQH và HĐND tỉnh',
        'Lãnh đạo VP UBND tỉnh',
        'Lưu: VT, TH',
      ],
    },
    appendix: [
      { center: 'CHƯƠNG TRÌNH PHIÊN HỌP', style: 'b', after: 0 },
      ...m.meeting.title.split(/ (?=của )/).map((line): Block => ({ center: line, style: 'b', after: 0 })),
      {
        center: '(Kèm theo Giấy mời số 412/GM-UBND ngày 19/11/2026 của Ủy ban nhân dân tỉnh)',
        style: 'i',
        size: 13,
        after: 10,
      },
      {
        table: {
          columns: [
            { width: 2.1, align: 'center' },
            { width: 5.2, align: 'left' },
            { width: 2.7, align: 'left' },
          ],
          header: ['Thời gian', 'Nội dung', 'Người trình bày'],
          rows,
          size: 12,
        },
      },
      {
        plain: `*Ghi chú: Phiên họp dự kiến kết thúc lúc ${hhmm(start + total)} phút. Chương trình có thể được điều chỉnh theo ý kiến chỉ đạo của Chủ tịch UBND tỉnh. Tài liệu của từng nội dung được đăng tải tại mục tương ứng trên Hệ thống phòng họp không giấy.*`,
        size: 12,
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------
// Báo cáo tình hình kinh tế - xã hội (the long one, with tables)

const pct = { width: 1.05, align: 'right' } as const;

function socioEconomicReport(): DocumentText {
  const date = '2026-11-20T09:00:00+07:00';
  return {
    date,
    header: {
      governing: ['UBND TỈNH THÁI NGUYÊN'],
      issuer: ['SỞ TÀI CHÍNH'],
      number: 'Số: 4127/BC-STC',
      placeDate: placeDate(date),
      kindTitle: 'BÁO CÁO',
      subject: ['Tình hình kinh tế - xã hội tháng 11, nhiệm vụ,', 'giải pháp trọng tâm tháng 12 năm 2026'],
      recipient: 'Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên.',
    },
    body: [
      'Thực hiện Quy chế làm việc của Ủy ban nhân dân tỉnh nhiệm kỳ 2026 - 2031 và chỉ đạo của Chủ tịch Ủy ban nhân dân tỉnh, trên cơ sở báo cáo của các sở, ban, ngành, Thống kê tỉnh và Ủy ban nhân dân các xã, phường, Sở Tài chính tổng hợp, báo cáo tình hình kinh tế - xã hội tháng 11 và 11 tháng năm 2026, nhiệm vụ, giải pháp trọng tâm tháng 12 năm 2026 như sau:',
      h('I. TÌNH HÌNH KINH TẾ - XÃ HỘI 11 THÁNG NĂM 2026'),
      'Tháng 11 năm 2026, tình hình kinh tế thế giới tiếp tục diễn biến phức tạp; giá một số nguyên liệu đầu vào, chi phí logistics và lãi suất có xu hướng tăng trở lại, ảnh hưởng đến hoạt động sản xuất, kinh doanh của doanh nghiệp. Trong nước, Chính phủ, Thủ tướng Chính phủ quyết liệt chỉ đạo thúc đẩy tăng trưởng, đẩy mạnh giải ngân vốn đầu tư công và tháo gỡ khó khăn cho các dự án. Trên địa bàn tỉnh, bộ máy chính quyền địa phương hai cấp vận hành ổn định, thông suốt; các cấp, các ngành đã tập trung triển khai đồng bộ các nhiệm vụ, giải pháp theo Nghị quyết của Hội đồng nhân dân tỉnh và các chỉ thị, kết luận của Ủy ban nhân dân tỉnh, nhờ đó kinh tế - xã hội của tỉnh tiếp tục đạt được nhiều kết quả tích cực.',
      h('1. Về phát triển kinh tế'),
      h('*1.1. Tăng trưởng kinh tế*'),
      'Theo ước tính của Thống kê tỉnh, tổng sản phẩm trên địa bàn (GRDP) năm 2026 theo giá so sánh ước tăng 10,08% so với năm 2025, đạt mục tiêu Nghị quyết của Hội đồng nhân dân tỉnh giao (tăng từ 10% trở lên), trong đó: khu vực công nghiệp - xây dựng tăng 12,31%, đóng góp 6,84 điểm phần trăm vào mức tăng chung; khu vực dịch vụ tăng 7,86%, đóng góp 2,27 điểm phần trăm; khu vực nông, lâm nghiệp và thủy sản tăng 3,92%, đóng góp 0,48 điểm phần trăm; thuế sản phẩm trừ trợ cấp sản phẩm tăng 6,52%, đóng góp 0,49 điểm phần trăm.',
      'Quy mô nền kinh tế năm 2026 theo giá hiện hành ước đạt 214.860 tỷ đồng; GRDP bình quân đầu người ước đạt 117,4 triệu đồng, tăng 9,6 triệu đồng so với năm 2025. Cơ cấu kinh tế tiếp tục chuyển dịch theo hướng tích cực: khu vực công nghiệp - xây dựng chiếm 55,62%; dịch vụ chiếm 31,14%; nông, lâm nghiệp và thủy sản chiếm 9,87%; thuế sản phẩm trừ trợ cấp sản phẩm chiếm 3,37%.',
      h('*1.2. Sản xuất công nghiệp*'),
      'Chỉ số sản xuất công nghiệp (IIP) tháng 11 ước tăng 1,8% so với tháng trước và tăng 11,6% so với cùng kỳ năm trước; tính chung 11 tháng tăng 10,9% so với cùng kỳ. Trong đó, ngành công nghiệp chế biến, chế tạo tăng 11,4%, giữ vai trò động lực chính của tăng trưởng; ngành sản xuất và phân phối điện tăng 8,2%; ngành cung cấp nước, hoạt động quản lý và xử lý rác thải tăng 6,7%; ngành khai khoáng giảm 2,3% do một số mỏ tạm dừng khai thác để hoàn thiện thủ tục gia hạn giấy phép.',
      'Giá trị sản xuất công nghiệp (giá so sánh năm 2010) 11 tháng ước đạt 1.012.480 tỷ đồng, tăng 10,7% so với cùng kỳ, bằng 91,8% kế hoạch năm. Khu vực có vốn đầu tư nước ngoài ước đạt 902.350 tỷ đồng, tăng 10,9%; khu vực kinh tế trong nước ước đạt 110.130 tỷ đồng, tăng 9,2%. Một số sản phẩm chủ yếu tăng khá so với cùng kỳ: điện thoại di động ước đạt 98,6 triệu chiếc, tăng 4,2%; linh kiện điện tử tăng 13,5%; sản phẩm cơ khí, phụ tùng tăng 15,8%; sắt, thép cán tăng 6,1%; xi măng ước đạt 2,35 triệu tấn, tăng 3,4%; quần áo may sẵn tăng 8,7%.',
      'Hạ tầng các khu, cụm công nghiệp tiếp tục được đầu tư hoàn thiện. Tỷ lệ lấp đầy bình quân của các khu công nghiệp đang hoạt động đạt 78,6%; đã hoàn thành bồi thường, giải phóng mặt bằng thêm 186 ha để giao đất cho nhà đầu tư hạ tầng. Tuy nhiên, một số doanh nghiệp trong lĩnh vực dệt may, chế biến gỗ gặp khó khăn về đơn hàng xuất khẩu, phải điều chỉnh giảm giờ làm của người lao động.',
      {
        table: {
          caption: 'Bảng 1. Một số sản phẩm công nghiệp chủ yếu 11 tháng năm 2026',
          size: 11.5,
          columns: [
            { width: 0.6, align: 'center' },
            { width: 3.4, align: 'left' },
            { width: 1.2, align: 'center' },
            { width: 1.3, align: 'right' },
            { width: 1.3, align: 'right' },
            pct,
          ],
          header: [
            'STT',
            'Sản phẩm',
            'Đơn vị tính',
            'Tháng 11 năm 2026',
            'Lũy kế 11 tháng',
            'So cùng kỳ (%)',
          ],
          rows: [
            ['1', 'Điện thoại di động', 'triệu chiếc', '9,42', '98,60', '104,2'],
            ['2', 'Máy tính bảng', 'triệu chiếc', '1,86', '19,75', '102,8'],
            ['3', 'Linh kiện điện tử', 'nghìn tỷ đồng', '58,3', '612,4', '113,5'],
            ['4', 'Sản phẩm cơ khí, phụ tùng ô tô, xe máy', 'tỷ đồng', '1.265', '13.480', '115,8'],
            ['5', 'Sắt, thép cán các loại', 'nghìn tấn', '148,2', '1.596,0', '106,1'],
            ['6', 'Xi măng', 'nghìn tấn', '226,5', '2.350,0', '103,4'],
            ['7', 'Quần áo may sẵn', 'triệu sản phẩm', '7,9', '84,6', '108,7'],
            ['8', 'Chè chế biến các loại', 'nghìn tấn', '6,1', '58,2', '103,6'],
            ['9', 'Điện thương phẩm', 'triệu kWh', '612', '6.845', '109,3'],
            ['10', 'Nước máy thương phẩm', 'triệu m³', '4,6', '49,8', '106,7'],
          ],
        },
      },
      h('*1.3. Sản xuất nông, lâm nghiệp và thủy sản*'),
      'Vụ mùa năm 2026 được thu hoạch dứt điểm; năng suất lúa bình quân ước đạt 56,2 tạ/ha, tăng 0,8 tạ/ha so với vụ mùa năm trước; tổng sản lượng lương thực có hạt cả năm ước đạt 512,6 nghìn tấn, đạt 100,5% kế hoạch. Các địa phương đang tập trung gieo trồng cây vụ đông năm 2026 - 2027; đến ngày 15 tháng 11 đã gieo trồng được 9.850 ha, đạt 78,2% kế hoạch, chủ yếu là ngô, khoai lang, rau các loại và cây dược liệu.',
      'Cây chè tiếp tục là cây trồng chủ lực với tổng diện tích 23.420 ha, trong đó diện tích chè sản xuất theo tiêu chuẩn VietGAP, hữu cơ và tương đương đạt 9.860 ha. Sản lượng chè búp tươi 11 tháng ước đạt 292.600 tấn, tăng 3,1% so với cùng kỳ; giá trị sản phẩm thu hoạch bình quân trên 01 ha chè ước đạt 265 triệu đồng. Nhiều hợp tác xã đã ứng dụng truy xuất nguồn gốc, bán hàng trên các sàn thương mại điện tử, góp phần nâng cao giá trị sản phẩm chè Thái Nguyên.',
      'Chăn nuôi phát triển ổn định; tổng đàn lợn ước đạt 781 nghìn con, đàn gia cầm ước đạt 17,6 triệu con. Công tác phòng, chống dịch bệnh được triển khai chủ động; trong tháng phát sinh 03 ổ dịch tả lợn châu Phi nhỏ lẻ tại 02 xã, đã được khoanh vùng, xử lý kịp thời, không để lây lan. Công tác trồng rừng tập trung 11 tháng đạt 12.440 ha, bằng 103,7% kế hoạch; tỷ lệ che phủ rừng duy trì ở mức 62,1%. Chương trình Mỗi xã một sản phẩm (OCOP) có thêm 38 sản phẩm được công nhận, nâng tổng số sản phẩm OCOP còn hiệu lực lên 612 sản phẩm.',
      h('*1.4. Thương mại, dịch vụ và du lịch*'),
      'Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng tháng 11 ước đạt 6.850 tỷ đồng, tăng 1,9% so với tháng trước và tăng 12,4% so với cùng kỳ; lũy kế 11 tháng ước đạt 72.460 tỷ đồng, tăng 12,8% so với cùng kỳ, bằng 92,3% kế hoạch năm. Thị trường hàng hóa ổn định, nguồn cung dồi dào; các doanh nghiệp phân phối đã chủ động xây dựng kế hoạch dự trữ hàng hóa phục vụ nhu cầu dịp cuối năm và Tết Nguyên đán Đinh Mùi năm 2027.',
      'Chỉ số giá tiêu dùng (CPI) tháng 11 tăng 0,21% so với tháng trước; bình quân 11 tháng tăng 3,12% so với cùng kỳ, trong tầm kiểm soát. Các nhóm hàng có chỉ số giá tăng cao là nhà ở, điện, nước, chất đốt và vật liệu xây dựng (tăng 5,36%), thuốc và dịch vụ y tế (tăng 4,18%); nhóm giao thông giảm 1,25% do giá xăng dầu điều chỉnh giảm.',
      'Kim ngạch xuất khẩu tháng 11 ước đạt 3,12 tỷ USD; lũy kế 11 tháng ước đạt 33,85 tỷ USD, tăng 6,4% so với cùng kỳ, bằng 94,0% kế hoạch năm. Kim ngạch nhập khẩu 11 tháng ước đạt 21,46 tỷ USD, tăng 5,1%. Hoạt động du lịch tiếp tục phục hồi mạnh; 11 tháng toàn tỉnh đón khoảng 5,9 triệu lượt khách, tăng 13,5% so với cùng kỳ, trong đó khách quốc tế ước đạt 92 nghìn lượt; doanh thu từ du lịch ước đạt 7.320 tỷ đồng. Các điểm đến Hồ Núi Cốc, Hồ Ba Bể, Khu di tích quốc gia đặc biệt ATK Định Hóa và các vùng chè đặc sản thu hút đông du khách.',
      h('*1.5. Thu, chi ngân sách nhà nước*'),
      'Tổng thu ngân sách nhà nước trên địa bàn 11 tháng ước đạt 19.865 tỷ đồng, bằng 92,4% dự toán Hội đồng nhân dân tỉnh giao, tăng 8,6% so với cùng kỳ. Trong đó, thu nội địa ước đạt 16.742 tỷ đồng, bằng 92,0% dự toán, tăng 9,1%; thu từ hoạt động xuất nhập khẩu ước đạt 3.123 tỷ đồng, bằng 94,6% dự toán. Một số khoản thu đạt khá như thu từ khu vực doanh nghiệp có vốn đầu tư nước ngoài, thuế thu nhập cá nhân, lệ phí trước bạ; riêng thu tiền sử dụng đất mới đạt 78,5% dự toán do thị trường bất động sản phục hồi chậm và một số dự án chưa hoàn thành thủ tục giao đất.',
      'Tổng chi ngân sách địa phương 11 tháng ước đạt 24.380 tỷ đồng, bằng 84,2% dự toán, trong đó chi đầu tư phát triển ước đạt 6.125 tỷ đồng, bằng 62,1% dự toán; chi thường xuyên ước đạt 16.980 tỷ đồng, bằng 91,3% dự toán. Các khoản chi bảo đảm theo dự toán, đáp ứng kịp thời nhiệm vụ chính trị, chi trả chế độ, chính sách cho người có công, đối tượng bảo trợ xã hội và kinh phí vận hành của chính quyền địa phương hai cấp.',
      {
        table: {
          caption: 'Bảng 2. Thu, chi ngân sách nhà nước 11 tháng năm 2026',
          note: 'Đơn vị tính: tỷ đồng',
          size: 11.5,
          columns: [
            { width: 0.6, align: 'center' },
            { width: 3.6, align: 'left' },
            { width: 1.4, align: 'right' },
            { width: 1.4, align: 'right' },
            pct,
            pct,
          ],
          header: [
            'STT',
            'Nội dung',
            'Dự toán năm 2026',
            'Ước thực hiện 11 tháng',
            'So dự toán (%)',
            'So cùng kỳ (%)',
          ],
          rows: [
            ['**A**', '**Tổng thu NSNN trên địa bàn**', '**21.500**', '**19.865**', '**92,4**', '**108,6**'],
            ['I', 'Thu nội địa', '18.200', '16.742', '92,0', '109,1'],
            ['1', 'Thu từ doanh nghiệp nhà nước', '1.150', '1.062', '92,3', '104,2'],
            ['2', 'Thu từ doanh nghiệp có vốn đầu tư nước ngoài', '6.850', '6.532', '95,4', '112,7'],
            ['3', 'Thu từ khu vực kinh tế ngoài quốc doanh', '2.680', '2.395', '89,4', '106,8'],
            ['4', 'Thuế thu nhập cá nhân', '1.920', '1.846', '96,1', '113,5'],
            ['5', 'Lệ phí trước bạ', '760', '712', '93,7', '107,9'],
            ['6', 'Thu tiền sử dụng đất', '3.400', '2.669', '78,5', '98,2'],
            ['7', 'Các khoản thu còn lại', '1.440', '1.526', '106,0', '110,4'],
            ['II', 'Thu từ hoạt động xuất nhập khẩu', '3.300', '3.123', '94,6', '105,9'],
            [
              '**B**',
              '**Tổng chi ngân sách địa phương**',
              '**28.960**',
              '**24.380**',
              '**84,2**',
              '**107,3**',
            ],
            ['1', 'Chi đầu tư phát triển', '9.865', '6.125', '62,1', '103,8'],
            ['2', 'Chi thường xuyên', '18.598', '16.980', '91,3', '108,6'],
            ['3', 'Chi trả nợ lãi, dự phòng và chi khác', '497', '1.275', '-', '-'],
          ],
        },
      },
      h('*1.6. Đầu tư phát triển, thu hút đầu tư và phát triển doanh nghiệp*'),
      'Tổng vốn đầu tư phát triển toàn xã hội 11 tháng ước đạt 61.240 tỷ đồng, tăng 11,2% so với cùng kỳ. Tiến độ giải ngân vốn đầu tư công còn chậm so với yêu cầu: đến ngày 15 tháng 11 năm 2026 mới giải ngân được 60,2% kế hoạch vốn đã giao (nội dung chi tiết tại Báo cáo số 4135/BC-STC ngày 20 tháng 11 năm 2026 của Sở Tài chính).',
      'Công tác thu hút đầu tư tiếp tục đạt kết quả tích cực. Trong 11 tháng, tỉnh đã cấp mới, chấp thuận chủ trương đầu tư cho 70 dự án, gồm 24 dự án có vốn đầu tư nước ngoài với tổng vốn đăng ký 685 triệu USD và 46 dự án đầu tư trong nước với tổng vốn đăng ký 18.300 tỷ đồng; điều chỉnh tăng vốn cho 19 dự án. Các dự án mới tập trung vào lĩnh vực linh kiện điện tử, cơ khí chính xác, logistics, năng lượng tái tạo và chế biến nông sản.',
      'Toàn tỉnh có 1.285 doanh nghiệp thành lập mới với tổng vốn đăng ký 15.740 tỷ đồng, tăng 9,6% về số doanh nghiệp so với cùng kỳ; 412 doanh nghiệp quay trở lại hoạt động; 638 doanh nghiệp tạm ngừng kinh doanh có thời hạn và 214 doanh nghiệp hoàn tất thủ tục giải thể. Tổ công tác hỗ trợ doanh nghiệp của tỉnh đã tổ chức 04 cuộc đối thoại, tiếp nhận và xử lý 57 kiến nghị liên quan đến đất đai, phòng cháy, chữa cháy, thuế và hải quan.',
      {
        table: {
          caption: 'Bảng 3. Một số chỉ tiêu kinh tế - xã hội chủ yếu năm 2026',
          size: 11.5,
          columns: [
            { width: 0.6, align: 'center' },
            { width: 3.3, align: 'left' },
            { width: 1.15, align: 'center' },
            { width: 1.25, align: 'right' },
            { width: 1.3, align: 'right' },
            pct,
            pct,
          ],
          header: [
            'STT',
            'Chỉ tiêu',
            'Đơn vị tính',
            'Kế hoạch năm 2026',
            'Ước thực hiện 11 tháng',
            'So cùng kỳ (%)',
            'So kế hoạch (%)',
          ],
          rows: [
            ['1', 'Tốc độ tăng tổng sản phẩm (GRDP), ước cả năm', '%', '≥ 10,0', '10,08', '-', '100,8'],
            ['2', 'Chỉ số sản xuất công nghiệp (IIP)', '%', '≥ 11,0', '10,9', '-', '-'],
            [
              '3',
              'Giá trị sản xuất công nghiệp (giá SS 2010)',
              'tỷ đồng',
              '1.103.000',
              '1.012.480',
              '110,7',
              '91,8',
            ],
            ['4', 'Tổng sản lượng lương thực có hạt', 'nghìn tấn', '510,0', '512,6', '101,2', '100,5'],
            ['5', 'Sản lượng chè búp tươi', 'nghìn tấn', '318,0', '292,6', '103,1', '92,0'],
            ['6', 'Diện tích trồng rừng tập trung', 'ha', '12.000', '12.440', '102,4', '103,7'],
            [
              '7',
              'Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng',
              'tỷ đồng',
              '78.500',
              '72.460',
              '112,8',
              '92,3',
            ],
            ['8', 'Kim ngạch xuất khẩu', 'triệu USD', '36.000', '33.850', '106,4', '94,0'],
            ['9', 'Kim ngạch nhập khẩu', 'triệu USD', '23.000', '21.460', '105,1', '93,3'],
            [
              '10',
              'Tổng thu ngân sách nhà nước trên địa bàn',
              'tỷ đồng',
              '21.500',
              '19.865',
              '108,6',
              '92,4',
            ],
            ['11', 'Tổng vốn đầu tư phát triển toàn xã hội', 'tỷ đồng', '68.000', '61.240', '111,2', '90,1'],
            ['12', 'Số doanh nghiệp thành lập mới', 'doanh nghiệp', '1.400', '1.285', '109,6', '91,8'],
            ['13', 'Lượt khách du lịch', 'nghìn lượt', '6.200', '5.900', '113,5', '95,2'],
            ['14', 'Số lao động được tạo việc làm mới', 'người', '24.000', '24.860', '102,3', '103,6'],
            ['15', 'Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều', '%', '≤ 4,0', '3,85', '-', 'Đạt'],
            ['16', 'Tỷ lệ dân số tham gia bảo hiểm y tế', '%', '95,0', '95,2', '-', 'Đạt'],
            ['17', 'Tỷ lệ trường đạt chuẩn quốc gia', '%', '86,0', '86,4', '-', 'Đạt'],
            ['18', 'Tỷ lệ hồ sơ thủ tục hành chính trực tuyến toàn trình', '%', '70,0', '68,5', '-', '97,9'],
          ],
        },
      },
      h('*1.7. Xây dựng, giao thông và phát triển đô thị*'),
      'Các dự án giao thông trọng điểm tiếp tục được đôn đốc triển khai; dự án đường kết nối các khu công nghiệp phía Nam tỉnh đạt 68% khối lượng; dự án cải tạo, nâng cấp tuyến đường tỉnh nối trung tâm tỉnh với khu du lịch Hồ Ba Bể hoàn thành 42 km trên tổng chiều dài 61 km. Công tác bảo trì, bảo đảm giao thông trên các tuyến quốc lộ, đường tỉnh được thực hiện thường xuyên; đã khắc phục xong 37 điểm sạt lở do mưa lũ trong tháng 9 và tháng 10.',
      'Công tác quy hoạch, quản lý đô thị được tăng cường; hoàn thành lập, điều chỉnh quy hoạch chung của 06 phường và quy hoạch phân khu 04 khu chức năng. Thị trường bất động sản có dấu hiệu phục hồi ở phân khúc nhà ở thương mại giá vừa phải; dự án nhà ở xã hội tại khu vực các khu công nghiệp đã hoàn thành, bàn giao 1.120 căn hộ cho công nhân, người lao động có thu nhập thấp.',
      h('*1.8. Quản lý đất đai, tài nguyên và môi trường*'),
      'Công tác cấp giấy chứng nhận quyền sử dụng đất tiếp tục được đẩy mạnh; 11 tháng cấp 21.460 giấy chứng nhận, đạt 95,4% kế hoạch. Sở Nông nghiệp và Môi trường đã hoàn thiện hồ sơ dự thảo Nghị quyết sửa đổi, bổ sung Bảng giá đất áp dụng từ ngày 01 tháng 01 năm 2027 trình Ủy ban nhân dân tỉnh tại phiên họp này. Công tác kiểm tra hoạt động khai thác khoáng sản được tăng cường; đã xử phạt vi phạm hành chính 14 tổ chức, cá nhân với tổng số tiền 2,3 tỷ đồng.',
      'Chất lượng môi trường không khí, nước mặt tại các điểm quan trắc cơ bản đạt quy chuẩn; tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý đạt 98,5%, khu vực nông thôn đạt 82,3%. Nhà máy xử lý chất thải rắn tập trung của tỉnh đã hoàn thành chạy thử, dự kiến vận hành chính thức trong quý I năm 2027. Tuy nhiên, tình trạng ô nhiễm cục bộ tại một số cụm công nghiệp, làng nghề và khu vực khai thác khoáng sản vẫn còn xảy ra.',
      h('2. Về văn hóa - xã hội'),
      h('*2.1. Giáo dục và đào tạo*'),
      'Năm học 2026 - 2027 được triển khai đúng kế hoạch; toàn tỉnh có 1.018 trường học từ mầm non đến trung học phổ thông với trên 452 nghìn học sinh. Chính sách miễn học phí đối với trẻ em mầm non và học sinh phổ thông công lập được thực hiện đầy đủ, kịp thời. Tỷ lệ trường đạt chuẩn quốc gia đạt 86,4%, tăng 1,2 điểm phần trăm so với năm học trước. Ngành giáo dục tiếp tục rà soát, sắp xếp mạng lưới trường, lớp phù hợp với địa giới hành chính cấp xã mới; tổ chức tuyển dụng 486 giáo viên để bổ sung cho các cấp học còn thiếu.',
      'Tuy nhiên, cơ sở vật chất của một số trường học tại các xã vùng cao, vùng đồng bào dân tộc thiểu số còn thiếu và xuống cấp; tỷ lệ phòng học kiên cố ở cấp mầm non và tiểu học còn thấp; thiếu phòng học bộ môn và thiết bị dạy học tối thiểu theo Chương trình giáo dục phổ thông 2018. Sở Giáo dục và Đào tạo đã xây dựng Đề án tăng cường cơ sở vật chất, thiết bị dạy học giai đoạn 2027 - 2030, trình Ủy ban nhân dân tỉnh tại phiên họp này.',
      h('*2.2. Y tế và chăm sóc sức khỏe nhân dân*'),
      'Công tác khám bệnh, chữa bệnh được bảo đảm; 11 tháng, các cơ sở y tế trên địa bàn đã khám cho trên 4,1 triệu lượt người, điều trị nội trú cho 286 nghìn lượt người bệnh. Tỷ lệ dân số tham gia bảo hiểm y tế đạt 95,2%. Công tác phòng, chống dịch bệnh được triển khai chủ động; trong tháng ghi nhận 142 ca mắc sốt xuất huyết, giảm 31% so với tháng trước, không có trường hợp tử vong. Chương trình tiêm chủng mở rộng đạt tỷ lệ 97,8%. Công tác kiểm tra an toàn thực phẩm được tăng cường, không xảy ra ngộ độc thực phẩm đông người.',
      h('*2.3. Lao động, việc làm và an sinh xã hội*'),
      'Trong 11 tháng, toàn tỉnh giải quyết việc làm mới cho 24.860 lao động, đạt 103,6% kế hoạch, trong đó đưa 2.150 người đi làm việc ở nước ngoài theo hợp đồng. Tỷ lệ lao động qua đào tạo đạt 73,2%. Các chế độ, chính sách đối với người có công, người cao tuổi, người khuyết tật và đối tượng bảo trợ xã hội được chi trả đầy đủ, kịp thời qua tài khoản ngân hàng. Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều ước giảm còn 3,85%, đạt mục tiêu đề ra. Các địa phương đã rà soát, hỗ trợ sửa chữa 312 căn nhà ở cho hộ nghèo, hộ có hoàn cảnh khó khăn bị hư hỏng do mưa lũ.',
      h('*2.4. Văn hóa, thể thao và thông tin*'),
      'Các hoạt động văn hóa, văn nghệ, thể dục, thể thao được tổ chức sôi nổi, thiết thực; tổ chức thành công Tuần Văn hóa - Du lịch Trà Thái Nguyên năm 2026 với nhiều hoạt động quảng bá sản phẩm chè gắn với du lịch cộng đồng. Công tác bảo tồn, phát huy giá trị di sản văn hóa các dân tộc được quan tâm; hoàn thành tu bổ 04 di tích lịch sử cấp tỉnh. Công tác thông tin, tuyên truyền tập trung vào các nhiệm vụ chính trị trọng tâm, các ngày kỷ niệm lớn và việc triển khai thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng, Nghị quyết Đại hội đại biểu Đảng bộ tỉnh.',
      h('*2.5. Khoa học, công nghệ và chuyển đổi số*'),
      'Triển khai các nhiệm vụ phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số; phê duyệt 18 nhiệm vụ khoa học và công nghệ cấp tỉnh bắt đầu thực hiện từ năm 2027. Hạ tầng số tiếp tục được nâng cấp; tỷ lệ thôn, xóm có sóng di động băng rộng đạt 99,6%. Nền tảng điều hành tác nghiệp và Hệ thống phòng họp không giấy được sử dụng thống nhất từ tỉnh đến các xã, phường, góp phần tiết kiệm thời gian, chi phí in ấn tài liệu.',
      h('*2.6. Công tác dân tộc, tôn giáo*'),
      'Các chương trình, chính sách dân tộc được triển khai đầy đủ, kịp thời; Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi đã giải ngân 71,4% kế hoạch vốn năm 2026, tập trung cho hạ tầng thiết yếu, hỗ trợ nhà ở, đất sản xuất, nước sinh hoạt và phát triển sinh kế. Đời sống vật chất, tinh thần của đồng bào các dân tộc tiếp tục được cải thiện; vai trò của người có uy tín trong cộng đồng được phát huy. Các cơ sở tôn giáo hoạt động ổn định, đúng quy định; các lễ hội tôn giáo, tín ngưỡng trong năm diễn ra an toàn, tiết kiệm.',
      h('*2.7. Kinh tế tập thể và hợp tác xã*'),
      'Trong 11 tháng, toàn tỉnh thành lập mới 46 hợp tác xã, nâng tổng số hợp tác xã đang hoạt động lên 1.012 hợp tác xã với trên 28 nghìn thành viên; doanh thu bình quân của một hợp tác xã ước đạt 2,9 tỷ đồng/năm. Nhiều hợp tác xã chè, cây ăn quả, dược liệu đã liên kết với doanh nghiệp trong sản xuất, tiêu thụ sản phẩm, ứng dụng công nghệ số trong quản lý và bán hàng. Tuy nhiên, phần lớn hợp tác xã có quy mô nhỏ, năng lực quản trị hạn chế, khó tiếp cận vốn tín dụng.',
      h('3. Về cải cách hành chính, tổ chức bộ máy'),
      'Bộ máy chính quyền địa phương hai cấp tiếp tục được kiện toàn; các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh và Ủy ban nhân dân các xã, phường hoạt động ổn định. Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng và trước hạn đạt 99,1%; tỷ lệ hồ sơ trực tuyến toàn trình đạt 68,5%; tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đạt 87,3%. Trung tâm Phục vụ hành chính công tỉnh và các điểm tiếp nhận tại xã, phường tiếp tục được nâng cấp trang thiết bị, bảo đảm phục vụ người dân, doanh nghiệp thuận lợi.',
      'Tuy nhiên, năng lực của một bộ phận cán bộ, công chức cấp xã sau sắp xếp chưa đáp ứng yêu cầu, nhất là ở các lĩnh vực đất đai, xây dựng, tài chính; một số hồ sơ thủ tục hành chính liên quan đến đất đai còn giải quyết quá hạn. Sở Nội vụ đang hoàn thiện dự thảo Kế hoạch cải cách hành chính nhà nước năm 2027 để trình Ủy ban nhân dân tỉnh.',
      h('4. Về thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo'),
      'Các cơ quan thanh tra đã triển khai 48 cuộc thanh tra hành chính và 126 cuộc thanh tra, kiểm tra chuyên ngành; phát hiện sai phạm về kinh tế 18,6 tỷ đồng, kiến nghị thu hồi 12,4 tỷ đồng, kiến nghị xử lý hành chính 27 tập thể, 64 cá nhân. Các cơ quan hành chính đã tiếp 2.815 lượt công dân; tiếp nhận 1.946 đơn khiếu nại, tố cáo, kiến nghị, phản ánh, chủ yếu liên quan đến đất đai, bồi thường, giải phóng mặt bằng; tỷ lệ giải quyết các vụ việc thuộc thẩm quyền đạt 91,7%.',
      h('5. Về quốc phòng, an ninh và đối ngoại'),
      'Tình hình an ninh chính trị, trật tự an toàn xã hội trên địa bàn tỉnh cơ bản ổn định (nội dung chi tiết do Công an tỉnh báo cáo riêng). Lực lượng vũ trang tỉnh duy trì nghiêm chế độ trực sẵn sàng chiến đấu; hoàn thành công tác huấn luyện năm 2026 và chuẩn bị tốt cho công tác tuyển chọn, gọi công dân nhập ngũ năm 2027. Hoạt động đối ngoại tiếp tục được mở rộng; tỉnh đã tiếp và làm việc với 12 đoàn khách quốc tế, tổ chức 02 hội nghị xúc tiến đầu tư tại nước ngoài.',
      h('6. Đánh giá chung'),
      '**Về kết quả đạt được:** Trong 11 tháng năm 2026, kinh tế của tỉnh tiếp tục tăng trưởng khá; nhiều chỉ tiêu chủ yếu đạt và vượt kế hoạch như tăng trưởng GRDP, sản lượng lương thực, trồng rừng, giải quyết việc làm, giảm nghèo. Thu ngân sách nhà nước đạt khá, bảo đảm nhiệm vụ chi. Các lĩnh vực văn hóa - xã hội được quan tâm; an sinh xã hội được bảo đảm; quốc phòng, an ninh được giữ vững; bộ máy chính quyền hai cấp vận hành thông suốt.',
      '**Về tồn tại, hạn chế:** Giải ngân vốn đầu tư công đạt thấp so với yêu cầu; thu tiền sử dụng đất chưa đạt dự toán; một số dự án trọng điểm chậm tiến độ do vướng mắc về bồi thường, giải phóng mặt bằng và nguồn vật liệu đất đắp. Một số doanh nghiệp trong các ngành thâm dụng lao động còn khó khăn về đơn hàng. Cơ sở vật chất trường học ở vùng khó khăn còn thiếu. Việc giải quyết một số thủ tục hành chính về đất đai còn chậm.',
      '**Nguyên nhân của tồn tại, hạn chế:** Ngoài các nguyên nhân khách quan do tác động của tình hình kinh tế thế giới và thời tiết cực đoan, có nguyên nhân chủ quan là một số chủ đầu tư, địa phương chưa quyết liệt trong chỉ đạo, điều hành; công tác phối hợp giữa các cơ quan trong giải quyết vướng mắc có lúc chưa chặt chẽ; năng lực tham mưu của một bộ phận cán bộ, công chức còn hạn chế.',
      h('II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM THÁNG 12 NĂM 2026'),
      '**1.** Các sở, ban, ngành và Ủy ban nhân dân các xã, phường tập trung cao độ, quyết liệt thực hiện các nhiệm vụ, giải pháp phấn đấu hoàn thành ở mức cao nhất các chỉ tiêu kinh tế - xã hội năm 2026; rà soát từng chỉ tiêu chưa đạt để có giải pháp cụ thể. Chuẩn bị tốt các nội dung trình kỳ họp thường lệ cuối năm 2026 của Hội đồng nhân dân tỉnh, nhất là dự toán ngân sách, kế hoạch đầu tư công năm 2027 và Nghị quyết sửa đổi, bổ sung Bảng giá đất.',
      '**2.** Đẩy mạnh giải ngân vốn đầu tư công: yêu cầu các chủ đầu tư lập kế hoạch giải ngân chi tiết đến từng tuần; khẩn trương nghiệm thu, thanh toán khối lượng hoàn thành; kiên quyết điều chuyển vốn của các dự án không có khả năng giải ngân sang các dự án có khối lượng, nhu cầu bổ sung vốn; xem xét trách nhiệm người đứng đầu đơn vị để chậm giải ngân.',
      '**3.** Tăng cường các biện pháp quản lý thu ngân sách, chống thất thu, thu hồi nợ đọng thuế; đẩy nhanh tiến độ đấu giá quyền sử dụng đất các khu dân cư đã hoàn thiện hạ tầng; thực hiện chi ngân sách chặt chẽ, tiết kiệm, hiệu quả; bảo đảm kinh phí cho các nhiệm vụ cấp bách, an sinh xã hội dịp cuối năm và Tết Nguyên đán.',
      '**4.** Chỉ đạo sản xuất vụ đông, chuẩn bị giống, vật tư cho vụ xuân năm 2027; chủ động phòng, chống đói, rét cho gia súc và các dịch bệnh nguy hiểm trên cây trồng, vật nuôi; đẩy mạnh tiêu thụ sản phẩm chè, sản phẩm OCOP phục vụ thị trường cuối năm.',
      '**5.** Bảo đảm cân đối cung cầu, bình ổn giá cả thị trường; tăng cường kiểm tra, kiểm soát thị trường, chống buôn lậu, gian lận thương mại, hàng giả, hàng kém chất lượng; tổ chức các chương trình kích cầu tiêu dùng và du lịch dịp cuối năm.',
      '**6.** Thực hiện tốt các chính sách an sinh xã hội; chuẩn bị chu đáo việc thăm hỏi, tặng quà người có công, hộ nghèo, đối tượng bảo trợ xã hội nhân dịp Tết Nguyên đán; bảo đảm mọi người dân đều được vui xuân, đón Tết. Chỉ đạo các cơ sở giáo dục thực hiện kế hoạch học kỳ I năm học 2026 - 2027; tăng cường phòng, chống dịch bệnh mùa đông xuân.',
      '**7.** Tiếp tục đẩy mạnh cải cách hành chính, chuyển đổi số; nâng cao chất lượng giải quyết thủ tục hành chính, nhất là lĩnh vực đất đai, đầu tư; bồi dưỡng, nâng cao năng lực đội ngũ cán bộ, công chức cấp xã; chuẩn bị tổng kết công tác năm 2026 và xây dựng chương trình công tác năm 2027 của Ủy ban nhân dân tỉnh.',
      '**8.** Giữ vững quốc phòng, an ninh, bảo đảm trật tự an toàn xã hội; tăng cường tuần tra, kiểm soát, xử lý vi phạm trật tự an toàn giao thông, phòng cháy, chữa cháy trong dịp cuối năm; chuẩn bị tốt các điều kiện cho công tác tuyển quân năm 2027.',
      '**9.** Tăng cường quản lý đất đai, tài nguyên, khoáng sản và bảo vệ môi trường; hoàn thiện hồ sơ trình Hội đồng nhân dân tỉnh Nghị quyết sửa đổi, bổ sung Bảng giá đất; xử lý nghiêm các trường hợp khai thác khoáng sản trái phép, gây ô nhiễm môi trường.',
      '**10.** Làm tốt công tác tiếp công dân, giải quyết khiếu nại, tố cáo ngay từ cơ sở, nhất là các vụ việc liên quan đến bồi thường, giải phóng mặt bằng các dự án trọng điểm; không để phát sinh điểm nóng, khiếu kiện đông người, vượt cấp.',
      h('III. KIẾN NGHỊ, ĐỀ XUẤT'),
      'Sở Tài chính kính đề nghị Ủy ban nhân dân tỉnh: (1) cho ý kiến đối với nội dung Báo cáo để hoàn thiện, phục vụ kỳ họp thường lệ cuối năm 2026 của Hội đồng nhân dân tỉnh; (2) chỉ đạo các chủ đầu tư có tỷ lệ giải ngân dưới 50% báo cáo trực tiếp tại phiên họp chuyên đề về đầu tư công trong tháng 12; (3) giao Sở Nông nghiệp và Môi trường phối hợp với Ủy ban nhân dân các xã, phường đẩy nhanh việc xác định giá đất cụ thể, hoàn thiện hồ sơ đấu giá quyền sử dụng đất các dự án đã đủ điều kiện.',
      'Trên đây là báo cáo tình hình kinh tế - xã hội tháng 11, nhiệm vụ, giải pháp trọng tâm tháng 12 năm 2026, Sở Tài chính kính trình Ủy ban nhân dân tỉnh xem xét, cho ý kiến./.',
    ],
    signature: {
      right: { titles: ['GIÁM ĐỐC'], name: 'Vũ Thị Lan Phương' },
      recipients: [
        'Như trên',
        'Thường trực Tỉnh ủy (b/c)',
        'Thường trực HĐND tỉnh (b/c)',
        'Chủ tịch, các PCT UBND tỉnh',
        'Các sở, ban, ngành tỉnh',
        'UBND các xã, phường',
        'Lãnh đạo Sở',
        'Lưu: VT, TH',
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------
// Báo cáo an ninh, trật tự (Mật)

function securityReport(): DocumentText {
  const date = '2026-11-20T15:00:00+07:00';
  return {
    date,
    header: {
      governing: ['BỘ CÔNG AN'],
      issuer: ['CÔNG AN TỈNH', 'THÁI NGUYÊN'],
      number: 'Số: 1268/BC-CAT-PV01',
      placeDate: placeDate(date),
      kindTitle: 'BÁO CÁO',
      subject: ['Tình hình an ninh chính trị, trật tự an toàn xã hội', 'tháng 11 năm 2026'],
      recipient: 'Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên.',
    },
    body: [
      'Thực hiện Chương trình phiên họp thường kỳ tháng 11 năm 2026 của Ủy ban nhân dân tỉnh, Công an tỉnh báo cáo tình hình an ninh chính trị, trật tự an toàn xã hội tháng 11 năm 2026 (số liệu tính từ ngày 15 tháng 10 đến ngày 14 tháng 11 năm 2026) như sau:',
      h('I. TÌNH HÌNH AN NINH CHÍNH TRỊ, TRẬT TỰ AN TOÀN XÃ HỘI'),
      h('1. Về an ninh chính trị'),
      'Tình hình an ninh chính trị trên địa bàn tỉnh cơ bản ổn định, không để xảy ra tình huống bị động, bất ngờ. Trên không gian mạng xuất hiện một số tài khoản đăng tải thông tin sai sự thật, xuyên tạc về công tác cán bộ, việc sắp xếp tổ chức bộ máy và chủ trương thu hồi đất thực hiện một số dự án trọng điểm; Công an tỉnh đã xác minh, phối hợp yêu cầu gỡ bỏ 46 bài viết, xử phạt vi phạm hành chính 03 trường hợp.',
      'Tình hình khiếu kiện liên quan đến bồi thường, hỗ trợ, tái định cư tiếp tục tiềm ẩn yếu tố phức tạp; trong tháng xảy ra 05 lượt công dân tập trung đông người (từ 15 đến 40 người) tại trụ sở Ủy ban nhân dân 02 xã có dự án giao thông đi qua. Lực lượng Công an đã phối hợp với chính quyền địa phương tuyên truyền, vận động, tiếp nhận kiến nghị, không để phát sinh điểm nóng.',
      'Về an ninh kinh tế, một số doanh nghiệp trong lĩnh vực dệt may, chế biến gỗ chậm trả lương, nợ đóng bảo hiểm xã hội cho người lao động; có nguy cơ phát sinh tranh chấp lao động, ngừng việc tập thể trong dịp cuối năm. Tình hình tôn giáo, dân tộc ổn định; các hoạt động tôn giáo diễn ra đúng quy định của pháp luật.',
      h('2. Về trật tự an toàn xã hội'),
      '**a) Tội phạm về trật tự xã hội:** Phát hiện 87 vụ, giảm 9,4% so với tháng trước; đã điều tra, làm rõ 81 vụ, đạt tỷ lệ 93,1%; triệt phá 04 nhóm tội phạm hoạt động theo kiểu băng nhóm. Tội phạm lừa đảo chiếm đoạt tài sản qua không gian mạng xảy ra 19 vụ, gây thiệt hại khoảng 6,8 tỷ đồng; thủ đoạn chủ yếu là giả danh cơ quan công an, cơ quan thuế, nhân viên ngân hàng yêu cầu người dân cài đặt ứng dụng giả mạo để “cập nhật thông tin định danh điện tử”.',
      '**b) Tội phạm và tệ nạn ma túy:** Phát hiện, bắt giữ 64 vụ, 92 đối tượng phạm tội về ma túy, thu giữ 1,26 kg heroin, 3,8 kg ma túy tổng hợp; lập hồ sơ đưa 57 người đi cai nghiện bắt buộc.',
      '**c) Tội phạm về kinh tế, tham nhũng, chức vụ và môi trường:** Phát hiện 21 vụ vi phạm, trong đó có 07 vụ khai thác khoáng sản, cát, sỏi trái phép; 05 vụ vi phạm quy định về xử lý chất thải. Khởi tố mới 02 vụ án liên quan đến sai phạm trong quản lý đất đai tại cấp xã (trước thời điểm sắp xếp đơn vị hành chính).',
      '**d) Tai nạn giao thông:** Xảy ra 28 vụ, làm chết 14 người, bị thương 19 người; so với tháng trước giảm 03 vụ, giảm 02 người chết. Nguyên nhân chủ yếu do người điều khiển phương tiện vi phạm tốc độ, sử dụng rượu, bia, đi không đúng phần đường.',
      '**đ) Cháy, nổ:** Xảy ra 06 vụ cháy, không có thiệt hại về người, thiệt hại tài sản ước khoảng 1,2 tỷ đồng; nguyên nhân chủ yếu do sự cố hệ thống điện tại hộ gia đình và cơ sở kinh doanh nhỏ.',
      h('II. KẾT QUẢ CÔNG TÁC BẢO ĐẢM AN NINH, TRẬT TỰ'),
      '**1.** Bảo vệ tuyệt đối an toàn các mục tiêu, công trình quan trọng, các sự kiện chính trị, văn hóa diễn ra trên địa bàn tỉnh, trong đó có Tuần Văn hóa - Du lịch Trà Thái Nguyên năm 2026 và các hội nghị xúc tiến đầu tư.',
      '**2.** Mở đợt cao điểm tấn công, trấn áp tội phạm, bảo đảm an ninh, trật tự dịp cuối năm và Tết Nguyên đán Đinh Mùi năm 2027; tăng cường tuần tra, kiểm soát tại các tuyến giao thông trọng điểm và khu vực tập trung đông người.',
      '**3.** Tiếp tục triển khai ứng dụng dữ liệu dân cư, định danh và xác thực điện tử phục vụ giải quyết thủ tục hành chính; đã tiếp nhận 18.640 hồ sơ cấp, đổi thẻ căn cước, kích hoạt 12.310 tài khoản định danh điện tử mức độ 2.',
      '**4.** Kiểm tra an toàn phòng cháy, chữa cháy đối với 1.240 cơ sở, phát hiện và yêu cầu khắc phục 316 thiếu sót, xử phạt vi phạm hành chính 42 trường hợp; tổ chức 26 buổi thực tập phương án chữa cháy và cứu nạn, cứu hộ tại các khu công nghiệp.',
      h('III. DỰ BÁO TÌNH HÌNH VÀ ĐỀ XUẤT, KIẾN NGHỊ'),
      'Thời gian tới, dự báo tội phạm trộm cắp, cướp giật tài sản, lừa đảo qua không gian mạng, đánh bạc, buôn bán, vận chuyển pháo nổ có chiều hướng gia tăng; nguy cơ tai nạn giao thông, cháy, nổ tăng do nhu cầu đi lại, sản xuất, kinh doanh dịp cuối năm; các vụ việc khiếu kiện liên quan đến bồi thường, giải phóng mặt bằng có thể phát sinh phức tạp. Để chủ động bảo đảm an ninh, trật tự, Công an tỉnh kính đề nghị Ủy ban nhân dân tỉnh:',
      '**1.** Chỉ đạo các sở, ngành và Ủy ban nhân dân các xã, phường tập trung giải quyết dứt điểm các vụ việc khiếu nại liên quan đến bồi thường, hỗ trợ, tái định cư ngay từ cơ sở; không để phát sinh tập trung đông người vượt cấp.',
      '**2.** Giao Sở Nội vụ chủ trì, phối hợp với Liên đoàn Lao động tỉnh đôn đốc các doanh nghiệp thanh toán tiền lương, thưởng Tết cho người lao động; kịp thời nắm bắt, xử lý các vụ tranh chấp lao động.',
      '**3.** Giao Sở Khoa học và Công nghệ phối hợp với Công an tỉnh đẩy mạnh tuyên truyền kỹ năng nhận diện, phòng ngừa lừa đảo trực tuyến trên các nền tảng số của tỉnh và hệ thống thông tin cơ sở.',
      '**4.** Quan tâm bố trí kinh phí mở rộng hệ thống camera giám sát an ninh, trật tự tại các nút giao thông, khu vực trung tâm các xã, phường, kết nối với Trung tâm giám sát, điều hành đô thị thông minh của tỉnh.',
      'Trên đây là báo cáo tình hình an ninh chính trị, trật tự an toàn xã hội tháng 11 năm 2026, Công an tỉnh kính báo cáo Ủy ban nhân dân tỉnh./.',
    ],
    signature: {
      right: { titles: ['GIÁM ĐỐC'], name: 'Nông Văn Chiến' },
      recipients: ['Như trên', 'Chủ tịch, các PCT UBND tỉnh', 'Lưu: VT, PV01'],
    },
  };
}

// ---------------------------------------------------------------------------------------
// Báo cáo giải ngân vốn đầu tư công

function disbursementReport(): DocumentText {
  const date = '2026-11-20T10:00:00+07:00';
  const money = { width: 1.3, align: 'right' } as const;
  return {
    date,
    header: {
      governing: ['UBND TỈNH THÁI NGUYÊN'],
      issuer: ['SỞ TÀI CHÍNH'],
      number: 'Số: 4135/BC-STC',
      placeDate: placeDate(date),
      kindTitle: 'BÁO CÁO',
      subject: [
        'Tiến độ giải ngân vốn đầu tư công năm 2026 và giải pháp',
        'đẩy nhanh giải ngân những tháng cuối năm',
      ],
      recipient: 'Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên.',
    },
    body: [
      'Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về việc đẩy nhanh tiến độ thực hiện và giải ngân kế hoạch vốn đầu tư công năm 2026, Sở Tài chính báo cáo kết quả giải ngân đến ngày 15 tháng 11 năm 2026 và đề xuất các giải pháp trong thời gian còn lại của năm như sau:',
      h('I. KẾ HOẠCH VỐN ĐẦU TƯ CÔNG NĂM 2026'),
      'Tổng kế hoạch vốn đầu tư công năm 2026 của tỉnh đã giao chi tiết là 9.865,4 tỷ đồng, gồm: vốn ngân sách địa phương 6.742,8 tỷ đồng (trong đó vốn đầu tư từ nguồn thu tiền sử dụng đất 3.400 tỷ đồng, vốn bội chi ngân sách địa phương 900 tỷ đồng); vốn ngân sách trung ương 3.122,6 tỷ đồng (trong đó vốn nước ngoài 438,3 tỷ đồng). Kế hoạch vốn được phân bổ cho 412 dự án, trong đó có 186 dự án chuyển tiếp, 97 dự án khởi công mới và 129 dự án hoàn thành, quyết toán.',
      h('II. KẾT QUẢ GIẢI NGÂN ĐẾN NGÀY 15 THÁNG 11 NĂM 2026'),
      'Đến ngày 15 tháng 11 năm 2026, toàn tỉnh đã giải ngân được 5.939,0 tỷ đồng, đạt 60,2% kế hoạch vốn, thấp hơn tỷ lệ giải ngân bình quân chung của cả nước cùng thời điểm (khoảng 64,5%) và thấp hơn mục tiêu đề ra tại Chỉ thị của Chủ tịch Ủy ban nhân dân tỉnh (đạt trên 75% vào cuối tháng 11).',
      'Tốc độ giải ngân đã được cải thiện trong các tháng gần đây: riêng từ ngày 15 tháng 10 đến ngày 15 tháng 11 năm 2026, toàn tỉnh giải ngân được 1.146,2 tỷ đồng, cao nhất từ đầu năm, nhờ các chủ đầu tư đẩy nhanh nghiệm thu khối lượng hoàn thành sau mùa mưa lũ và Kho bạc Nhà nước rút ngắn thời gian kiểm soát chi. Tuy nhiên, khối lượng vốn còn lại phải giải ngân trong khoảng hai tháng rưỡi là 3.926,4 tỷ đồng, tương đương 39,8% kế hoạch, là áp lực rất lớn.',
      'Theo lĩnh vực, các dự án y tế, giáo dục, quốc phòng, an ninh có tỷ lệ giải ngân khá (từ 72% đến 88%) do phần lớn là dự án chuyển tiếp, mặt bằng sạch; các dự án giao thông, hạ tầng khu công nghiệp, phát triển quỹ đất và dự án sử dụng vốn nước ngoài có tỷ lệ giải ngân thấp (từ 35% đến 47%). Kết quả chi tiết theo nguồn vốn như sau:',
      {
        table: {
          caption: 'Bảng 1. Kết quả giải ngân theo nguồn vốn',
          note: 'Đơn vị tính: tỷ đồng',
          columns: [
            { width: 0.6, align: 'center' },
            { width: 3.8 },
            money,
            money,
            { width: 1.1, align: 'right' },
          ],
          header: ['STT', 'Nguồn vốn', 'Kế hoạch năm 2026', 'Giải ngân đến 15/11/2026', 'Tỷ lệ (%)'],
          rows: [
            ['', '**Tổng số**', '**9.865,4**', '**5.939,0**', '**60,2**'],
            ['**I**', '**Vốn ngân sách địa phương**', '**6.742,8**', '**4.286,5**', '**63,6**'],
            ['1', 'Vốn cân đối ngân sách địa phương theo tiêu chí', '2.356,0', '1.812,1', '76,9'],
            ['2', 'Vốn từ nguồn thu tiền sử dụng đất', '3.400,0', '1.856,4', '54,6'],
            ['3', 'Vốn xổ số kiến thiết', '86,8', '71,5', '82,4'],
            ['4', 'Vốn bội chi ngân sách địa phương', '900,0', '546,5', '60,7'],
            ['**II**', '**Vốn ngân sách trung ương**', '**3.122,6**', '**1.652,5**', '**52,9**'],
            ['1', 'Vốn trong nước', '2.684,3', '1.498,2', '55,8'],
            ['2', 'Vốn nước ngoài (ODA, vay ưu đãi)', '438,3', '154,3', '35,2'],
          ],
        },
      },
      'Có 11 chủ đầu tư giải ngân đạt trên 80% kế hoạch vốn, tiêu biểu là Sở Y tế, Sở Giáo dục và Đào tạo, Bộ Chỉ huy Quân sự tỉnh. Tuy nhiên, một số chủ đầu tư được giao kế hoạch vốn lớn nhưng tỷ lệ giải ngân thấp, ảnh hưởng trực tiếp đến kết quả giải ngân chung của tỉnh:',
      {
        table: {
          caption: 'Bảng 2. Các chủ đầu tư có tỷ lệ giải ngân dưới 50%',
          note: 'Đơn vị tính: tỷ đồng',
          columns: [
            { width: 0.6, align: 'center' },
            { width: 3.8 },
            money,
            money,
            { width: 1.1, align: 'right' },
          ],
          header: ['STT', 'Chủ đầu tư', 'Kế hoạch vốn', 'Đã giải ngân', 'Tỷ lệ (%)'],
          rows: [
            [
              '1',
              'Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh',
              '1.845,6',
              '812,3',
              '44,0',
            ],
            [
              '2',
              'Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh',
              '986,2',
              '461,7',
              '46,8',
            ],
            [
              '3',
              'Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp tỉnh',
              '624,5',
              '246,8',
              '39,5',
            ],
            ['4', 'Ban Quản lý các dự án sử dụng vốn vay nước ngoài tỉnh', '438,3', '154,3', '35,2'],
            ['5', 'Trung tâm Phát triển quỹ đất tỉnh', '512,0', '198,6', '38,8'],
            [
              '6',
              'Các dự án do Ủy ban nhân dân cấp xã làm chủ đầu tư (27 xã, phường)',
              '1.128,5',
              '508,9',
              '45,1',
            ],
          ],
        },
      },
      h('III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN'),
      '**1.** Công tác bồi thường, hỗ trợ, tái định cư còn nhiều vướng mắc: một số hộ dân chưa đồng thuận với phương án bồi thường; việc xác định nguồn gốc đất, giá đất cụ thể kéo dài; một số khu tái định cư chưa hoàn thiện hạ tầng. Đây là nguyên nhân chủ yếu làm chậm tiến độ các dự án giao thông, dự án phát triển khu dân cư.',
      '**2.** Nguồn vật liệu đất đắp cho các dự án giao thông khan hiếm; thủ tục cấp phép khai thác mỏ vật liệu phục vụ dự án còn kéo dài; giá một số vật liệu xây dựng tăng, phải điều chỉnh dự toán, hợp đồng.',
      '**3.** Sau sắp xếp đơn vị hành chính và tổ chức chính quyền địa phương hai cấp, nhiều dự án phải điều chỉnh chủ đầu tư, tên dự án, địa điểm thực hiện; việc bàn giao hồ sơ giữa các chủ đầu tư cũ và mới mất nhiều thời gian. Năng lực quản lý dự án của một số xã, phường còn hạn chế.',
      '**4.** Nguồn thu tiền sử dụng đất đạt thấp so với dự toán nên một số dự án bố trí từ nguồn này chưa có vốn để giải ngân; các dự án sử dụng vốn nước ngoài vướng mắc thủ tục điều chỉnh hiệp định vay và rút vốn.',
      '**5.** Một số chủ đầu tư chưa quyết liệt, còn tâm lý dồn khối lượng nghiệm thu, thanh toán vào cuối năm; công tác phối hợp giữa chủ đầu tư với các cơ quan chuyên môn và chính quyền địa phương có lúc chưa chặt chẽ.',
      h('IV. GIẢI PHÁP VÀ ĐỀ XUẤT'),
      '**1.** Đề nghị Ủy ban nhân dân tỉnh cho phép điều chuyển 412,6 tỷ đồng kế hoạch vốn của 09 dự án không có khả năng giải ngân hết trong năm 2026 sang 14 dự án có khối lượng hoàn thành, có nhu cầu bổ sung vốn (danh mục chi tiết do Sở Tài chính trình tại văn bản riêng), bảo đảm đúng quy định của Luật Đầu tư công.',
      '**2.** Yêu cầu các chủ đầu tư có tỷ lệ giải ngân dưới 50% lập kế hoạch giải ngân chi tiết theo tuần đến hết ngày 31 tháng 01 năm 2027, gửi Sở Tài chính trước ngày 30 tháng 11 năm 2026; người đứng đầu chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân tỉnh về kết quả giải ngân của đơn vị.',
      '**3.** Giao Ủy ban nhân dân các xã, phường có dự án tập trung hoàn thành bồi thường, giải phóng mặt bằng các dự án trọng điểm trước ngày 15 tháng 12 năm 2026; Sở Nông nghiệp và Môi trường hướng dẫn, giải quyết dứt điểm các vướng mắc về xác định giá đất cụ thể và cấp phép các mỏ vật liệu phục vụ dự án.',
      '**4.** Duy trì hoạt động của các Tổ công tác đặc biệt của Ủy ban nhân dân tỉnh về thúc đẩy giải ngân vốn đầu tư công; định kỳ hằng tuần báo cáo Chủ tịch Ủy ban nhân dân tỉnh; đưa kết quả giải ngân vào tiêu chí đánh giá, xếp loại mức độ hoàn thành nhiệm vụ năm 2026 của tập thể, cá nhân người đứng đầu.',
      'Sở Tài chính kính báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./.',
    ],
    signature: {
      right: { titles: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'], name: 'Nguyễn Hữu Lộc' },
      recipients: [
        'Như trên',
        'Chủ tịch, các PCT UBND tỉnh',
        'Các chủ đầu tư có tên tại Bảng 2',
        'Kho bạc Nhà nước khu vực',
        'Lãnh đạo Sở',
        'Lưu: VT, ĐT',
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------
// Tờ trình và dự thảo Nghị quyết Bảng giá đất

function landPriceSubmission(): DocumentText {
  const date = '2026-11-18T09:00:00+07:00';
  return {
    date,
    header: {
      governing: ['UBND TỈNH THÁI NGUYÊN'],
      issuer: ['SỞ NÔNG NGHIỆP', 'VÀ MÔI TRƯỜNG'],
      number: 'Số: 3562/TTr-SNNMT',
      placeDate: placeDate(date),
      kindTitle: 'TỜ TRÌNH',
      subject: [
        'Đề nghị trình Hội đồng nhân dân tỉnh ban hành Nghị quyết sửa đổi,',
        'bổ sung Bảng giá đất trên địa bàn tỉnh Thái Nguyên',
        'áp dụng từ ngày 01 tháng 01 năm 2027',
      ],
      recipient: 'Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên.',
    },
    body: [
      '*Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;*',
      '*Căn cứ Nghị định số 71/2024/NĐ-CP ngày 27 tháng 6 năm 2024 của Chính phủ quy định về giá đất;*',
      '*Căn cứ Nghị quyết số 45/2025/NQ-HĐND ngày 12 tháng 12 năm 2025 của Hội đồng nhân dân tỉnh ban hành Bảng giá đất trên địa bàn tỉnh Thái Nguyên áp dụng từ ngày 01 tháng 01 năm 2026.*',
      'Sở Nông nghiệp và Môi trường kính trình Ủy ban nhân dân tỉnh xem xét, trình Hội đồng nhân dân tỉnh ban hành Nghị quyết sửa đổi, bổ sung Bảng giá đất trên địa bàn tỉnh áp dụng từ ngày 01 tháng 01 năm 2027, với các nội dung chính như sau:',
      h('I. SỰ CẦN THIẾT BAN HÀNH NGHỊ QUYẾT'),
      'Luật Đất đai năm 2024 quy định hằng năm Ủy ban nhân dân cấp tỉnh có trách nhiệm trình Hội đồng nhân dân cùng cấp quyết định điều chỉnh, sửa đổi, bổ sung bảng giá đất để công bố áp dụng từ ngày 01 tháng 01 của năm tiếp theo. Bảng giá đất là căn cứ để tính tiền sử dụng đất, tiền thuê đất, thuế sử dụng đất, phí và lệ phí, tính tiền bồi thường khi Nhà nước thu hồi đất trong nhiều trường hợp, do đó cần phản ánh sát giá đất phổ biến trên thị trường.',
      'Qua một năm thực hiện Bảng giá đất ban hành kèm theo Nghị quyết số 45/2025/NQ-HĐND, trên địa bàn tỉnh đã hình thành thêm 58 tuyến đường, đoạn đường mới và 23 khu dân cư, khu đô thị mới chưa có trong bảng giá; một số khu vực có hạ tầng được đầu tư nâng cấp làm giá đất thị trường biến động tăng; đồng thời có sự chưa thống nhất về cách xác định vị trí đất giữa các khu vực thuộc hai tỉnh trước khi hợp nhất. Vì vậy, việc sửa đổi, bổ sung Bảng giá đất là cần thiết, đúng quy định.',
      h('II. MỤC ĐÍCH, QUAN ĐIỂM XÂY DỰNG'),
      '**1.** Bảo đảm tuân thủ nguyên tắc, căn cứ, phương pháp định giá đất theo quy định của Luật Đất đai và Nghị định số 71/2024/NĐ-CP; giá đất trong bảng phù hợp với giá đất phổ biến trên thị trường trong điều kiện bình thường.',
      '**2.** Bảo đảm hài hòa lợi ích của Nhà nước, người sử dụng đất và nhà đầu tư; hạn chế tác động đột biến đến nghĩa vụ tài chính của người dân khi chuyển mục đích sử dụng đất, được công nhận quyền sử dụng đất.',
      '**3.** Thống nhất cách phân loại khu vực, vị trí đất trên toàn tỉnh; chỉ sửa đổi, bổ sung các nội dung có biến động, không làm xáo trộn các khu vực có giá ổn định.',
      h('III. QUÁ TRÌNH XÂY DỰNG DỰ THẢO'),
      'Sở Nông nghiệp và Môi trường đã lựa chọn tổ chức tư vấn xác định giá đất, tổ chức điều tra, thu thập 4.860 phiếu thông tin giá đất thị trường tại tất cả các xã, phường; phân tích, tổng hợp kết quả điều tra theo từng khu vực, vị trí. Dự thảo Bảng giá đất được đăng tải trên Cổng thông tin điện tử của tỉnh để lấy ý kiến cơ quan, tổ chức, cộng đồng dân cư trong thời hạn 30 ngày; đã nhận được 146 lượt ý kiến góp ý, trong đó có 118 ý kiến được tiếp thu toàn bộ hoặc một phần.',
      'Ngày 12 tháng 11 năm 2026, Hội đồng thẩm định bảng giá đất tỉnh đã họp thẩm định; Sở Tư pháp đã có Báo cáo thẩm định dự thảo Nghị quyết. Sở Nông nghiệp và Môi trường đã tiếp thu, giải trình đầy đủ các ý kiến thẩm định (chi tiết tại Báo cáo tiếp thu, giải trình kèm theo hồ sơ).',
      h('IV. NỘI DUNG CƠ BẢN CỦA DỰ THẢO NGHỊ QUYẾT'),
      '**1. Phạm vi sửa đổi, bổ sung:** điều chỉnh giá đất của 126 tuyến đường, đoạn đường; bổ sung giá đất của 58 tuyến đường, đoạn đường mới và 23 khu dân cư, khu đô thị mới; điều chỉnh giá đất trồng cây lâu năm tại các vùng chè đặc sản; sửa đổi quy định về xác định vị trí đối với thửa đất có nhiều mặt tiếp giáp đường.',
      '**2. Mức điều chỉnh:** giá đất ở tại đô thị tăng bình quân 8,6%; giá đất ở tại nông thôn tăng bình quân 5,2%; giá đất thương mại, dịch vụ tăng bình quân 6,4%; giá đất nông nghiệp cơ bản giữ ổn định, riêng đất trồng chè tại các vùng chè đặc sản tăng từ 10% đến 15%. Không có khu vực nào có mức điều chỉnh tăng trên 30% so với bảng giá hiện hành.',
      '**3. Tác động:** việc điều chỉnh dự kiến làm tăng thu ngân sách từ tiền sử dụng đất, tiền thuê đất khoảng 320 tỷ đồng/năm; tăng mức bồi thường cho người có đất bị thu hồi, góp phần giảm khiếu nại trong công tác giải phóng mặt bằng. Đối với hộ gia đình, cá nhân chuyển mục đích sử dụng đất trong hạn mức, mức tăng nghĩa vụ tài chính bình quân khoảng 6%, nằm trong khả năng chi trả.',
      h('V. ĐỀ NGHỊ'),
      'Sở Nông nghiệp và Môi trường kính đề nghị Ủy ban nhân dân tỉnh xem xét, thông qua dự thảo Nghị quyết tại phiên họp thường kỳ tháng 11 năm 2026 để trình Hội đồng nhân dân tỉnh tại kỳ họp thường lệ cuối năm 2026, bảo đảm Bảng giá đất sửa đổi, bổ sung được công bố và áp dụng từ ngày 01 tháng 01 năm 2027.',
      '*(Kèm theo: Dự thảo Nghị quyết; Báo cáo thuyết minh xây dựng Bảng giá đất; Báo cáo thẩm định của Sở Tư pháp; Báo cáo tiếp thu, giải trình ý kiến góp ý).*',
      'Sở Nông nghiệp và Môi trường kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.',
    ],
    signature: {
      right: { titles: ['GIÁM ĐỐC'], name: 'Dương Văn Thịnh' },
      recipients: [
        'Như trên',
        'Chủ tịch, các PCT UBND tỉnh',
        'Sở Tài chính, Sở Tư pháp',
        'Lãnh đạo Sở',
        'Lưu: VT, QLĐĐ',
      ],
    },
  };
}

function landPriceResolution(): DocumentText {
  const date = '2026-12-10T09:00:00+07:00';
  return {
    date,
    header: {
      issuer: ['HỘI ĐỒNG NHÂN DÂN', 'TỈNH THÁI NGUYÊN'],
      number: `Số:${BLANK}/2026/NQ-HĐND`,
      placeDate: `Thái Nguyên, ngày${BLANK}tháng 12 năm 2026`,
      draft: true,
      kindTitle: 'NGHỊ QUYẾT',
      subject: [
        'Sửa đổi, bổ sung một số nội dung của Bảng giá đất',
        'trên địa bàn tỉnh Thái Nguyên áp dụng từ ngày 01 tháng 01 năm 2027',
      ],
    },
    body: [
      { center: 'HỘI ĐỒNG NHÂN DÂN TỈNH THÁI NGUYÊN', style: 'b', after: 0 },
      { center: 'KHÓA XV, KỲ HỌP THỨ TƯ', style: 'b', after: 10 },
      '*Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;*',
      '*Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025;*',
      '*Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;*',
      '*Căn cứ Nghị định số 71/2024/NĐ-CP ngày 27 tháng 6 năm 2024 của Chính phủ quy định về giá đất;*',
      `*Xét Tờ trình số${BLANK}/TTr-UBND ngày${BLANK}tháng 12 năm 2026 của Ủy ban nhân dân tỉnh về việc ban hành Nghị quyết sửa đổi, bổ sung một số nội dung của Bảng giá đất trên địa bàn tỉnh Thái Nguyên áp dụng từ ngày 01 tháng 01 năm 2027; Báo cáo thẩm tra của Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh; ý kiến thảo luận của đại biểu Hội đồng nhân dân tỉnh tại kỳ họp.*`,
      { center: 'QUYẾT NGHỊ:', style: 'b', after: 8 },
      '**Điều 1. Sửa đổi, bổ sung một số nội dung của Bảng giá đất ban hành kèm theo Nghị quyết số 45/2025/NQ-HĐND ngày 12 tháng 12 năm 2025 của Hội đồng nhân dân tỉnh**',
      '1. Sửa đổi giá đất ở tại đô thị, đất thương mại, dịch vụ tại đô thị của 126 tuyến đường, đoạn đường quy định tại Phụ lục I ban hành kèm theo Nghị quyết này.',
      '2. Bổ sung giá đất của 58 tuyến đường, đoạn đường mới và 23 khu dân cư, khu đô thị mới quy định tại Phụ lục II ban hành kèm theo Nghị quyết này.',
      '3. Sửa đổi giá đất trồng cây lâu năm tại các vùng chè đặc sản quy định tại Phụ lục III ban hành kèm theo Nghị quyết này.',
      '4. Sửa đổi khoản 3 Điều 4 của Quy định kèm theo Nghị quyết số 45/2025/NQ-HĐND như sau: *“3. Thửa đất có từ hai mặt tiếp giáp đường giao thông trở lên thì giá đất được xác định theo tuyến đường có giá cao nhất; trường hợp thửa đất có chiều sâu lớn hơn 25 mét tính từ chỉ giới xây dựng thì phần diện tích vượt quá được xác định theo vị trí liền kề.”*',
      'Giá đất của một số tuyến đường chính sau khi sửa đổi (trích Phụ lục I) như sau:',
      {
        table: {
          caption: 'Trích Phụ lục I. Giá đất ở tại đô thị một số tuyến đường, đoạn đường',
          note: 'Đơn vị tính: nghìn đồng/m²',
          size: 11.5,
          columns: [
            { width: 0.55, align: 'center' },
            { width: 3.6 },
            { width: 1.3, align: 'right' },
            { width: 1.3, align: 'right' },
            { width: 1.0, align: 'right' },
          ],
          header: [
            'STT',
            'Tên đường, đoạn đường (vị trí 1)',
            'Giá theo NQ số 45/2025',
            'Giá sửa đổi',
            'Tăng (%)',
          ],
          rows: [
            ['1', 'Đường Hoàng Văn Thụ (phường Phan Đình Phùng), đoạn trung tâm', '85.000', '92.000', '8,2'],
            ['2', 'Đường Lương Ngọc Quyến (phường Phan Đình Phùng)', '72.000', '78.000', '8,3'],
            [
              '3',
              'Đường Cách Mạng Tháng Tám, đoạn từ điểm đầu đến nút giao thứ nhất',
              '64.000',
              '70.000',
              '9,4',
            ],
            ['4', 'Đường Quang Trung, đoạn trung tâm', '48.000', '52.000', '8,3'],
            ['5', 'Quốc lộ 3, đoạn qua trung tâm phường Phổ Yên', '26.000', '28.500', '9,6'],
            ['6', 'Quốc lộ 3, đoạn qua trung tâm phường Đức Xuân', '22.000', '23.800', '8,2'],
            ['7', 'Đường trục chính khu đô thị mới phía Tây (bổ sung)', '-', '31.000', '-'],
            ['8', 'Đường tỉnh 261, đoạn qua khu công nghiệp', '9.500', '10.600', '11,6'],
          ],
        },
      },
      '**Điều 2. Tổ chức thực hiện**',
      '1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này; công bố công khai Bảng giá đất sửa đổi, bổ sung theo quy định.',
      '2. Giao Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh, các Tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết này.',
      '**Điều 3. Hiệu lực thi hành**',
      'Nghị quyết này đã được Hội đồng nhân dân tỉnh Thái Nguyên khóa XV, kỳ họp thứ tư thông qua ngày ... tháng 12 năm 2026 và có hiệu lực từ ngày 01 tháng 01 năm 2027./.',
    ],
    signature: {
      right: { titles: ['CHỦ TỊCH'] },
      recipients: [
        'Ủy ban Thường vụ Quốc hội',
        'Chính phủ',
        'Bộ Nông nghiệp và Môi trường, Bộ Tài chính',
        'Bộ Tư pháp (Cục Kiểm tra văn bản)',
        'Thường trực Tỉnh ủy',
        'Đoàn ĐBQH tỉnh',
        'Thường trực HĐND, UBND tỉnh',
        'Đại biểu HĐND tỉnh',
        'Công báo tỉnh',
        'Lưu: VT, CTHĐND',
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------
// Tờ trình cơ sở vật chất trường học

function schoolSubmission(): DocumentText {
  const date = '2026-11-18T14:00:00+07:00';
  const n = { width: 1, align: 'right' } as const;
  return {
    date,
    header: {
      governing: ['UBND TỈNH THÁI NGUYÊN'],
      issuer: ['SỞ GIÁO DỤC VÀ ĐÀO TẠO'],
      number: 'Số: 2154/TTr-SGDĐT',
      placeDate: placeDate(date),
      kindTitle: 'TỜ TRÌNH',
      subject: [
        'Về việc đề nghị phê duyệt Đề án tăng cường cơ sở vật chất,',
        'thiết bị dạy học các trường phổ thông giai đoạn 2027 - 2030',
      ],
      recipient: 'Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên.',
    },
    body: [
      '*Căn cứ Luật Giáo dục ngày 14 tháng 6 năm 2019;*',
      '*Căn cứ Thông tư số 13/2020/TT-BGDĐT ngày 26 tháng 5 năm 2020 của Bộ trưởng Bộ Giáo dục và Đào tạo ban hành Quy định tiêu chuẩn cơ sở vật chất các trường mầm non, tiểu học, trung học cơ sở, trung học phổ thông và trường phổ thông có nhiều cấp học;*',
      '*Căn cứ Kế hoạch phát triển kinh tế - xã hội 5 năm 2026 - 2030 của tỉnh.*',
      'Sở Giáo dục và Đào tạo kính trình Ủy ban nhân dân tỉnh xem xét, phê duyệt Đề án tăng cường cơ sở vật chất, thiết bị dạy học các trường phổ thông giai đoạn 2027 - 2030 (sau đây gọi là Đề án) với các nội dung chủ yếu sau:',
      h('I. SỰ CẦN THIẾT XÂY DỰNG ĐỀ ÁN'),
      'Những năm qua, được sự quan tâm của Trung ương và của tỉnh, cơ sở vật chất trường học trên địa bàn đã được đầu tư đáng kể; tỷ lệ phòng học kiên cố toàn tỉnh đạt 87,7%. Tuy nhiên, sau khi hợp nhất tỉnh và sắp xếp đơn vị hành chính cấp xã, quy mô học sinh tại các phường và khu vực công nghiệp tăng nhanh, gây quá tải cục bộ; trong khi nhiều trường ở các xã vùng cao còn phòng học tạm, phòng học xuống cấp, thiếu phòng học bộ môn, nhà vệ sinh và công trình nước sạch đạt chuẩn. Thiết bị dạy học được trang bị từ năm 2020 đến nay đã hư hỏng nhiều, chưa đáp ứng yêu cầu của Chương trình giáo dục phổ thông 2018 và chuyển đổi số trong giáo dục.',
      'Việc xây dựng Đề án nhằm huy động, bố trí nguồn lực có trọng tâm, trọng điểm, khắc phục tình trạng đầu tư dàn trải, góp phần nâng cao chất lượng giáo dục và bảo đảm công bằng trong tiếp cận giáo dục giữa các vùng.',
      h('II. THỰC TRẠNG CƠ SỞ VẬT CHẤT TRƯỜNG HỌC'),
      {
        table: {
          caption: 'Bảng 1. Thực trạng phòng học năm học 2026 - 2027',
          size: 11.5,
          columns: [{ width: 1.5 }, { width: 0.9, align: 'right' }, n, n, n, n, n],
          header: [
            'Cấp học',
            'Số trường',
            'Số phòng học',
            'Phòng học kiên cố',
            'Tỷ lệ kiên cố (%)',
            'Phòng học cần xây mới',
            'Phòng bộ môn còn thiếu',
          ],
          rows: [
            ['Mầm non', '312', '4.860', '3.985', '82,0', '420', '-'],
            ['Tiểu học', '338', '8.124', '7.026', '86,5', '510', '286'],
            ['Trung học cơ sở', '296', '5.410', '4.940', '91,3', '230', '412'],
            ['Trung học phổ thông', '72', '2.180', '2.095', '96,1', '64', '138'],
            ['**Tổng cộng**', '**1.018**', '**20.574**', '**18.046**', '**87,7**', '**1.224**', '**836**'],
          ],
        },
      },
      'Ngoài số phòng học nêu trên, toàn tỉnh còn 146 điểm trường lẻ có phòng học bán kiên cố đã xuống cấp, 214 trường thiếu nhà vệ sinh đạt chuẩn, 98 trường chưa có nhà đa năng; 41% số bộ thiết bị dạy học tối thiểu cấp tiểu học đã hết niên hạn sử dụng.',
      h('III. MỤC TIÊU CỦA ĐỀ ÁN'),
      '**1. Mục tiêu chung:** Bảo đảm cơ sở vật chất, thiết bị dạy học đáp ứng yêu cầu đổi mới chương trình, sách giáo khoa và chuyển đổi số; phấn đấu đến năm 2030 cơ bản xóa phòng học tạm, phòng học xuống cấp, nâng cao tỷ lệ trường đạt chuẩn quốc gia.',
      '**2. Mục tiêu cụ thể đến năm 2030:** tỷ lệ phòng học kiên cố đạt trên 95%; 100% trường tiểu học, trung học cơ sở, trung học phổ thông có đủ phòng học bộ môn theo quy định; 100% trường có nhà vệ sinh và công trình nước sạch đạt chuẩn; tỷ lệ trường đạt chuẩn quốc gia đạt trên 92%; 100% lớp học được trang bị thiết bị trình chiếu và kết nối Internet băng rộng.',
      h('IV. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU'),
      '**1.** Xây mới 1.224 phòng học, 836 phòng học bộ môn; cải tạo, sửa chữa 1.650 phòng học xuống cấp; ưu tiên các trường ở xã vùng cao, vùng đồng bào dân tộc thiểu số và các phường có quy mô học sinh tăng nhanh do phát triển công nghiệp.',
      '**2.** Mua sắm bổ sung, thay thế thiết bị dạy học tối thiểu theo lộ trình; trang bị thiết bị phục vụ dạy học ngoại ngữ, tin học, giáo dục STEM và học liệu số.',
      '**3.** Rà soát, sắp xếp mạng lưới trường, lớp gắn với quy hoạch tỉnh; dồn dịch các điểm trường lẻ khi đủ điều kiện; dành quỹ đất cho trường học trong các khu đô thị, khu dân cư mới.',
      '**4.** Đẩy mạnh xã hội hóa, huy động các doanh nghiệp, tổ chức, cá nhân tham gia đầu tư cơ sở vật chất trường học; công khai, minh bạch việc sử dụng các nguồn lực huy động.',
      h('V. KINH PHÍ VÀ NGUỒN VỐN'),
      {
        table: {
          caption: 'Bảng 2. Dự kiến nhu cầu vốn và phân kỳ đầu tư',
          note: 'Đơn vị tính: tỷ đồng',
          size: 11.5,
          columns: [{ width: 2.6 }, n, n, n, n, { width: 1.1, align: 'right' }],
          header: ['Nguồn vốn', 'Năm 2027', 'Năm 2028', 'Năm 2029', 'Năm 2030', 'Tổng cộng'],
          rows: [
            ['Ngân sách trung ương', '252', '301', '294', '256', '1.103'],
            ['Ngân sách tỉnh', '396', '473', '462', '401', '1.732'],
            ['Xã hội hóa và nguồn hợp pháp khác', '72', '86', '84', '73', '315'],
            ['**Tổng cộng**', '**720**', '**860**', '**840**', '**730**', '**3.150**'],
          ],
        },
      },
      'Nguồn vốn ngân sách tỉnh được cân đối trong kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030 và dự toán chi thường xuyên hằng năm cho mua sắm, sửa chữa; Sở Tài chính đã có ý kiến thống nhất về khả năng cân đối nguồn vốn.',
      h('VI. ĐỀ NGHỊ'),
      'Sở Giáo dục và Đào tạo kính đề nghị Ủy ban nhân dân tỉnh xem xét, phê duyệt Đề án; giao Sở Tài chính tham mưu bố trí nguồn vốn năm 2027 để triển khai ngay các công trình cấp bách; giao Ủy ban nhân dân các xã, phường bố trí quỹ đất và phối hợp tổ chức thực hiện.',
      '*(Kèm theo: Dự thảo Đề án; dự thảo Quyết định phê duyệt; ý kiến góp ý của các sở, ngành và Ủy ban nhân dân các xã, phường).*',
      'Sở Giáo dục và Đào tạo kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.',
    ],
    signature: {
      right: { titles: ['GIÁM ĐỐC'], name: 'Triệu Thị Hồng Nhung' },
      recipients: [
        'Như trên',
        'Chủ tịch, các PCT UBND tỉnh',
        'Sở Tài chính, Sở Xây dựng',
        'Lãnh đạo Sở',
        'Lưu: VT, KHTC',
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------
// Dự thảo Kế hoạch cải cách hành chính năm 2027

function reformPlan(): DocumentText {
  const date = '2026-12-15T09:00:00+07:00';
  return {
    date,
    header: {
      issuer: ['ỦY BAN NHÂN DÂN', 'TỈNH THÁI NGUYÊN'],
      number: `Số:${BLANK}/KH-UBND`,
      placeDate: `Thái Nguyên, ngày${BLANK}tháng 12 năm 2026`,
      draft: true,
      kindTitle: 'KẾ HOẠCH',
      subject: ['Cải cách hành chính nhà nước tỉnh Thái Nguyên năm 2027'],
    },
    body: [
      'Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030; Kế hoạch cải cách hành chính nhà nước của tỉnh giai đoạn 2026 - 2030 và kết quả cải cách hành chính năm 2026, Ủy ban nhân dân tỉnh ban hành Kế hoạch cải cách hành chính nhà nước năm 2027 như sau:',
      h('I. MỤC ĐÍCH, YÊU CẦU'),
      '**1.** Tiếp tục đẩy mạnh cải cách hành chính gắn với vận hành hiệu lực, hiệu quả chính quyền địa phương hai cấp; lấy người dân, doanh nghiệp làm trung tâm, lấy sự hài lòng của người dân, doanh nghiệp làm thước đo chất lượng phục vụ của cơ quan hành chính nhà nước.',
      '**2.** Cải thiện, nâng cao thứ hạng các chỉ số: Chỉ số cải cách hành chính (PAR INDEX), Chỉ số hài lòng về sự phục vụ hành chính (SIPAS), Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI), Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) và Chỉ số chuyển đổi số cấp tỉnh (DTI).',
      '**3.** Nhiệm vụ phải cụ thể, có sản phẩm, thời hạn hoàn thành và phân công rõ trách nhiệm của cơ quan chủ trì, cơ quan phối hợp; gắn kết quả thực hiện với đánh giá, xếp loại chất lượng tập thể, cá nhân người đứng đầu.',
      h('II. CHỈ TIÊU CHỦ YẾU NĂM 2027'),
      '- Chỉ số PAR INDEX và SIPAS của tỉnh thuộc nhóm 20 tỉnh, thành phố dẫn đầu cả nước;',
      '- 100% thủ tục hành chính đủ điều kiện được cung cấp dưới hình thức dịch vụ công trực tuyến toàn trình; tỷ lệ hồ sơ trực tuyến toàn trình đạt từ 80% trở lên;',
      '- Tỷ lệ hồ sơ giải quyết đúng và trước hạn đạt trên 99%; 100% hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa, tái sử dụng;',
      '- 100% cuộc họp của Ủy ban nhân dân tỉnh và trên 90% cuộc họp của Ủy ban nhân dân các xã, phường được tổ chức theo hình thức phòng họp không giấy;',
      '- Mức độ hài lòng của người dân, doanh nghiệp về giải quyết thủ tục hành chính đạt trên 95%.',
      h('III. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH'),
      h('1. Cải cách thể chế'),
      'Rà soát, hoàn thiện hệ thống văn bản quy phạm pháp luật của tỉnh phù hợp với mô hình chính quyền địa phương hai cấp và các luật mới có hiệu lực; kịp thời sửa đổi, thay thế, bãi bỏ văn bản không còn phù hợp; nâng cao chất lượng công tác xây dựng, thẩm định và kiểm tra văn bản; tăng cường theo dõi thi hành pháp luật.',
      h('2. Cải cách thủ tục hành chính'),
      'Rà soát, đơn giản hóa thủ tục hành chính, cắt giảm tối thiểu 20% thời gian giải quyết và chi phí tuân thủ đối với các thủ tục thuộc lĩnh vực đất đai, đầu tư, xây dựng; triển khai giải quyết thủ tục hành chính không phụ thuộc địa giới hành chính trong phạm vi toàn tỉnh; thực hiện nghiêm việc công khai, minh bạch, xin lỗi người dân khi giải quyết hồ sơ quá hạn.',
      h('3. Cải cách tổ chức bộ máy hành chính nhà nước'),
      'Tiếp tục kiện toàn tổ chức, bộ máy các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh và Ủy ban nhân dân các xã, phường; hoàn thiện vị trí việc làm, cơ cấu ngạch công chức; đánh giá mức độ phù hợp của việc phân cấp, phân quyền, ủy quyền cho chính quyền cấp xã để điều chỉnh kịp thời.',
      h('4. Cải cách chế độ công vụ'),
      'Thực hiện đánh giá cán bộ, công chức, viên chức theo kết quả, sản phẩm cụ thể; tổ chức bồi dưỡng chuyên sâu cho công chức cấp xã về đất đai, xây dựng, tài chính, chuyển đổi số; tăng cường kỷ luật, kỷ cương hành chính, kiểm tra công vụ đột xuất; có cơ chế khuyến khích, bảo vệ cán bộ dám nghĩ, dám làm, dám chịu trách nhiệm vì lợi ích chung.',
      h('5. Cải cách tài chính công'),
      'Tiếp tục đổi mới cơ chế tài chính đối với đơn vị sự nghiệp công lập; đẩy mạnh giao quyền tự chủ, đặt hàng dịch vụ sự nghiệp công; quản lý, sử dụng hiệu quả tài sản công sau sắp xếp đơn vị hành chính, xử lý dứt điểm trụ sở dôi dư; công khai, minh bạch ngân sách.',
      h('6. Xây dựng và phát triển chính quyền số'),
      'Hoàn thiện hạ tầng số, nền tảng tích hợp, chia sẻ dữ liệu của tỉnh; kết nối, đồng bộ các cơ sở dữ liệu chuyên ngành với Cơ sở dữ liệu quốc gia về dân cư; mở rộng Hệ thống phòng họp không giấy đến tất cả các xã, phường; bảo đảm an toàn thông tin theo cấp độ, bảo vệ bí mật nhà nước trên môi trường mạng.',
      h('IV. KINH PHÍ THỰC HIỆN'),
      'Kinh phí thực hiện Kế hoạch được bố trí từ dự toán ngân sách năm 2027 của các cơ quan, đơn vị, địa phương theo phân cấp ngân sách hiện hành và các nguồn kinh phí hợp pháp khác.',
      h('V. TỔ CHỨC THỰC HIỆN'),
      '**1.** Thủ trưởng các sở, ban, ngành và Chủ tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân tỉnh về kết quả cải cách hành chính của cơ quan, địa phương; xây dựng kế hoạch chi tiết, gửi Sở Nội vụ trước ngày 15 tháng 01 năm 2027.',
      '**2.** Sở Nội vụ là cơ quan thường trực, theo dõi, đôn đốc, tổng hợp kết quả; tham mưu xác định Chỉ số cải cách hành chính các sở, ban, ngành và Ủy ban nhân dân các xã, phường năm 2027.',
      '**3.** Văn phòng Ủy ban nhân dân tỉnh chủ trì kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông; Sở Khoa học và Công nghệ chủ trì xây dựng chính quyền số; Sở Tư pháp, Sở Tài chính thực hiện các nhiệm vụ theo lĩnh vực được giao.',
      '**4.** Định kỳ hằng quý, 6 tháng và năm, các cơ quan, đơn vị báo cáo kết quả về Sở Nội vụ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh và Bộ Nội vụ. Trong quá trình thực hiện, nếu có vướng mắc, các cơ quan, đơn vị kịp thời báo cáo Ủy ban nhân dân tỉnh (qua Sở Nội vụ) để xem xét, chỉ đạo./.',
    ],
    signature: {
      right: { titles: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'] },
      recipients: [
        'Bộ Nội vụ',
        'Thường trực Tỉnh ủy',
        'Thường trực HĐND tỉnh',
        'Chủ tịch, các PCT UBND tỉnh',
        'Các sở, ban, ngành tỉnh',
        'UBND các xã, phường',
        'Lưu: VT, NC',
      ],
    },
    appendix: [
      { center: 'Phụ lục', style: 'b', after: 0 },
      { center: 'DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH', style: 'b', after: 0 },
      { center: 'TRỌNG TÂM NĂM 2027', style: 'b', after: 0 },
      {
        center: `(Kèm theo Kế hoạch số${BLANK}/KH-UBND ngày${BLANK}tháng 12 năm 2026`,
        style: 'i',
        size: 13,
        after: 0,
      },
      { center: 'của Ủy ban nhân dân tỉnh)', style: 'i', size: 13, after: 10 },
      {
        table: {
          size: 11.5,
          columns: [
            { width: 0.55, align: 'center' },
            { width: 3.45 },
            { width: 1.6 },
            { width: 1.35, align: 'center' },
            { width: 1.6 },
          ],
          header: ['STT', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Thời hạn', 'Sản phẩm'],
          rows: [
            [
              '1',
              'Rà soát văn bản quy phạm pháp luật của tỉnh sau sắp xếp đơn vị hành chính',
              'Sở Tư pháp',
              'Quý I/2027',
              'Báo cáo, danh mục văn bản',
            ],
            [
              '2',
              'Đơn giản hóa thủ tục hành chính lĩnh vực đất đai, đầu tư, xây dựng',
              'Văn phòng UBND tỉnh',
              'Quý II/2027',
              'Quyết định phê duyệt phương án',
            ],
            [
              '3',
              'Giải quyết thủ tục hành chính không phụ thuộc địa giới hành chính',
              'Văn phòng UBND tỉnh',
              'Quý II/2027',
              'Danh mục thủ tục',
            ],
            [
              '4',
              'Hoàn thiện vị trí việc làm của các xã, phường',
              'Sở Nội vụ',
              'Quý II/2027',
              'Quyết định phê duyệt',
            ],
            [
              '5',
              'Bồi dưỡng công chức cấp xã về đất đai, xây dựng, tài chính',
              'Sở Nội vụ',
              'Quý III/2027',
              'Các lớp bồi dưỡng',
            ],
            [
              '6',
              'Kiểm tra công vụ, kỷ luật, kỷ cương hành chính',
              'Sở Nội vụ',
              'Cả năm',
              'Kết luận kiểm tra',
            ],
            [
              '7',
              'Giao quyền tự chủ tài chính cho đơn vị sự nghiệp công lập',
              'Sở Tài chính',
              'Quý III/2027',
              'Quyết định giao tự chủ',
            ],
            [
              '8',
              'Xử lý trụ sở, tài sản công dôi dư sau sắp xếp',
              'Sở Tài chính',
              'Quý IV/2027',
              'Phương án xử lý',
            ],
            [
              '9',
              'Kết nối cơ sở dữ liệu chuyên ngành với Cơ sở dữ liệu quốc gia về dân cư',
              'Sở Khoa học và Công nghệ',
              'Quý III/2027',
              'Dữ liệu được kết nối',
            ],
            [
              '10',
              'Mở rộng Hệ thống phòng họp không giấy đến các xã, phường',
              'Sở Khoa học và Công nghệ',
              'Quý IV/2027',
              'Hệ thống vận hành',
            ],
            [
              '11',
              'Đo lường sự hài lòng của người dân, doanh nghiệp (SIPAS)',
              'Sở Nội vụ',
              'Quý IV/2027',
              'Báo cáo kết quả',
            ],
            [
              '12',
              'Xác định Chỉ số cải cách hành chính năm 2027 của các cơ quan, địa phương',
              'Sở Nội vụ',
              'Quý IV/2027',
              'Quyết định công bố',
            ],
          ],
        },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------

/** The text of every demo document, keyed by its file name in `demo-meeting.json`. */
export function documentTexts(meeting: DemoMeetingFile): Record<string, DocumentText> {
  return {
    'giay-moi-phien-hop-thang-11-2026.pdf': invitation(meeting),
    'bao-cao-kinh-te-xa-hoi-thang-11-2026.pdf': socioEconomicReport(),
    'bao-cao-an-ninh-trat-tu-thang-11-2026.pdf': securityReport(),
    'bao-cao-giai-ngan-dau-tu-cong-2026.pdf': disbursementReport(),
    'to-trinh-bang-gia-dat-2027.pdf': landPriceSubmission(),
    'du-thao-nghi-quyet-bang-gia-dat-2027.pdf': landPriceResolution(),
    'to-trinh-co-so-vat-chat-truong-hoc.pdf': schoolSubmission(),
    'du-thao-ke-hoach-cai-cach-hanh-chinh-2027.pdf': reformPlan(),
  };
}

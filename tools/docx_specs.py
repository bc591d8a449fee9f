"""The sample reports that `make_docx.py` writes to corpus/*.docx.

Written for this project (no real report is copied), in the shape real
provincial CCHC reports take: a Sở quarterly report, a UBND huyện six-month
report and a UBND xã yearly report, from different provinces. Each carries a
few of the defects real files have, on purpose:
- "Qúy" for "Quý" (sgtvt text and a table header; the xã report);
- doubled spaces inside a reference ("Kế hoạch số 52/KH-UBND  ngày ...");
- "Uỷ ban" next to "Ủy ban" in one report (huyện);
- an impossible date, "ngày 31/4/2024" (huyện);
- a heading numbered by hand while its neighbours are numbered by Word (xã).
"""

from __future__ import annotations

from make_docx import (Bullets, Cell, Heading, Letterhead, Paragraph, ReportSpec, Scheme, Signature,
                       Table)


def H(level: int, text: str, label: str | None = None) -> Heading:
    return Heading(text=text, level=level, label=label)


def P(text: str) -> Paragraph:
    return Paragraph(text)


_RECIPIENTS_SO = ["- Như trên;", "- UBND tỉnh (b/c);", "- Giám đốc, các PGĐ Sở;", "- Lưu: VT, VP."]

SO_GTVT_Q1_2024 = ReportSpec(
    letterhead=Letterhead(parent="UBND TỈNH BÌNH THUẬN", agency="SỞ GIAO THÔNG VẬN TẢI",
                          number="Số: 85/BC-SGTVT", place_date="Bình Thuận, ngày 12 tháng 3 năm 2024"),
    title="Kết quả thực hiện công tác cải cách hành chính Quý I năm 2024",
    recipients=["Sở Nội vụ tỉnh Bình Thuận"],
    body=[
        P("Thực hiện Kế hoạch số 45/KH-UBND ngày 12/01/2024 của UBND tỉnh về cải cách hành chính nhà nước "
          "tỉnh Bình Thuận năm 2024; Công văn số 312/SNV-CCHC ngày 01/3/2024 của Sở Nội vụ về việc báo cáo "
          "kết quả cải cách hành chính Qúy I năm 2024, Sở Giao thông vận tải báo cáo kết quả thực hiện như sau "
          "(số liệu tính từ ngày 15/12/2023 đến ngày 14/3/2024):"),
        H(0, "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
        H(1, "Về kế hoạch cải cách hành chính"),
        P("Căn cứ Kế hoạch số 45/KH-UBND ngày 12/01/2024 của UBND tỉnh, Sở Giao thông vận tải đã ban hành "
          "Kế hoạch số 126/KH-SGTVT ngày 22/01/2024 về cải cách hành chính năm 2024 với 25 nhiệm vụ cụ thể. "
          "Đến nay, Sở đã hoàn thành 20/25 nhiệm vụ, đang triển khai 5/25 nhiệm vụ theo đúng tiến độ đề ra."),
        H(1, "Về tổ chức chỉ đạo, điều hành"),
        P("Trong quý, Sở đã ban hành các văn bản chỉ đạo, điều hành công tác cải cách hành chính, cụ thể:"),
        Bullets(["Quyết định số 18/QĐ-SGTVT ngày 25/01/2024 về việc kiện toàn Ban Chỉ đạo cải cách hành chính "
                 "của Sở;",
                 "Công văn số 240/SGTVT-VP ngày 05/02/2024 về việc chấn chỉnh kỷ luật, kỷ cương hành chính sau "
                 "Tết Nguyên đán;",
                 "Kế hoạch số 301/KH-SGTVT ngày 20/02/2024 về tuyên truyền cải cách hành chính năm 2024."],
                auto=False),
        H(1, "Về công tác kiểm tra cải cách hành chính"),
        P("Sở đã ban hành Kế hoạch số 188/KH-SGTVT ngày 30/01/2024 về kiểm tra cải cách hành chính năm 2024, "
          "dự kiến kiểm tra 04 phòng, đơn vị trực thuộc. Trong Quý I, chưa đến thời điểm kiểm tra theo kế hoạch."),
        H(1, "Về công tác tuyên truyền cải cách hành chính"),
        P("Đăng tải 12 tin, bài về cải cách hành chính trên Trang thông tin điện tử của Sở; niêm yết công khai "
          "100% thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả."),
        H(0, "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"),
        H(1, "Cải cách thể chế"),
        P("Trong Quý I năm 2024, Sở đã tham mưu UBND tỉnh ban hành 02 văn bản quy phạm pháp luật, gồm: "
          "Quyết định số 05/2024/QĐ-UBND ngày 20/02/2024 của UBND tỉnh ban hành Quy định phân cấp quản lý "
          "đường thủy nội địa trên địa bàn tỉnh và Quyết định số 07/2024/QĐ-UBND ngày 01/3/2024 của Ủy ban "
          "nhân dân tỉnh sửa đổi, bổ sung Quyết định số 21/2021/QĐ-UBND."),
        H(1, "Cải cách thủ tục hành chính"),
        H(2, "Rà soát, đơn giản hóa thủ tục hành chính"),
        P("Thực hiện Kế hoạch số 52/KH-UBND  ngày 15/01/2024 của UBND tỉnh về rà soát, đơn giản hóa thủ tục "
          "hành chính năm 2024, Sở đã rà soát 15/15 thủ tục hành chính theo kế hoạch, đề xuất đơn giản hóa "
          "03 thủ tục."),
        H(2, "Thực hiện cơ chế một cửa, một cửa liên thông"),
        H(4, "Kết quả tiếp nhận, giải quyết hồ sơ"),
        P("Kết quả tiếp nhận và giải quyết hồ sơ thủ tục hành chính trong kỳ báo cáo:"),
        Table(rows=[
            [Cell("STT", row_span=3), Cell("Lĩnh vực", row_span=3), Cell("Số hồ sơ tiếp nhận", col_span=3),
             Cell("Kết quả giải quyết", col_span=4)],
            [None, None, Cell("Tổng số", row_span=2), Cell("Trong đó", col_span=2),
             Cell("Đã giải quyết", col_span=3), Cell("Đang giải quyết", row_span=2)],
            [None, None, None, "Trực tuyến", "Trực tiếp, bưu chính", "Trước hạn", "Đúng hạn", "Trễ hạn", None],
            ["", "Đường bộ", "1.245", "1.120", "125", "830", "410", "0", "5"],
            ["", "Đăng kiểm", "86", "80", "6", "50", "36", "0", "0"],
            ["", "Đường thủy nội địa", "14", "14", "0", "9", "4", "1", "0"],
            [Cell("Tổng cộng", col_span=2, bold=True), "1.345", "1.214", "131", "889", "450", "1", "5"],
        ], header_rows=3, auto_stt=True),
        P("Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn đạt 99,93%; 01 hồ sơ trễ hạn đã được xin lỗi tổ "
          "chức, cá nhân theo quy định."),
        H(4, "Dịch vụ công trực tuyến"),
        P("Tỷ lệ hồ sơ nộp trực tuyến đạt 90,3% (1.214/1.345 hồ sơ)."),
        H(1, "Cải cách tổ chức bộ máy hành chính nhà nước"),
        P("Sở có 06 phòng chuyên môn và 03 đơn vị sự nghiệp trực thuộc. Tổng biên chế công chức được giao "
          "năm 2024 là 58 biên chế, hiện có mặt 55 người."),
        H(1, "Cải cách chế độ công vụ"),
        P("Trong quý, Sở đã cử 14 lượt công chức, viên chức tham gia các lớp đào tạo, bồi dưỡng; không có "
          "trường hợp vi phạm kỷ luật, kỷ cương hành chính."),
        H(1, "Cải cách tài chính công"),
        P("Thực hiện Nghị định số 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ quy định cơ chế tự chủ tài chính "
          "của đơn vị sự nghiệp công lập, 03/03 đơn vị sự nghiệp trực thuộc đã được giao tự chủ tài chính giai "
          "đoạn 2023-2025."),
        H(1, "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
        P("Kết quả ứng dụng chữ ký số trong xử lý văn bản điện tử:"),
        Table(rows=[
            [Cell("STT", row_span=2), Cell("Tiêu chí", row_span=2), Cell("Quý IV/2023", col_span=2),
             Cell("Qúy I/2024", col_span=2)],
            [None, None, "Số lượng", "Tỷ lệ (%)", "Số lượng", "Tỷ lệ (%)"],
            ["", "Lãnh đạo sử dụng chứng thư số", "8", "100", "8", "100"],
            ["", "Văn bản đi được ký số", "1.032", "98,5", "1.210", "99,2"],
        ], header_rows=2, auto_stt=True),
        H(0, "ĐÁNH GIÁ CHUNG"),
        H(1, "Ưu điểm"),
        P("Công tác cải cách hành chính được lãnh đạo Sở quan tâm chỉ đạo; thủ tục hành chính được giải quyết "
          "đúng hạn, tỷ lệ hồ sơ trực tuyến tăng so với cùng kỳ."),
        H(1, "Tồn tại, hạn chế và nguyên nhân"),
        P("Một số hồ sơ lĩnh vực đường thủy nội địa còn trễ hạn do phải phối hợp xác minh với địa phương; hạ "
          "tầng công nghệ thông tin tại Bộ phận một cửa chưa đồng bộ."),
        H(0, "PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2024"),
        Bullets(["Tiếp tục triển khai các nhiệm vụ còn lại của Kế hoạch số 126/KH-SGTVT;",
                 "Nâng cao tỷ lệ hồ sơ trực tuyến toàn trình, thanh toán trực tuyến;",
                 "Tổ chức kiểm tra cải cách hành chính tại 02 đơn vị trực thuộc."]),
        H(0, "ĐỀ XUẤT, KIẾN NGHỊ"),
        P("Không."),
        P("Trên đây là báo cáo kết quả công tác cải cách hành chính Quý I năm 2024 của Sở Giao thông vận tải."),
    ],
    signature=Signature(recipients=_RECIPIENTS_SO, titles=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
                        signer="Nguyễn Văn Hùng"),
)

UBND_HUYEN_6T_2024 = ReportSpec(
    letterhead=Letterhead(parent="ỦY BAN NHÂN DÂN", agency="HUYỆN NGHI LỘC", number="Số: 214/BC-UBND",
                          place_date="Nghi Lộc, ngày 14 tháng 6 năm 2024"),
    title="Tình hình, kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024 và nhiệm vụ "
          "trọng tâm 6 tháng cuối năm 2024",
    recipients=["Sở Nội vụ tỉnh Nghệ An"],
    body=[
        P("Thực hiện Văn bản số 1520/SNV-CCHC ngày 20/5/2024 của Sở Nội vụ về việc báo cáo công tác cải cách "
          "hành chính định kỳ, Uỷ ban nhân dân huyện Nghi Lộc báo cáo kết quả thực hiện công tác cải cách hành "
          "chính 6 tháng đầu năm 2024 (số liệu từ ngày 15/12/2023 đến ngày 14/6/2024) như sau:"),
        H(0, "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
        H(1, "Công tác ban hành kế hoạch"),
        P("Căn cứ Kế hoạch số 18/KH-UBND ngày 10/01/2024 của UBND tỉnh Nghệ An về cải cách hành chính năm "
          "2024, UBND huyện đã ban hành Kế hoạch số 27/KH-UBND ngày 19/01/2024 về cải cách hành chính năm 2024 "
          "với 32 nhiệm vụ; đến nay đã hoàn thành 18/32 nhiệm vụ (đạt 56,25%), 14 nhiệm vụ đang triển khai."),
        P("Ngoài ra, UBND huyện ban hành các văn bản chỉ đạo:"),
        Bullets(["Quyết định số 1856/QĐ-UBND ngày 31/4/2024 của UBND huyện về việc kiện toàn Tổ công tác "
                 "cải cách hành chính;",
                 "Công văn số 604/UBND-NV ngày 08/3/2024 về việc nâng cao chỉ số cải cách hành chính."]),
        H(1, "Công tác kiểm tra cải cách hành chính"),
        P("Thực hiện Kế hoạch số 35/KH-UBND ngày 25/01/2024, UBND huyện đã kiểm tra 08/29 xã, thị trấn; qua "
          "kiểm tra đã chấn chỉnh 12 tồn tại trong tiếp nhận, giải quyết thủ tục hành chính."),
        P("Kết quả kiểm tra tại các xã:"),
        Table(rows=[
            ["STT", "Đơn vị được kiểm tra", "Thời gian", "Kết quả"],
            ["", "Xã Nghi Thuận", "Tháng 3/2024",
             Cell("Phát hiện 02 tồn tại:", nested=Table(rows=[
                 ["Nội dung", "Số lượng"],
                 ["Hồ sơ trễ hạn chưa có văn bản xin lỗi", "03"],
                 ["Niêm yết thủ tục chưa cập nhật", "05"],
             ]))],
            ["", "Xã Nghi Hoa", "Tháng 4/2024", "Không phát hiện sai phạm"],
            ["", "Thị trấn Quán Hành", "Tháng 5/2024", "Chấn chỉnh việc cập nhật hồ sơ lên hệ thống"],
        ], auto_stt=True),
        H(1, "Công tác tuyên truyền"),
        P("Tổ chức 04 hội nghị tuyên truyền cho 320 lượt cán bộ, công chức; phát 25 tin, bài trên Đài Truyền "
          "thanh huyện."),
        H(0, "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ"),
        H(1, "Cải cách thể chế"),
        P("Trong kỳ, UBND huyện không ban hành văn bản quy phạm pháp luật; đã rà soát 46 văn bản, đề nghị "
          "bãi bỏ 02 văn bản không còn phù hợp."),
        H(1, "Cải cách thủ tục hành chính"),
        H(2, "Công bố, công khai thủ tục hành chính"),
        P("Niêm yết, công khai đầy đủ 285 thủ tục hành chính cấp huyện và 112 thủ tục cấp xã theo Quyết định "
          "số 4021/QĐ-UBND ngày 29/12/2023 của Ủy ban nhân dân tỉnh."),
        H(2, "Kết quả giải quyết thủ tục hành chính"),
        P("Kết quả tiếp nhận, giải quyết hồ sơ thủ tục hành chính 6 tháng đầu năm 2024:"),
        Table(rows=[
            [Cell("STT", row_span=2), Cell("Cấp giải quyết", row_span=2), Cell("Tiếp nhận", col_span=2),
             Cell("Đã giải quyết", col_span=2), Cell("Tỷ lệ đúng hạn (%)", row_span=2)],
            [None, None, "Tổng số", "Trực tuyến", "Đúng hạn", "Quá hạn", None],
            ["", "Cấp huyện", "6.420", "5.198", "6.350", "12", "99,81"],
            ["", "Cấp xã (29 xã, thị trấn)", "18.906", "15.030", "18.790", "41", "99,78"],
            [Cell("Tổng", col_span=2, bold=True), "25.326", "20.228", "25.140", "53", "99,79"],
        ], header_rows=2, auto_stt=True),
        Bullets(["Hồ sơ quá hạn tập trung ở lĩnh vực đất đai;",
                 "Đã thực hiện xin lỗi bằng văn bản đối với 53/53 hồ sơ quá hạn."], char="+"),
        H(1, "Cải cách tổ chức bộ máy"),
        P("Thực hiện sắp xếp đơn vị hành chính cấp xã giai đoạn 2023-2025, huyện đã xây dựng phương án sáp "
          "nhập 04 xã thành 02 xã, trình Uỷ ban nhân dân tỉnh xem xét."),
        H(1, "Cải cách chế độ công vụ"),
        P("Tuyển dụng 06 công chức cấp xã; cử 58 lượt cán bộ, công chức tham gia bồi dưỡng."),
        H(1, "Cải cách tài chính công"),
        P("Giải ngân vốn đầu tư công 6 tháng đạt 41,5% kế hoạch vốn được giao."),
        H(1, "Xây dựng chính quyền điện tử, chính quyền số"),
        P("100% văn bản đi của UBND huyện được ký số và gửi qua hệ thống quản lý văn bản; tỷ lệ hồ sơ trực "
          "tuyến đạt 79,87% (20.228/25.326 hồ sơ)."),
        H(0, "ĐÁNH GIÁ CHUNG"),
        H(1, "Kết quả đạt được"),
        P("Các nhiệm vụ cải cách hành chính được triển khai đồng bộ; tỷ lệ hồ sơ giải quyết đúng hạn cao."),
        H(1, "Tồn tại, hạn chế"),
        P("Hồ sơ lĩnh vực đất đai còn quá hạn; một số xã chưa số hóa đầy đủ kết quả giải quyết."),
        H(0, "NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2024"),
        Bullets(["Hoàn thành 14 nhiệm vụ còn lại của Kế hoạch số 27/KH-UBND;",
                 "Đẩy mạnh số hóa hồ sơ, kết quả giải quyết thủ tục hành chính."]),
        H(0, "KIẾN NGHỊ, ĐỀ XUẤT"),
        P("Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ kiểm soát thủ tục hành chính cho công chức cấp xã."),
    ],
    signature=Signature(recipients=["- Sở Nội vụ (b/c);", "- TT Huyện ủy, TT HĐND huyện;",
                                    "- Chủ tịch, các PCT UBND huyện;", "- Lưu: VT, NV."],
                        titles=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], signer="Trần Đình Khánh"),
)

UBND_XA_NAM_2023 = ReportSpec(
    letterhead=Letterhead(parent="UBND HUYỆN CHÂU THÀNH", agency="UBND XÃ AN HIỆP", number="Số: 52/BC-UBND",
                          place_date="An Hiệp, ngày 11 tháng 12 năm 2023"),
    title="Kết quả thực hiện công tác cải cách hành chính năm 2023",
    recipients=["Phòng Nội vụ huyện Châu Thành"],
    scheme=Scheme(texts=("%1.", "%2.", "%2.%3.", "%2.%3.%4.", "%5/")),
    body=[
        P("Căn cứ Kế hoạch số 09/KH-UBND ngày 16/01/2023 của UBND xã An Hiệp về cải cách hành chính năm 2023; "
          "thực hiện Công văn số 845/UBND-NV ngày 20/11/2023 của Uỷ ban nhân dân huyện Châu Thành, UBND xã "
          "báo cáo kết quả như sau (số liệu tính từ 15/12/2022 đến 14/12/2023):"),
        H(0, "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
        P("UBND xã đã hoàn thành 12/12 nhiệm vụ theo Kế hoạch số 09/KH-UBND (đạt 100%); ban hành Quyết định "
          "số 35/QĐ-UBND ngày 02/02/2023 về việc phân công cán bộ, công chức làm việc tại Bộ phận một cửa."),
        H(0, "KẾT QUẢ THỰC HIỆN"),
        H(1, "Cải cách thủ tục hành chính"),
        H(4, "Tiếp nhận hồ sơ"),
        P("Trong năm, Bộ phận một cửa xã tiếp nhận 1.876 hồ sơ, trong đó 1.402 hồ sơ trực tuyến; đã giải "
          "quyết 1.870 hồ sơ, đúng hạn 1.870/1.870 hồ sơ."),
        H(4, "Thanh toán trực tuyến"),
        P("Có 214 hồ sơ thanh toán phí, lệ phí trực tuyến, tăng 96 hồ sơ so với năm 2022."),
        H(1, "Cải cách chế độ công vụ"),
        P("Xã có 21 cán bộ, công chức; trong năm cử 09 lượt tham gia bồi dưỡng; Qúy IV không có cán bộ, "
          "công chức vi phạm kỷ luật."),
        H(1, "Chính quyền số"),
        P("Kết quả ứng dụng chữ ký số:"),
        Table(rows=[
            [Cell("Nội dung", row_span=2), Cell("Năm 2022", col_span=2), Cell("Năm 2023", col_span=2)],
            [None, "Số lượng", "Tỷ lệ (%)", "Số lượng", "Tỷ lệ (%)"],
            ["Cán bộ, công chức có chữ ký số cá nhân", "15", "71,4", "21", "100"],
            ["Văn bản đi được ký số", "640", "92,0", "705", "98,6"],
        ], header_rows=2),
        H(1, "Cải cách tài chính công", label="4."),
        P("Thực hiện công khai dự toán, quyết toán ngân sách xã năm 2023 đúng quy định."),
        H(0, "PHƯƠNG HƯỚNG NĂM 2024"),
        Bullets(["Duy trì tỷ lệ 100% hồ sơ giải quyết đúng hạn;",
                 "Tăng tỷ lệ hồ sơ trực tuyến toàn trình."], auto=False),
    ],
    signature=Signature(recipients=["- Phòng Nội vụ huyện;", "- TT Đảng ủy xã;", "- Lưu: VT."],
                        titles=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], signer="Lê Thị Thu Hà"),
)

CORPUS = {
    "so_gtvt_binh_thuan_q1_2024": SO_GTVT_Q1_2024,
    "ubnd_huyen_nghi_loc_6t_2024": UBND_HUYEN_6T_2024,
    "ubnd_xa_an_hiep_nam_2023": UBND_XA_NAM_2023,
}

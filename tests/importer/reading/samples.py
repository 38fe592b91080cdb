"""Plan texts written for these tests (none is a seed): other bodies, other wording, other numbering."""

# A district office's plan: Roman sections with Mục đích and Yêu cầu apart, "1." / "a)" items, "Nhiệm vụ N:",
# "•" bullets, labels the seeds do not use (Đơn vị chủ trì, Thời hạn hoàn thành, Tiến độ, Sản phẩm …).
DISTRICT_PLAN = """\
ỦY BAN NHÂN DÂN HUYỆN BẮC SƠN
PHÒNG TƯ PHÁP
Số: 45 / KH-PTP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bắc Sơn, ngày 03 tháng 3 năm 2023

KẾ HOẠCH
Tuyên truyền pháp luật và trợ giúp pháp lý
cho đồng bào vùng cao năm 2023

Căn cứ Luật Trợ giúp pháp lý ngày 20 tháng 6 năm 2017;
Căn cứ Quyết định số 12/QĐ-UBND ngày 10/01/2023 của Ủy ban nhân dân huyện Bắc Sơn về việc giao chỉ tiêu phát triển kinh tế - xã hội năm 2023;
Phòng Tư pháp huyện Bắc Sơn ban hành Kế hoạch như sau:

I. MỤC ĐÍCH
Nâng cao hiểu biết pháp luật của người dân vùng cao.

II. YÊU CẦU
Bám sát thực tiễn, tiết kiệm, hiệu quả.

III. NHIỆM VỤ CỤ THỂ
1. Tuyên truyền trực tiếp tại thôn, bản
a) Tổ chức 12 buổi nói chuyện chuyên đề pháp luật tại các thôn.
• Đơn vị chủ trì: Phòng Tư pháp
• Đơn vị phối hợp: UBND các xã; Đài Truyền thanh huyện
• Thời hạn hoàn thành: Quý II năm 2023
• Sản phẩm: Biên bản các buổi nói chuyện.
• Kinh phí: 15 triệu đồng (ngân sách huyện)
b) In và phát 5.000 tờ rơi song ngữ.
• Cơ quan thực hiện: Trung tâm TGPL
• Tiến độ: Từ tháng 4 đến tháng 6 năm 2023
• Kinh phí: 8.500.000 đồng
2. Trợ giúp pháp lý lưu động
Nhiệm vụ 1: Tổ chức 04 đợt trợ giúp pháp lý lưu động tại các xã biên giới.
- Chủ trì thực hiện: Chi nhánh số 1
- Phối hợp thực hiện: Bộ đội Biên phòng tỉnh
- Thời gian: Hằng quý
- Kết quả: Người dân được tư vấn miễn phí.
Nhiệm vụ 2: Sơ kết việc thực hiện Kế hoạch.
- Chủ trì: Phòng Tư pháp
- Thời gian: Tháng 12/2023
- Kết quả thực hiện: Báo cáo sơ kết.

IV. KINH PHÍ THỰC HIỆN
Kinh phí thực hiện từ ngân sách huyện năm 2023 và các nguồn hợp pháp khác.

V. TỔ CHỨC THỰC HIỆN
Phòng Tư pháp chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch này./.

Nơi nhận:
- Sở Tư pháp (b/c);
- UBND huyện;
- Lưu: VT.
KT. TRƯỞNG PHÒNG
PHÓ TRƯỞNG PHÒNG
Nguyễn Văn Bình
"""

# Markdown as a converter writes it: headings, bold, italic labels, "+" sub-bullets, a pipe table.
MARKDOWN_TABLE_PLAN = """\
**SỞ TƯ PHÁP TỈNH HÀ GIANG**

Số: 7/KH-STP

*Hà Giang, ngày 12 tháng 02 năm 2024*

# **KẾ HOẠCH**

## **Trợ giúp pháp lý cho người dân tộc thiểu số năm 2024**

Thực hiện Kế hoạch số 3/KH-UBND ngày 05/01/2024 của UBND tỉnh Hà Giang về công tác tư pháp năm 2024, Sở Tư pháp xây dựng Kế hoạch như sau:

### **I. MỤC ĐÍCH, YÊU CẦU**

Bảo đảm người dân tộc thiểu số được trợ giúp pháp lý kịp thời.

### **II. NỘI DUNG**

| STT | Nội dung | Chủ trì | Phối hợp | Thời gian | Kết quả | Kinh phí (đồng) |
|---|---|---|---|---|---|---|
| I | **Truyền thông** | | | | | |
| 1 | Biên soạn 2.000 cuốn sổ tay pháp luật | Trung tâm TGPL | Phòng Phổ biến, giáo dục pháp luật | Quý III | Sổ tay được phát | 30.000.000 |
| 2 | Phát 20 chuyên mục trên Đài Phát thanh - Truyền hình tỉnh | Trung tâm TGPL | | Cả năm 2024 | Chuyên mục được phát sóng | 12.000.000 |
| II | **Nâng cao năng lực** | | | | | |
| 1 | Tổ chức 02 lớp tập huấn kỹ năng | Phòng Hành chính tư pháp | Trung tâm TGPL | Quý II - III năm 2024 | Học viên được cấp giấy chứng nhận | |

### **III. TỔ CHỨC THỰC HIỆN**

Giao Trung tâm TGPL chủ trì theo dõi việc thực hiện./.

***Nơi nhận:***

- Bộ Tư pháp;
- Lưu: VT.

**GIÁM ĐỐC**

**Lê Thị Hoa**
"""

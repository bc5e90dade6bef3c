//! A realistic Chinese team workbook, built by the test with rust_xlsxwriter (no binary
//! fixture is committed): the case sheet `售后登记` with a merged dark title row, merged group
//! labels above the header, ~30 cases with findings, urgent rows filled yellow, a red remark,
//! borders, explicit widths, ¥ and 0 % formats, a formula column, an Excel table `表1`, two
//! drop-downs, three comments, a hidden row and a frozen pane; a sheet `说明` with a formula
//! over the case sheet, an image and a chart.
//!
//! ```text
//! 售后登记   A        B      C     D        E        F        G        H        I        J        K     L     M      N            O        P        Q        R        S      T
//!   1      2026年11月 售后登记表 (merged A1:T1, dark fill, white bold)
//!   2      订单信息 (A:C) | 客户信息 (D:E) | 关键日期 (F:H) | 处理情况 (I:M) | 时效 (N:O) | 金额 (P:R) | 回访 (S:T)
//!   3      售后单号 订单号  平台  客户姓名  联系方式  购买日期  签收日期  申请时间  问题类型  客户诉求  凭证  状态  处理人  首次回复时间  解决时间  订单金额  退款金额  退款比例  满意度  备注
//!   4..33  SH-2611-001 … SH-2611-030
//! ```

use std::path::Path;

use chrono::{Duration, NaiveDateTime};
use rust_xlsxwriter::{
    Chart, ChartType, Color, DataValidation, Format, FormatAlign, FormatBorder, Formula, Image,
    Note, Table, TableColumn, TableStyle, Workbook,
};

/// The case sheet's name.
pub const CASE_SHEET: &str = "售后登记";
/// The second sheet, with a formula over the case sheet, an image and a chart.
pub const NOTES_SHEET: &str = "说明";
/// The formula cell on [`NOTES_SHEET`] (0-based row, column) — B4.
pub const SUM_CELL: (u32, u16) = (3, 1);
/// Its formula, as written.
pub const SUM_FORMULA: &str = "=SUM(售后登记!Q4:Q200)";

/// The team's columns (A to T); the header is on row 3.
pub const HEADERS: [&str; 20] = [
    "售后单号",     // A
    "订单号",       // B
    "平台",         // C
    "客户姓名",     // D
    "联系方式",     // E
    "购买日期",     // F
    "签收日期",     // G
    "申请时间",     // H
    "问题类型",     // I
    "客户诉求",     // J
    "凭证",         // K
    "状态",         // L
    "处理人",       // M
    "首次回复时间", // N
    "解决时间",     // O
    "订单金额",     // P
    "退款金额",     // Q
    "退款比例",     // R: a formula the tool does not know
    "满意度",       // S
    "备注",         // T
];
/// 0-based row of the header.
pub const HEADER_ROW: u32 = 2;
/// How many cases.
pub const CASES: u32 = 30;
/// The team's last column (0-based): T.
pub const LAST_COLUMN: u16 = 19;

/// Column widths the team set, one per column.
pub const WIDTHS: [f64; 20] = [
    13.0, 16.0, 10.0, 10.0, 15.0, 12.0, 12.0, 17.0, 11.0, 11.0, 14.0, 10.0, 8.0, 17.0, 17.0, 11.0,
    11.0, 9.0, 7.0, 24.0,
];

/// The team's three comments: (0-based row, column, author, text). The second is on the
/// 首次回复时间 cell of a case that has no first response yet (SH-2611-010 on row 13, where a
/// W_FIRST_RESPONSE_LATE finding falls).
pub const COMMENTS: [(u32, u16, &str, &str); 3] = [
    (HEADER_ROW, 11, "王主管", "请用下拉选择状态，不要手填"),
    (12, 13, "李娜", "客户电话打不通，已发短信"),
    (5, 19, "赵磊", "客户要求加急"),
];

/// The hidden case row (0-based): SH-2611-013, resolved long ago.
pub const HIDDEN_ROW: u32 = 15;

/// What to add to the basic workbook.
#[derive(Debug, Clone, Default)]
pub struct TeamOptions {
    /// A VBA project to embed (the workbook must then be saved as `.xlsm`).
    pub vba_project: Option<std::path::PathBuf>,
    /// A third team sheet with this name (e.g. `Summary`, the name of a generated sheet).
    pub extra_sheet: Option<String>,
}

/// A 1×1 PNG (valid chunks and CRCs).
const PNG: [u8; 67] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// One case row's values.
struct Case {
    id: String,
    order: String,
    platform: &'static str,
    customer: &'static str,
    contact: &'static str,
    purchase: NaiveDateTime,
    received: NaiveDateTime,
    request: NaiveDateTime,
    issue: &'static str,
    wish: &'static str,
    evidence: &'static str,
    status: &'static str,
    assignee: &'static str,
    first_response: Option<NaiveDateTime>,
    resolved: Option<NaiveDateTime>,
    amount: f64,
    refund: f64,
    csat: Option<f64>,
    remark: &'static str,
    urgent: bool,
}

const CUSTOMERS: [(&str, &str); 6] = [
    ("张伟", "13812345678"),
    ("王芳", "wang.fang@example.com"),
    ("李娜", "13998765432"),
    ("刘洋", "liu.yang@example.com"),
    ("陈静", "13700001111"),
    ("Anna Schmidt", "+49 151 2345678"),
];

/// Case `i` (0-based). Six kinds in turn, each shifted back by `i / 6` days:
/// 0 resolved on time, 1 open and on track, 2 overdue (team marked it urgent),
/// 3 no first response yet, 4 opened after the return window, 5 a quality claim with video.
fn case(i: u32) -> Case {
    let shift = Duration::days(i64::from(i / 6));
    let platform = ["Superbuy", "Bhiner", "Yoybuy"][((i + i / 6) % 3) as usize];
    let (customer, contact) = CUSTOMERS[(i % 6) as usize];
    let t = |s: &str| at(s) - shift;
    let amount = 120.0 + f64::from(i * 37 % 400);
    let base = Case {
        id: format!("SH-2611-{:03}", i + 1),
        order: format!("DG2026{:06}", 104_000 + i * 17),
        platform,
        customer,
        contact,
        purchase: t("2026-11-01 10:00"),
        received: t("2026-11-04 00:00"),
        request: t("2026-11-06 10:00"),
        issue: "发错货",
        wish: "换货",
        evidence: "照片",
        status: "已解决",
        assignee: ["李娜", "赵磊", "王强"][(i % 3) as usize],
        first_response: Some(t("2026-11-06 15:00")),
        resolved: Some(t("2026-11-09 18:00")),
        amount,
        refund: 0.0,
        csat: Some(f64::from(3 + i % 3)),
        remark: "",
        urgent: false,
    };
    match i % 6 {
        0 => base,
        1 => Case {
            purchase: t("2026-11-10 09:00"),
            received: t("2026-11-14 00:00"),
            request: t("2026-11-18 14:00"),
            issue: "物流问题",
            wish: "退款",
            evidence: "物流截图",
            status: "处理中",
            first_response: Some(t("2026-11-18 16:30")),
            resolved: None,
            refund: (amount * 0.5).round(),
            csat: None,
            ..base
        },
        2 => Case {
            purchase: t("2026-10-25 20:00"),
            received: t("2026-10-30 00:00"),
            request: t("2026-11-05 09:30"),
            issue: "质量问题",
            wish: "退货退款",
            evidence: "照片",
            status: "处理中",
            first_response: Some(t("2026-11-05 11:00")),
            resolved: None,
            refund: amount,
            csat: None,
            remark: "商家未回复，已催",
            urgent: true,
            ..base
        },
        3 => Case {
            purchase: t("2026-11-12 12:00"),
            received: t("2026-11-16 00:00"),
            request: t("2026-11-18 09:00"),
            issue: "服务态度",
            wish: "投诉",
            evidence: "",
            status: "未处理",
            first_response: None,
            resolved: None,
            csat: None,
            ..base
        },
        4 => Case {
            purchase: t("2026-10-28 08:00"),
            received: t("2026-11-01 00:00"),
            request: t("2026-11-16 10:00"),
            issue: "物流问题",
            wish: "退货退款",
            evidence: "",
            status: "待客户回复",
            first_response: Some(t("2026-11-16 12:00")),
            resolved: None,
            refund: amount,
            csat: None,
            remark: "超过退货期，需主管特批",
            ..base
        },
        _ => Case {
            purchase: t("2026-11-08 08:00"),
            received: t("2026-11-12 00:00"),
            request: t("2026-11-19 08:00"),
            issue: "质量问题",
            wish: "部分退款",
            evidence: "视频+照片",
            status: "待商家回复",
            first_response: Some(t("2026-11-19 09:00")),
            resolved: None,
            refund: (amount * 0.3).round(),
            csat: None,
            ..base
        },
    }
}

/// The formats of the case sheet, normal and urgent (yellow).
struct Formats {
    text: Format,
    date: Format,
    datetime: Format,
    money: Format,
    percent: Format,
    number: Format,
}

impl Formats {
    fn new(fill: Option<Color>) -> Formats {
        let cell = {
            let f = Format::new().set_border(FormatBorder::Thin);
            match fill {
                Some(color) => f.set_background_color(color),
                None => f,
            }
        };
        Formats {
            text: cell.clone(),
            date: cell.clone().set_num_format("yyyy-mm-dd"),
            datetime: cell.clone().set_num_format("yyyy-mm-dd hh:mm"),
            money: cell.clone().set_num_format("\"¥\"#,##0.00"),
            percent: cell.clone().set_num_format("0%"),
            number: cell,
        }
    }
}

/// Writes the team workbook to `path` (`.xlsx`, or `.xlsm` with a VBA project).
pub fn write_team_workbook(path: &Path, options: &TeamOptions) {
    let mut book = Workbook::new();
    if let Some(vba) = &options.vba_project {
        book.add_vba_project(vba).unwrap();
    }
    write_case_sheet(&mut book);
    write_notes_sheet(&mut book);
    if let Some(name) = &options.extra_sheet {
        let sheet = book.add_worksheet().set_name(name).unwrap();
        sheet
            .write_string(0, 0, "本周小结（团队自己的表）")
            .unwrap();
        sheet.write_string(1, 0, "退款合计").unwrap();
        sheet.write_formula(1, 1, Formula::new("=说明!B4")).unwrap();
        sheet.set_column_width(0, 22).unwrap();
    }
    book.save(path).unwrap();
}

fn write_case_sheet(book: &mut Workbook) {
    let sheet = book.add_worksheet().set_name(CASE_SHEET).unwrap();
    let last = LAST_COLUMN;
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0x1F_3864))
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    sheet
        .merge_range(0, 0, 0, last, "2026年11月 售后登记表", &title)
        .unwrap();
    sheet.set_row_height(0, 30).unwrap();
    let group = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9_E1F2))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    for (first, end, label) in [
        (0, 2, "订单信息"),
        (3, 4, "客户信息"),
        (5, 7, "关键日期"),
        (8, 12, "处理情况"),
        (13, 14, "时效"),
        (15, 17, "金额"),
        (18, 19, "回访"),
    ] {
        sheet.merge_range(1, first, 1, end, label, &group).unwrap();
    }
    for (c, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(c as u16, *width).unwrap();
    }

    let normal = Formats::new(None);
    let urgent = Formats::new(Some(Color::RGB(0xFF_FF00)));
    let red = Format::new()
        .set_border(FormatBorder::Thin)
        .set_font_color(Color::Red)
        .set_bold();
    for i in 0..CASES {
        let r = HEADER_ROW + 1 + i;
        let c = case(i);
        let f = if c.urgent { &urgent } else { &normal };
        let text = |col: u16, value: &str| (col, value.to_string());
        for (col, value) in [
            text(0, &c.id),
            text(1, &c.order),
            text(2, c.platform),
            text(3, c.customer),
            text(4, c.contact),
            text(8, c.issue),
            text(9, c.wish),
            text(10, c.evidence),
            text(11, c.status),
            text(12, c.assignee),
        ] {
            if value.is_empty() {
                sheet.write_blank(r, col, &f.text).unwrap();
            } else {
                sheet
                    .write_string_with_format(r, col, &value, &f.text)
                    .unwrap();
            }
        }
        sheet
            .write_datetime_with_format(r, 5, c.purchase, &f.date)
            .unwrap();
        sheet
            .write_datetime_with_format(r, 6, c.received, &f.date)
            .unwrap();
        sheet
            .write_datetime_with_format(r, 7, c.request, &f.datetime)
            .unwrap();
        for (col, when) in [(13, c.first_response), (14, c.resolved)] {
            match when {
                Some(when) => sheet
                    .write_datetime_with_format(r, col, when, &f.datetime)
                    .unwrap(),
                None => sheet.write_blank(r, col, &f.datetime).unwrap(),
            };
        }
        sheet
            .write_number_with_format(r, 15, c.amount, &f.money)
            .unwrap();
        sheet
            .write_number_with_format(r, 16, c.refund, &f.money)
            .unwrap();
        let excel_row = r + 1;
        sheet
            .write_formula_with_format(
                r,
                17,
                Formula::new(format!("=Q{excel_row}/P{excel_row}")),
                &f.percent,
            )
            .unwrap();
        match c.csat {
            Some(x) => sheet.write_number_with_format(r, 18, x, &f.number).unwrap(),
            None => sheet.write_blank(r, 18, &f.number).unwrap(),
        };
        if c.remark.is_empty() {
            sheet.write_blank(r, 19, &f.text).unwrap();
        } else if c.remark.contains("特批") {
            sheet
                .write_string_with_format(r, 19, c.remark, &red)
                .unwrap();
        } else {
            sheet
                .write_string_with_format(r, 19, c.remark, &f.text)
                .unwrap();
        }
    }
    sheet.set_row_hidden(HIDDEN_ROW).unwrap();

    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xFC_E4D6));
    let columns: Vec<TableColumn> = HEADERS
        .iter()
        .map(|h| TableColumn::new().set_header(*h).set_header_format(&header))
        .collect();
    let table = Table::new()
        .set_name("表1")
        .set_style(TableStyle::Light9)
        .set_columns(&columns);
    sheet
        .add_table(HEADER_ROW, 0, HEADER_ROW + CASES, last, &table)
        .unwrap();

    let platforms = DataValidation::new()
        .allow_list_strings(&["Superbuy", "Bhiner", "Yoybuy"])
        .unwrap();
    sheet.add_data_validation(3, 2, 199, 2, &platforms).unwrap();
    let statuses = DataValidation::new()
        .allow_list_strings(&[
            "未处理",
            "处理中",
            "待客户回复",
            "待商家回复",
            "已解决",
            "已关闭",
        ])
        .unwrap();
    sheet
        .add_data_validation(3, 11, 199, 11, &statuses)
        .unwrap();

    for (r, c, author, text) in COMMENTS {
        let note = Note::new(text).set_author(author).add_author_prefix(false);
        sheet.insert_note(r, c, &note).unwrap();
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 1).unwrap();
}

fn write_notes_sheet(book: &mut Workbook) {
    let sheet = book.add_worksheet().set_name(NOTES_SHEET).unwrap();
    let bold = Format::new().set_bold();
    sheet
        .write_string_with_format(0, 0, "售后登记说明", &bold)
        .unwrap();
    sheet
        .write_string(1, 0, "每天下班前更新状态；超时案件标黄。")
        .unwrap();
    sheet.write_string(SUM_CELL.0, 0, "退款合计").unwrap();
    sheet
        .write_formula_with_format(
            SUM_CELL.0,
            SUM_CELL.1,
            Formula::new(SUM_FORMULA),
            &Format::new().set_num_format("\"¥\"#,##0.00"),
        )
        .unwrap();
    sheet.set_column_width(0, 30).unwrap();
    sheet.set_column_width(1, 14).unwrap();
    let image = Image::new_from_buffer(&PNG)
        .unwrap()
        .set_scale_width(40.0)
        .set_scale_height(40.0)
        .set_alt_text("团队标志");
    sheet.insert_image(0, 3, &image).unwrap();
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name("退款金额")
        .set_categories((CASE_SHEET, HEADER_ROW + 1, 0, HEADER_ROW + CASES, 0))
        .set_values((CASE_SHEET, HEADER_ROW + 1, 16, HEADER_ROW + CASES, 16));
    chart.title().set_name("各案件退款金额");
    sheet.insert_chart(6, 0, &chart).unwrap();
}

//! Tests over whole charts: determinism, accessibility, escaping, fonts,
//! well-formed XML, line breaks at missing values, legends. One ignored test
//! writes an example of each chart to `/tmp/charts/` for looking at.

use super::style::FONT_STACK;
use super::*;

const HOSTILE: &str = "<script>alert(1)</script>";

fn line_sample() -> LineChart {
    LineChart {
        meta: ChartMeta::new(
            "cv-by-year",
            "校际差异系数（2020—2024年）",
            "年份",
            "差异系数",
        ),
        axis: ValueAxis {
            decimals: 3,
            ..ValueAxis::default()
        },
        years: vec![2020, 2021, 2022, 2023, 2024],
        series: vec![
            Series {
                name: "小学综合差异系数".into(),
                values: vec![Some(0.52), Some(0.47), None, Some(0.41), Some(0.38)],
                dashed: false,
            },
            Series {
                name: "初中综合差异系数".into(),
                values: vec![Some(0.44), Some(0.42), Some(0.40), Some(0.37), Some(0.33)],
                dashed: false,
            },
        ],
        limits: vec![
            RefLine::new("小学限值", 0.50),
            RefLine::new("初中限值", 0.45),
        ],
    }
}

fn share_sample() -> LineChart {
    LineChart {
        meta: ChartMeta::new(
            "target-share",
            "学校达标率与年度目标",
            "年份",
            "达标率（%）",
        ),
        axis: ValueAxis {
            decimals: 1,
            percent: true,
            max: Some(1.0),
        },
        years: (2020..=2029).collect(),
        series: vec![
            Series {
                name: "实际达标率".into(),
                values: [0.32, 0.41, 0.55, 0.63, 0.71]
                    .into_iter()
                    .map(Some)
                    .chain([None; 5])
                    .collect(),
                dashed: false,
            },
            Series::target(
                "年度目标",
                [0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 1.0]
                    .into_iter()
                    .map(Some)
                    .collect(),
            ),
        ],
        limits: vec![],
    }
}

fn school_names(n: usize) -> Vec<String> {
    let stems = [
        "南宾", "西沱", "临溪", "黄水", "沙子", "王场", "三河", "下路", "桥头", "龙沙",
    ];
    (0..n)
        .map(|i| match i % 4 {
            0 => format!("石柱县{}镇中心小学校", stems[i % stems.len()]),
            1 => format!("{}小学", stems[i % stems.len()]),
            2 => format!("{}镇第{}完全小学", stems[i % stems.len()], i / 4 + 1),
            _ => format!("石柱土家族自治县{}中学", stems[i % stems.len()]),
        })
        .collect()
}

fn bar_sample(n: usize) -> BarChart {
    let bars = school_names(n)
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let value = 3.0 + ((i * 37) % 23) as f64 * 0.12;
            let status = if value >= 4.2 {
                BarStatus::Meets
            } else if value >= 4.2 * 0.85 {
                BarStatus::Near
            } else {
                BarStatus::Below
            };
            Bar {
                label,
                value: (i != 5).then_some(value),
                status,
            }
        })
        .collect();
    BarChart {
        meta: ChartMeta::new(
            "teachers-per-100",
            "每百名学生拥有高于规定学历教师数（小学，2024年）",
            "学校",
            "教师数（人/百名学生）",
        ),
        axis: ValueAxis::default(),
        orientation: Orientation::Auto,
        bars,
        references: vec![
            RefLine::new("标准", 4.2),
            RefLine::new("标准的85%", 4.2 * 0.85),
        ],
        status_labels: StatusLabels {
            near: "达到标准的85%".into(),
            ..StatusLabels::default()
        },
    }
}

fn school_size_sample() -> BarChart {
    let sizes = [1850.0, 2430.0, 2650.0, 960.0, 1420.0, 2100.0];
    BarChart {
        meta: ChartMeta::new(
            "school-size",
            "学校规模（2024年）",
            "学校",
            "在校生数（人）",
        ),
        axis: ValueAxis {
            decimals: 0,
            ..ValueAxis::default()
        },
        orientation: Orientation::Vertical,
        bars: ["一小", "二小", "三小", "四小", "五小", "六小"]
            .iter()
            .zip(sizes)
            .map(|(n, v)| Bar {
                label: (*n).into(),
                value: Some(v),
                status: if v <= 2000.0 {
                    BarStatus::Meets
                } else if v <= 2500.0 {
                    BarStatus::Near
                } else {
                    BarStatus::Below
                },
            })
            .collect(),
        references: vec![
            RefLine::new("规模上限", 2000.0),
            RefLine::new("过渡上限", 2500.0),
        ],
        status_labels: StatusLabels {
            meets: "不超过2000人".into(),
            near: "2000—2500人".into(),
            below: "超过2500人".into(),
            ..StatusLabels::default()
        },
    }
}

fn grouped_sample() -> GroupedBarChart {
    GroupedBarChart {
        meta: ChartMeta::new("large-classes", "大班额班级数", "年份", "班级数（个）"),
        axis: ValueAxis {
            decimals: 0,
            ..ValueAxis::default()
        },
        orientation: Orientation::Auto,
        categories: (2020..=2024).map(|y| y.to_string()).collect(),
        groups: vec![
            BarGroup {
                name: "偏大（46—50人）".into(),
                values: vec![Some(42.0), Some(35.0), Some(28.0), Some(17.0), Some(9.0)],
            },
            BarGroup {
                name: "大班额（51—55人）".into(),
                values: vec![Some(18.0), Some(12.0), Some(7.0), Some(3.0), Some(0.0)],
            },
            BarGroup {
                name: "超大班额（56人以上）".into(),
                values: vec![Some(4.0), Some(1.0), Some(0.0), Some(0.0), None],
            },
        ],
        references: vec![],
    }
}

fn timeline_sample() -> TimelineChart {
    let row = |name: &str, planned, started, completed| TimelineRow {
        name: name.into(),
        planned,
        started,
        completed,
    };
    let ym = YearMonth::new;
    TimelineChart {
        meta: ChartMeta::new("projects", "六大重点项目建设进度", "项目", "年份"),
        rows: vec![
            row(
                "石柱中学迁建",
                (2020, 2022),
                Some(ym(2020, 9)),
                Some(ym(2023, 6)),
            ),
            row(
                "南宾小学新建",
                (2021, 2023),
                Some(ym(2021, 3)),
                Some(ym(2023, 8)),
            ),
            row("西沱中学改扩建", (2022, 2024), Some(ym(2022, 11)), None),
            row("城南幼儿园新建", (2023, 2025), Some(ym(2024, 4)), None),
            row("黄水小学改扩建", (2025, 2026), None, None),
            row(HOSTILE, (2024, 2027), None, None),
        ],
        now: ym(2024, 12),
        labels: TimelineLabels::default(),
    }
}

fn cumulative_sample() -> CumulativeChart {
    let s = |name: &str, values: &[f64], total| CumulativeSeries {
        name: name.into(),
        cumulative: values.iter().copied().map(Some).collect(),
        total: Some(total),
    };
    CumulativeChart {
        meta: ChartMeta::new(
            "investment",
            "重点项目累计完成投资",
            "年份",
            "累计投资（万元）",
        ),
        axis: ValueAxis {
            decimals: 0,
            ..ValueAxis::default()
        },
        years: vec![2020, 2021, 2022, 2023, 2024],
        series: vec![
            s(
                "石柱中学迁建",
                &[3200.0, 9800.0, 16500.0, 18000.0, 18000.0],
                18500.0,
            ),
            s(
                "南宾小学新建",
                &[0.0, 2100.0, 6400.0, 9200.0, 9600.0],
                9600.0,
            ),
            s("西沱中学改扩建", &[0.0, 0.0, 800.0, 3100.0, 5200.0], 7800.0),
        ],
        total_label: "计划总投资".into(),
    }
}

/// Narrow, many long series, a title that wraps.
fn crowded_sample() -> LineChart {
    let names = [
        "生师比",
        "每百名学生拥有高于规定学历教师数",
        "每百名学生拥有县级以上骨干教师数",
        "每百名学生拥有体育、艺术专任教师数",
        "生均教学及辅助用房面积",
        "生均体育运动场馆面积",
        "生均教学仪器设备值",
    ];
    LineChart {
        meta: ChartMeta {
            width: Some(600),
            ..ChartMeta::new(
                "crowded",
                "石柱土家族自治县义务教育学校七项资源配置指标校际差异系数变化情况（小学，2020—2029年）",
                "年份",
                "差异系数",
            )
        },
        axis: ValueAxis::default(),
        years: (2020..=2029).collect(),
        series: names
            .iter()
            .enumerate()
            .map(|(i, n)| Series {
                name: (*n).into(),
                values: (0..10)
                    .map(|y| (y < 6).then(|| 0.2 + 0.05 * i as f64 + 0.04 * f64::from(5 - y.min(5))))
                    .collect(),
                dashed: false,
            })
            .collect(),
        limits: vec![RefLine::new("单项限值", 0.50)],
    }
}

fn recognition_sample() -> GroupedBarChart {
    GroupedBarChart {
        meta: ChartMeta::new(
            "recognition",
            "各学区学校认定情况（2024年）",
            "学区",
            "学校数（所）",
        ),
        axis: ValueAxis {
            decimals: 0,
            ..ValueAxis::default()
        },
        orientation: Orientation::Auto,
        categories: [
            "南宾学区（城区）",
            "西沱学区",
            "临溪学区",
            "黄水学区",
            "沙子学区",
            "王场学区",
            "三河学区",
            "下路学区",
            "桥头学区",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        groups: vec![
            BarGroup {
                name: "已认定".into(),
                values: [8.0, 5.0, 3.0, 4.0, 2.0, 3.0, 1.0, 2.0, 0.0]
                    .into_iter()
                    .map(Some)
                    .collect(),
            },
            BarGroup {
                name: "未认定".into(),
                values: [2.0, 3.0, 4.0, 1.0, 3.0, 2.0, 4.0, 3.0, 5.0]
                    .into_iter()
                    .map(Some)
                    .collect(),
            },
        ],
        references: vec![],
    }
}

/// One of each chart, as rendered.
fn all_charts() -> Vec<Chart> {
    vec![
        line_chart(&line_sample()).unwrap(),
        line_chart(&share_sample()).unwrap(),
        bar_chart(&bar_sample(48)).unwrap(),
        bar_chart(&school_size_sample()).unwrap(),
        grouped_bar_chart(&grouped_sample()).unwrap(),
        timeline_chart(&timeline_sample()).unwrap(),
        cumulative_chart(&cumulative_sample()).unwrap(),
        line_chart(&crowded_sample()).unwrap(),
        grouped_bar_chart(&recognition_sample()).unwrap(),
        bar_chart(&BarChart {
            meta: ChartMeta {
                id: "narrow-columns".into(),
                ..bar_sample(0).meta
            },
            orientation: Orientation::Vertical,
            ..bar_sample(14)
        })
        .unwrap(),
    ]
}

/// A small XML well-formedness check: balanced, properly nested tags,
/// quoted attributes without `<`, and only the five predefined entities or
/// character references after `&`.
fn check_xml(doc: &str) -> Result<(), String> {
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = doc;
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt])?;
        if !stack.is_empty() || rest[..lt].trim().is_empty() {
        } else {
            return Err(format!("text outside the root: {:?}", &rest[..lt]));
        }
        let tag_end = rest[lt..].find('>').ok_or("unclosed tag")? + lt;
        let tag = &rest[lt + 1..tag_end];
        rest = &rest[tag_end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or(format!("stray </{name}>"))?;
            if open != name.trim() {
                return Err(format!("<{open}> closed by </{name}>"));
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
        let name = &body[..name_end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
        {
            return Err(format!("bad tag name in <{tag}>"));
        }
        check_attributes(&body[name_end..])?;
        if stack.is_empty() {
            roots += 1;
        }
        if !self_closing {
            stack.push(name);
        }
    }
    check_text(rest)?;
    match (stack.is_empty(), roots, rest.trim().is_empty()) {
        (true, 1, true) => Ok(()),
        _ => Err(format!("unbalanced: open {stack:?}, {roots} roots")),
    }
}

fn check_attributes(mut s: &str) -> Result<(), String> {
    let mut seen = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Ok(());
        }
        let eq = s.find("=\"").ok_or(format!("attribute without =\": {s}"))?;
        let name = &s[..eq];
        if seen.contains(&name) {
            return Err(format!("duplicate attribute {name}"));
        }
        seen.push(name);
        let value_end = s[eq + 2..].find('"').ok_or("unterminated attribute")? + eq + 2;
        let value = &s[eq + 2..value_end];
        if value.contains('<') {
            return Err(format!("'<' in attribute {name}"));
        }
        check_text(value)?;
        s = &s[value_end + 1..];
    }
}

fn check_text(s: &str) -> Result<(), String> {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        let semi = rest[amp..].find(';').ok_or("bare &")? + amp;
        let entity = &rest[amp + 1..semi];
        let ok = matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos")
            || entity
                .strip_prefix('#')
                .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()) && !d.is_empty());
        if !ok {
            return Err(format!("unknown entity &{entity};"));
        }
        rest = &rest[semi + 1..];
    }
    Ok(())
}

#[test]
fn xml_checker_catches_errors() {
    assert!(check_xml("<svg><text>a &amp; b</text><rect x=\"1\"/></svg>").is_ok());
    assert!(check_xml("<svg><text>a & b</text></svg>").is_err());
    assert!(check_xml("<svg><text>a</svg></text>").is_err());
    assert!(check_xml("<svg><g></svg>").is_err());
    assert!(check_xml("<svg x=\"<\"></svg>").is_err());
    assert!(check_xml("<svg></svg><svg></svg>").is_err());
}

#[test]
fn rendering_is_deterministic() {
    assert_eq!(all_charts(), all_charts());
}

#[test]
fn every_chart_is_well_formed_and_accessible() {
    for chart in all_charts() {
        check_xml(&chart.svg).unwrap_or_else(|e| panic!("{}: {e}", chart.id));
        let svg = &chart.svg;
        let head = svg.lines().next().unwrap();
        for attr in [
            "viewBox=\"0 0 ",
            "width=\"",
            "height=\"",
            "preserveAspectRatio=\"xMidYMid meet\"",
            "role=\"img\"",
        ] {
            assert!(head.contains(attr), "{}: no {attr}", chart.id);
        }
        let id = &chart.id;
        assert!(head.contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")));
        let mut lines = svg.lines().skip(1);
        assert!(lines
            .next()
            .unwrap()
            .starts_with(&format!("<title id=\"{id}-title\">")));
        assert!(lines
            .next()
            .unwrap()
            .starts_with(&format!("<desc id=\"{id}-desc\">")));
        assert!(svg.trim_end().ends_with("</svg>"));
    }
}

#[test]
fn every_text_uses_the_cjk_font_stack() {
    for chart in all_charts() {
        let texts = chart.svg.matches("<text ").count();
        let stacked = chart
            .svg
            .matches(&format!("font-family=\"{FONT_STACK}\""))
            .count();
        assert!(texts > 5);
        assert_eq!(texts, stacked, "{}", chart.id);
        assert!(!chart.svg.contains("junheng-cjk"));
        assert!(!chart.svg.contains("font-size=\"13.0000"));
    }
}

#[test]
fn title_and_desc_are_escaped() {
    let mut sample = line_sample();
    sample.meta.title = format!("A&B \"{HOSTILE}\"");
    sample.meta.description = Some("x < y & z > w".into());
    let chart = line_chart(&sample).unwrap();
    assert!(chart
        .svg
        .contains("<title id=\"cv-by-year-title\">A&amp;B &quot;&lt;script&gt;"));
    assert!(chart
        .svg
        .contains("<desc id=\"cv-by-year-desc\">x &lt; y &amp; z &gt; w</desc>"));
    assert!(!chart.svg.contains("<script"));
    assert_eq!(chart.title, sample.meta.title);
    check_xml(&chart.svg).unwrap();
}

#[test]
fn hostile_names_are_text() {
    let mut sample = bar_sample(6);
    sample.bars[0].label = HOSTILE.into();
    sample.meta.id = "x\"><script>".into();
    let charts = [
        bar_chart(&sample).unwrap(),
        timeline_chart(&timeline_sample()).unwrap(),
    ];
    for chart in charts {
        assert!(!chart.svg.contains("<script"), "{}", chart.id);
        assert!(
            chart.svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{}",
            chart.id
        );
        assert!(chart.table.rows.iter().any(|r| r[0] == HOSTILE));
        check_xml(&chart.svg).unwrap();
    }
    assert_eq!(bar_chart(&sample).unwrap().id, "x---script-");
}

/// Point counts of the polylines stroked in `color`.
fn polylines(svg: &str, color: &str) -> Vec<usize> {
    svg.lines()
        .filter(|l| l.starts_with("<polyline") && l.contains(&format!("stroke=\"{color}\"")))
        .map(|l| {
            let points = l
                .split("points=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            points.split_whitespace().count()
        })
        .collect()
}

#[test]
fn a_missing_value_breaks_the_line() {
    let mut sample = line_sample();
    sample.limits.clear();
    let first = "#0072B2";
    // Series 0 is missing 2022: two runs of two points, plus the legend swatch.
    let broken = polylines(&line_chart(&sample).unwrap().svg, first);
    assert_eq!(broken, vec![2, 2, 2]);
    sample.series[0].values[2] = Some(0.45);
    let whole = polylines(&line_chart(&sample).unwrap().svg, first);
    assert_eq!(whole, vec![5, 2]);
    // NaN counts as missing too.
    sample.series[0].values[2] = Some(f64::NAN);
    assert_eq!(
        polylines(&line_chart(&sample).unwrap().svg, first),
        vec![2, 2, 2]
    );
}

#[test]
fn limit_lines_are_in_the_legend_and_table() {
    let chart = line_chart(&line_sample()).unwrap();
    assert!(chart.svg.contains(">\n小学限值 0.500\n</text>"));
    assert!(chart.svg.contains(">\n初中限值 0.450\n</text>"));
    assert_eq!(
        chart.table.columns,
        [
            "年份",
            "小学综合差异系数",
            "初中综合差异系数",
            "小学限值",
            "初中限值"
        ]
    );
    assert_eq!(
        chart.table.rows[2],
        ["2022", "—", "0.400", "0.500", "0.450"]
    );
}

#[test]
fn bar_chart_table_legend_and_growth() {
    let chart = bar_chart(&bar_sample(48)).unwrap();
    assert_eq!(
        chart.table.columns,
        ["学校", "教师数（人/百名学生）", "状态"]
    );
    assert_eq!(chart.table.rows.len(), 48);
    assert_eq!(chart.table.rows[5][1], "—");
    for label in [
        "达标",
        "达到标准的85%",
        "未达标",
        "标准 4.20",
        "标准的85% 3.57",
    ] {
        assert!(
            chart.svg.contains(&format!(">\n{label}\n</text>")),
            "{label}"
        );
    }
    // 48 schools run horizontally and grow the image.
    let height: u32 = chart
        .svg
        .split("height=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(height > 48 * 20, "{height}");
    let small = bar_chart(&bar_sample(4)).unwrap();
    assert!(small.svg.len() < chart.svg.len());
}

#[test]
fn cumulative_and_timeline_tables() {
    let chart = cumulative_chart(&cumulative_sample()).unwrap();
    assert_eq!(
        chart.table.rows.last().unwrap(),
        &["计划总投资", "18500", "9600", "7800"]
    );
    assert!(chart.svg.contains(">\n计划总投资\n</text>"));
    let chart = timeline_chart(&timeline_sample()).unwrap();
    assert_eq!(chart.table.columns, ["项目", "计划建设期", "开工", "竣工"]);
    assert_eq!(
        chart.table.rows[0],
        ["石柱中学迁建", "2020—2022年", "2020年9月", "2023年6月"]
    );
    assert_eq!(chart.table.rows[2][3], "在建");
    assert_eq!(chart.table.rows[4][2..], ["—", "—"]);
}

#[test]
fn empty_and_degenerate_inputs_draw() {
    let empty_line = LineChart {
        meta: ChartMeta::default(),
        axis: ValueAxis::default(),
        years: vec![],
        series: vec![],
        limits: vec![],
    };
    let empty_bars = BarChart {
        meta: ChartMeta::new("e", "", "", ""),
        axis: ValueAxis::default(),
        orientation: Orientation::Auto,
        bars: vec![],
        references: vec![RefLine::new("nan", f64::NAN)],
        status_labels: StatusLabels::default(),
    };
    let odd = LineChart {
        meta: ChartMeta {
            width: Some(10),
            height: Some(10),
            ..ChartMeta::new("odd", "t", "x", "y")
        },
        axis: ValueAxis::default(),
        years: vec![2024, 1900, 2024],
        series: vec![Series {
            name: "s".into(),
            values: vec![Some(f64::INFINITY), Some(-5.0)],
            dashed: true,
        }],
        limits: vec![RefLine::new("l", 1e300)],
    };
    for chart in [
        line_chart(&empty_line),
        bar_chart(&empty_bars),
        line_chart(&odd),
    ] {
        let chart = chart.unwrap();
        check_xml(&chart.svg).unwrap();
        assert!(chart.svg.contains("viewBox"));
    }
    assert_eq!(line_chart(&empty_line).unwrap().id, "chart-");
}

/// Writes one example of each chart (and its CSV) to `/tmp/charts/`:
/// `cargo test render::charts -- --ignored`.
#[test]
#[ignore]
fn write_examples() {
    let dir = std::path::Path::new("/tmp/charts");
    std::fs::create_dir_all(dir).unwrap();
    for chart in all_charts() {
        std::fs::write(dir.join(format!("{}.svg", chart.id)), &chart.svg).unwrap();
        std::fs::write(dir.join(format!("{}.csv", chart.id)), chart.table.to_csv()).unwrap();
    }
}

#[test]
fn auto_orientation_follows_count_and_name_length() {
    let head = |c: &Chart| c.svg.lines().next().unwrap().to_string();
    // Six short names stand as columns in the default 800×450.
    let short = bar_chart(&school_size_sample()).unwrap();
    assert!(head(&short).contains("height=\"450\""));
    let mut auto = school_size_sample();
    auto.orientation = Orientation::Auto;
    assert_eq!(bar_chart(&auto).unwrap().svg, short.svg);
    // Long names or many bars lie down and grow the image.
    for chart in [bar_sample(8), bar_sample(30)] {
        assert!(!head(&bar_chart(&chart).unwrap()).contains("height=\"450\""));
    }
}

#[test]
fn bars_are_coloured_by_status() {
    let svg = bar_chart(&school_size_sample()).unwrap().svg;
    let fills = |color: &str| {
        svg.lines()
            .filter(|l| l.starts_with("<rect") && l.contains(&format!("fill=\"{color}\"")))
            .count()
    };
    // Bars plus one legend box each: 3 meet, 2 near, 1 below.
    assert_eq!(fills("#1A4E7A"), 4);
    assert_eq!(fills("#F2C94C"), 3);
    assert_eq!(fills("#E0605A"), 2);
}

#[test]
fn a_captioned_chart_keeps_its_title_in_title_only() {
    let mut sample = line_sample();
    sample.meta.title = "独特的标题文字".into();
    let drawn = line_chart(&sample).unwrap();
    sample.meta.caption_outside = true;
    let captioned = line_chart(&sample).unwrap();
    assert_eq!(
        drawn.svg.matches("独特的标题文字").count(),
        2,
        "{}",
        drawn.svg
    );
    assert_eq!(captioned.svg.matches("独特的标题文字").count(), 1);
    assert!(captioned
        .svg
        .contains("<title id=\"cv-by-year-title\">独特的标题文字</title>"));
}

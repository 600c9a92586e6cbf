//! `junheng check` on fixture projects: the valid county passes, and each
//! invalid fixture is reported at the exact file, line, column and field path.
//!
//! A fixture `tests/fixtures/invalid/<rule>/` holds only the files that differ
//! from `tests/fixtures/valid/`; the harness copies `valid/` into a temporary
//! folder and lays the fixture's files over it. A `DELETE` file in a fixture
//! lists paths (one a line, relative to the project) to remove after copying.

mod common;

use std::fs;
use std::path::Path;

use common::{fixtures, junheng, project, Run};

fn check(dir: &Path, extra: &[&str]) -> Run {
    let root = dir.to_str().expect("utf-8 temp path");
    let mut args = vec!["check", "--project", root];
    args.extend_from_slice(extra);
    junheng(&args)
}

/// One invalid fixture: its name, how many errors it causes, and for each
/// expected diagnostic the exact header line and a phrase of its message.
struct Case {
    name: &'static str,
    errors: usize,
    expect: &'static [(&'static str, &'static str)],
}

const fn case(
    name: &'static str,
    errors: usize,
    expect: &'static [(&'static str, &'static str)],
) -> Case {
    Case {
        name,
        errors,
        expect,
    }
}

const CASES: &[Case] = &[
    // ── files and YAML (loader) ──────────────────────────────────────────
    case("yaml-syntax", 1, &[(
        "错误: data/years/2024/xincheng.yaml:18:17 `schools[0].music_rooms_m2`",
        "YAML 语法错误：此处不能出现 `键: 值`",
    )]),
    case("wrong-type", 1, &[(
        "错误: data/years/2024/xincheng.yaml:5:17 `schools[0].primary.students`",
        "类型错误：应为非负整数，实际为文本 `二百七十`",
    )]),
    case("unknown-key", 1, &[(
        "错误: data/years/2024/xincheng.yaml:5:7 `schools[0].primary.studnets`",
        "未知字段 `studnets`。是否应为 `students`？",
    )]),
    case("missing-field", 1, &[(
        "错误: data/years/2024/xincheng.yaml:15:7 `schools[0].primary.teachers`",
        "缺少必填字段 `teachers`",
    )]),
    case("duplicate-key", 1, &[(
        "错误: data/years/2024/xincheng.yaml:7:7 `schools[0].primary.classes`",
        "重复的键 `classes`",
    )]),
    case("negative-number", 1, &[(
        "错误: data/years/2024/xincheng.yaml:5:17 `schools[0].primary.students`",
        "不能为负数：应为非负整数，实际为 -270",
    )]),
    case("fractional-count", 1, &[(
        "错误: data/years/2024/xincheng.yaml:8:17 `schools[0].primary.teachers`",
        "计数必须写成整数：应为非负整数（如 312），实际为 16.5",
    )]),
    case("invalid-date", 1, &[(
        "错误: data/years/2024/extra.yaml:4:11 `ledger[0].due`",
        "日期无效：应为 YYYY-MM-DD 格式的有效日期（如 2024-09-01），实际为 `2025-02-30`",
    )]),
    case("year-mismatch", 1, &[(
        "错误: data/years/2023.yaml:1:7 `year`",
        "`year: 2022` 与文件名不符：文件名表示 2023 年",
    )]),
    case("year-file-and-folder", 1, &[(
        "错误: data/years/2023.yaml",
        "2023 年的数据重复：已有 `data/years/2023`",
    )]),
    case("missing-year-in-folder", 1, &[(
        "错误: data/years/2024/schools.yaml:1:1 `year`",
        "缺少必填字段 `year`（应为 2024）",
    )]),
    case("stray-year-file", 1, &[(
        "错误: data/years/2024 (copy).yaml",
        "不符合命名，不会被读取",
    )]),
    case("structure-error", 1, &[(
        "错误: data/years/2024/xincheng.yaml:2:3",
        "结构错误：此处应为映射（`键: 值`）。常见原因是漏写了上一级的键（如 `schools:`）",
    )]),
    case("county-clash-in-folder", 1, &[(
        "错误: data/years/2024/extra.yaml:2:13 `county.salaries`",
        "在同一年的两个文件中都出现了（另一处：`data/years/2024/county.yaml`）",
    )]),
    case("registry-syntax-no-cascade", 1, &[(
        "错误: data/schools.yaml:13:15 `schools[2]`",
        "YAML 语法错误",
    )]),
    // ── hostile and broken files ─────────────────────────────────────────
    case("gbk-encoding", 1, &[(
        "错误: data/years/2023.yaml:2:9",
        "文件不是 UTF-8 编码（第 2 行出现字节 D6 D0，多为 Windows 记事本等保存的 GBK/GB2312 编码）",
    )]),
    case("utf16-encoding", 1, &[(
        "错误: data/years/2023.yaml",
        "文件编码为 UTF-16，无法读取：请用编辑器“另存为”UTF-8 编码后重试",
    )]),
    case("empty-file", 1, &[("错误: data/plan.yaml", "文件为空：没有任何数据")]),
    case("file-too-large", 1, &[(
        "错误: data/years/2023.yaml",
        "文件过大：4849 字节，超过上限 3000 字节",
    )]),
    case("alias-bomb", 1, &[(
        "错误: data/years/2024/extra.yaml:7:46 `county.evidence.gov-01-layout.documents[0].l4[0][5][2][6]`",
        "别名（`*引用`）展开过多，疑似“十亿笑声”式恶意文件，已拒绝读取",
    )]),
    case("deep-nesting", 1, &[(
        "错误: data/plan.yaml:1:263 `goals`",
        "嵌套层数过深，超过安全限制，已拒绝读取",
    )]),
    // ── registry ─────────────────────────────────────────────────────────
    case("invalid-school-id", 1, &[(
        "错误: data/schools.yaml:35:9 `schools[6].id`",
        "学校 id `Jiuzhen_xiaoxue` 格式不对：应以小写英文字母开头",
    )]),
    case("duplicate-school-id", 1, &[(
        "错误: data/schools.yaml:35:9 `schools[6].id`",
        "学校 id `xihe-xuexiao` 重复：已在 `data/schools.yaml` 第 12 行出现过",
    )]),
    case("opened-after-closed", 1, &[(
        "错误: data/schools.yaml:41:13 `schools[6].closed`",
        "`closed: 2012` 早于 `opened: 2015`",
    )]),
    case("merged-into-without-closed", 1, &[(
        "错误: data/schools.yaml:30:18 `schools[4].merged_into`",
        "写了 `merged_into` 就必须写 `closed`",
    )]),
    case("merged-into-unknown", 1, &[(
        "错误: data/schools.yaml:41:18 `schools[6].merged_into`",
        "未知的学校 id `chengguan-xiaoxu`：`data/schools.yaml` 中没有这个学校。是否应为 `chengguan-xiaoxue`？",
    )]),
    case("teaching-point-parent-unknown", 1, &[(
        "错误: data/schools.yaml:23:13 `schools[3].parent`",
        "未知的学校 id `xihe-xuexia`：`data/schools.yaml` 中没有这个学校。是否应为 `xihe-xuexiao`？",
    )]),
    case("teaching-point-parent-wrong-type", 1, &[(
        "错误: data/schools.yaml:23:13 `schools[3].parent`",
        "实际 `nanbin-zhongxue`（南宾中学）是完全中学（`complete_middle`）",
    )]),
    case("teaching-point-parent-not-existing", 1, &[(
        "错误: data/schools.yaml:24:13 `schools[3].parent`",
        "所属学校 `xihe-xuexiao`（西河学校）在 2020 年不存在",
    )]),
    case("teaching-point-without-parent", 1, &[(
        "错误: data/schools.yaml:18:5 `schools[3]`",
        "教学点 `shanping-jiaoxuedian` 缺少 `parent`",
    )]),
    case("parent-on-non-teaching-point", 1, &[(
        "错误: data/schools.yaml:7:5 `schools[0].parent`",
        "只有教学点（`type: teaching_point`）填写 `parent`；本校类型为 `primary`（小学）",
    )]),
    // ── year entries ─────────────────────────────────────────────────────
    case("unknown-school", 2, &[
        (
            "错误: data/years/2024/xincheng.yaml:3:13 `schools[0].school`",
            "未知的学校 id `xincheng-xiaoxu`：`data/schools.yaml` 中没有这个学校。是否应为 `xincheng-xiaoxue`？",
        ),
        (
            "错误: data/years/2024/schools.yaml:6:3 `schools`",
            "2024 年缺少学校 `xincheng-xiaoxue`（新城小学）的数据",
        ),
    ]),
    case("duplicate-school-in-year", 1, &[(
        "错误: data/years/2024/xincheng.yaml:3:13 `schools[0].school`",
        "学校 `xincheng-xiaoxue` 重复：2024 年的数据中，该校已在 `data/years/2024/xincheng-again.yaml` 第 3 行出现过",
    )]),
    case("school-missing-from-year", 1, &[(
        "错误: data/years/2024/schools.yaml:6:3 `schools`",
        "2024 年缺少学校 `xincheng-xiaoxue`（新城小学）的数据：该校 2024 年存在",
    )]),
    case("school-not-existing", 1, &[(
        "错误: data/years/2024/xincheng.yaml:3:13 `schools[0].school`",
        "学校 `xincheng-xiaoxue`（新城小学）在 2024 年不存在（`data/schools.yaml` 中 `opened: 2025`",
    )]),
    case("section-not-in-type", 1, &[(
        "错误: data/years/2024/xincheng.yaml:17:5 `schools[0].junior`",
        "小学 `xincheng-xiaoxue`（新城小学）没有初中学段，不能写 `junior`",
    )]),
    case("section-missing", 1, &[(
        "错误: data/years/2024/xincheng.yaml:2:5 `schools[0]`",
        "缺少 `primary`（小学学段）数据块",
    )]),
    case("senior-students-not-allowed", 1, &[(
        "错误: data/years/2024/xincheng.yaml:17:5 `schools[0].senior_students`",
        "只有十二年一贯制学校和完全中学填写 `senior_students`",
    )]),
    case("special-students-not-allowed", 1, &[(
        "错误: data/years/2024/xincheng.yaml:17:5 `schools[0].special_students`",
        "只有特殊教育学校填写 `special_students`",
    )]),
    case("asset-both-section-and-shared", 1, &[(
        "错误: data/years/2024/xincheng.yaml:13:25 `schools[0].primary.teaching_area_m2`",
        "资产 `teaching_area_m2` 写了两处：`schools[0].primary.teaching_area_m2` 和 `schools[0].shared.teaching_area_m2`（`data/years/2024/xincheng.yaml` 第 18 行）",
    )]),
    case("asset-in-neither", 1, &[(
        "错误: data/years/2024/xincheng.yaml:5:7 `schools[0].primary`",
        "缺少资产数据 `multimedia_rooms`：应写在 `primary` 中，或在 `shared` 中填写全校合计",
    )]),
    case("music-rooms-missing", 1, &[(
        "错误: data/years/2024/xincheng.yaml:3:5 `schools[0]`",
        "缺少 `music_rooms_m2`（每间音乐教室的面积，平方米）",
    )]),
    case("teacher-subset-above-teachers", 1, &[(
        "错误: data/years/2024/xincheng.yaml:9:27 `schools[0].primary.qualified_teachers`",
        "`qualified_teachers` 为 17，超过专任教师数 `teachers` 16",
    )]),
    case("class-sizes-length", 1, &[(
        "错误: data/years/2024/xincheng.yaml:7:20 `schools[0].primary.class_sizes`",
        "`class_sizes` 有 5 项，但 `classes` 为 6",
    )]),
    case("class-sizes-sum", 1, &[(
        "错误: data/years/2024/xincheng.yaml:7:20 `schools[0].primary.class_sizes`",
        "`class_sizes` 各项之和为 269，但 `students` 为 270",
    )]),
    case("max-class-size-mismatch", 1, &[(
        "错误: data/years/2024/xincheng.yaml:8:23 `schools[0].primary.max_class_size`",
        "`max_class_size` 为 46，但 `class_sizes` 中最大的班为 45 人",
    )]),
    case("max-class-size-below-average", 1, &[(
        "错误: data/years/2024/xincheng.yaml:7:23 `schools[0].primary.max_class_size`",
        "`max_class_size` 为 44，低于平均班额 45（270 人 ÷ 6 个班）",
    )]),
    case("class-size-missing", 1, &[(
        "错误: data/years/2024/xincheng.yaml:5:7 `schools[0].primary`",
        "缺少班额数据：应写 `class_sizes`（各班人数）或 `max_class_size`（最大班额）",
    )]),
    case("classes-zero", 1, &[(
        "错误: data/years/2024/xincheng.yaml:6:16 `schools[0].primary.classes`",
        "`classes` 为 0，但 `students` 为 270",
    )]),
    case("training-funds-above-public", 1, &[(
        "错误: data/years/2024/xincheng.yaml:20:26 `schools[0].training_funds_yuan`",
        "`training_funds_yuan`（200000 元）超过 `public_funds_yuan`（100000 元）",
    )]),
    // ── county block, progress and ledger ────────────────────────────────
    case("part-above-whole", 1, &[(
        "错误: data/years/2024/county.yaml:6:24 `county.nearby_enrollment.primary.in_zone`",
        "`in_zone` 为 1397，超过 `total` 1379",
    )]),
    case("recognition-satisfied-above-valid", 1, &[(
        "错误: data/years/2024/county.yaml:19:42 `county.recognition[1].satisfied`",
        "`satisfied` 为 327，超过 `valid` 300",
    )]),
    case("unknown-evidence-id", 1, &[(
        "错误: data/years/2024/extra.yaml:3:5 `county.evidence.gov-01-layot`",
        "未知的佐证事项 `gov-01-layot`",
    )]),
    case("unknown-project", 1, &[(
        "错误: data/years/2024/extra.yaml:2:15 `projects[0].project`",
        "未知的重大项目 `xincheng-xiaoxue-nwe`：`data/plan.yaml` 的 `projects` 中没有这个 id。是否应为 `xincheng-xiaoxue-new`？",
    )]),
    case("duplicate-project-progress", 1, &[(
        "错误: data/years/2024/extra.yaml:2:15 `projects[0].project`",
        "重大项目 `xincheng-xiaoxue-new` 重复：2024 年的进展中，该项目已在 `data/years/2024/county.yaml` 第 31 行出现过",
    )]),
    case("project-progress-above-one", 1, &[(
        "错误: data/years/2024/county.yaml:31:66 `projects[0].progress`",
        "`progress` 应为 0 到 1 之间的小数（如 0.6 表示完成 60%），实际为 100",
    )]),
    case("unknown-task", 1, &[(
        "错误: data/years/2024/extra.yaml:2:12 `tasks[0].task`",
        "未知的重点任务 `1.2`：`data/plan.yaml` 的 `tasks` 中没有这个 id。是否应为 `1.1`？",
    )]),
    case("unknown-ledger-school", 1, &[(
        "错误: data/years/2024/extra.yaml:2:29 `ledger[0].school`",
        "未知的学校 id `xincheng-xiaoxu`",
    )]),
    case("unknown-ledger-indicator", 1, &[(
        "错误: data/years/2024/extra.yaml:2:58 `ledger[0].indicator`",
        "未知的指标或评估事项 `gov-03-music-rooms`",
    )]),
    case("duplicate-ledger-id", 1, &[(
        "错误: data/years/2024/extra.yaml:2:10 `ledger[0].id`",
        "台账编号 `L2024-001` 重复：2024 年的问题台账中，该编号已在 `data/years/2024/county.yaml` 第 39 行出现过",
    )]),
    case("rectified-without-date", 1, &[(
        "错误: data/years/2024/extra.yaml:2:5 `ledger[0]`",
        "缺少 `rectified_on`：`status: rectified`（已整改）时必须填写整改完成日期",
    )]),
    // ── plan ─────────────────────────────────────────────────────────────
    case("unknown-metric", 1, &[(
        "错误: data/plan.yaml:6:26 `targets[0].metric`",
        "未知的指标 `rate.area.primry`：应为以下格式之一：`rate.<indicator>.<level>`",
    )]),
    case("target-value-not-share", 1, &[(
        "错误: data/plan.yaml:6:62 `targets[0].value`",
        "目标值应写成 0 到 1 之间的小数（如 95% 写 0.95），实际为 95",
    )]),
    case("plan-year-outside-period", 1, &[(
        "错误: data/plan.yaml:7:12 `targets[1].year`",
        "年份 2031 不在规划期 2020—2029 年之内",
    )]),
    case("milestone-unknown-project", 1, &[(
        "错误: data/plan.yaml:9:43 `milestones[0].project`",
        "未知的重大项目 `xincheng-new`",
    )]),
    case("task-unknown-group", 1, &[(
        "错误: data/plan.yaml:15:24 `tasks[1].group`",
        "未知的任务组 `3`：本文件的 `task_groups` 中没有这个 id（已有：`1`、`2`）",
    )]),
    case("duplicate-task-id", 1, &[(
        "错误: data/plan.yaml:16:10 `tasks[2].id`",
        "重点任务 id `2.1` 重复：已在 `data/plan.yaml` 第 15 行出现过",
    )]),
    case("project-unknown-school", 1, &[(
        "错误: data/plan.yaml:25:33 `projects[0].schools[1]`",
        "未知的学校 id `xinchen-zhongxue`",
    )]),
    case("project-period-reversed", 1, &[(
        "错误: data/plan.yaml:24:13 `projects[0].period`",
        "建设期限 `period: [2024, 2022]` 的起始年晚于结束年",
    )]),
    // ── standards ────────────────────────────────────────────────────────
    case("standards-share-above-one", 1, &[(
        "错误: data/standards.yaml:1:16 `section_floor`",
        "标准值 `section_floor` 应为大于 0、不超过 1 的小数（如 0.85），实际为 1.5",
    )]),
    case("standards-not-positive", 1, &[(
        "错误: data/standards.yaml:3:30 `resource.primary.sports_area_per_student`",
        "应为正数，实际为 0",
    )]),
    case("merged-into-itself", 1, &[(
        "错误: data/schools.yaml:31:18 `schools[4].merged_into`",
        "`merged_into` 不能是本校自己的 id",
    )]),
    case("senior-students-missing", 1, &[(
        "错误: data/years/2024/schools.yaml:24:5 `schools[1]`",
        "缺少 `senior_students`（高中学生数）：完全中学必须填写",
    )]),
    case("teaching-point-rooms-missing", 2, &[
        (
            "错误: data/years/2024/schools.yaml:70:5 `schools[3]`",
            "缺少 `music_rooms_m2`（每间音乐教室的面积，平方米）：计入评估的学校必须填写",
        ),
        (
            "错误: data/years/2024/schools.yaml:70:5 `schools[3]`",
            "缺少 `art_rooms_m2`（每间美术教室的面积，平方米）",
        ),
    ]),
    case("special-school-with-section", 1, &[(
        "错误: data/years/2024/schools.yaml:102:5 `schools[5].primary`",
        "特殊教育学校 `tejiao-xuexiao`（示例县特殊教育学校）没有小学学段，不能写 `primary`",
    )]),
    case("monitoring-level-out-of-range", 1, &[(
        "错误: data/years/2024/county.yaml:16:38 `county.monitoring[0].level`",
        "学业水平等级应为 1—4（Ⅰ—Ⅳ级），实际为 5",
    )]),
    case("standards-class-bands-order", 1, &[(
        "错误: data/standards.yaml:2:3 `class_bands`",
        "班额分档应依次增大",
    )]),
    // The unclosed `{` is reported on its own entry's line, not the next one's.
    case("plan-syntax-no-cascade", 1, &[(
        "错误: data/plan.yaml:14:5 `tasks[0]`",
        "方括号或花括号不配对",
    )]),
    // ── every mistake of a file, each at its own character ──────────────
    case("errors-in-three-entries", 3, &[
        (
            "错误: data/years/2024/schools.yaml:8:17 `schools[0].primary.students`",
            "城关小学（`chengguan-xiaoxue`）：类型错误：应为非负整数，实际为文本 `八百八十`",
        ),
        (
            "错误: data/years/2024/schools.yaml:27:7 `schools[1].junior.clases`",
            "南宾中学（`nanbin-zhongxue`）：未知字段 `clases`。是否应为 `classes`？",
        ),
        (
            "错误: data/years/2024/schools.yaml:72:17 `schools[3].primary.students`",
            "山坪教学点（`shanping-jiaoxuedian`）：不能为负数",
        ),
    ]),
    case("errors-in-county-keys", 3, &[
        (
            "错误: data/years/2024/county.yaml:3:28 `county.training_360.complete`",
            "未知字段 `complete`。是否应为 `completed`？",
        ),
        (
            "错误: data/years/2024/county.yaml:4:24 `county.rotation.eligible`",
            "类型错误：应为非负整数，实际为文本 `一百六十`",
        ),
        (
            "错误: data/years/2024/county.yaml:34:27 `tasks[1].status`",
            "取值 `ontrack` 无效",
        ),
    ]),
    case("tab-indent", 1, &[(
        "错误: data/years/2024/xincheng.yaml:8:1 `schools[0].primary`",
        "新城小学（`xincheng-xiaoxue`）：第 8 行用了 Tab 键缩进（第 1 列）：YAML 只能用空格缩进",
    )]),
    case("fullwidth-colon", 1, &[(
        "错误: data/years/2024/xincheng.yaml:5:15 `schools[0].primary`",
        "此处是全角冒号 `：`，应为半角冒号 `:`",
    )]),
    case("fullwidth-space", 1, &[(
        "错误: data/years/2024/xincheng.yaml:5:16 `schools[0].primary`",
        "此处是全角空格，应为半角空格",
    )]),
    case("fullwidth-digits", 1, &[(
        "错误: data/years/2024/xincheng.yaml:5:17 `schools[0].primary.students`",
        "此处是全角数字 `２７０`，应为半角数字 `270`",
    )]),
    case("glued-keys", 1, &[(
        "错误: data/years/2024/xincheng.yaml:6:9 `schools[0].primary.students`",
        "此行缩进比上一行的 `students` 多，`classes` 与上一行的值连成了一个值",
    )]),
    // ── several files at once ────────────────────────────────────────────
    case("errors-in-several-files", 2, &[
        (
            "错误: data/years/2024/xincheng.yaml:18:17 `schools[0].music_rooms_m2`",
            "YAML 语法错误",
        ),
        (
            "错误: data/plan.yaml:6:26 `targets[0].metric`",
            "未知的指标 `rate.area.primry`",
        ),
    ]),
];

/// What is wrong with one case's run, if anything.
fn problems(case: &Case) -> Vec<String> {
    let dir = project(Some(case.name));
    let run = check(dir.path(), &[]);
    let mut out = Vec::new();
    if run.code != 1 {
        out.push(format!("exit code {} (expected 1)", run.code));
    }
    if run.stderr.contains("panicked") {
        out.push("panicked".into());
    }
    if run.count("错误: ") != case.errors {
        out.push(format!(
            "{} error(s) (expected {})",
            run.count("错误: "),
            case.errors
        ));
    }
    for (header, phrase) in case.expect {
        if !run.has(header, phrase) {
            out.push(format!("missing: {header}\n      … {phrase}"));
        }
    }
    if !out.is_empty() {
        out.push(format!("stderr was:\n{}", run.stderr));
    }
    out
}

#[test]
fn valid_county_passes_without_warnings() {
    let dir = project(None);
    let run = check(dir.path(), &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(run.stdout.contains("0 个错误，0 个警告"), "{}", run.stdout);
    assert!(
        run.stdout.contains("2023、2024（初步数据）"),
        "{}",
        run.stdout
    );
}

#[test]
fn each_invalid_fixture_is_reported_where_it_is() {
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|c| {
            let p = problems(c);
            (!p.is_empty()).then(|| format!("── {}:\n  {}", c.name, p.join("\n  ")))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_fixture_has_a_case_and_every_case_a_fixture() {
    let mut dirs: Vec<String> = fs::read_dir(fixtures().join("invalid"))
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut names: Vec<String> = CASES.iter().map(|c| c.name.to_string()).collect();
    names.extend(WARNING_FIXTURES.iter().map(|s| s.to_string()));
    names.sort();
    assert_eq!(dirs, names);
}

/// Fixtures that cause warnings only: exit 0, but 1 with `--strict`.
const WARNING_FIXTURES: [&str; 2] = ["county-item-missing", "students-zero"];

#[test]
fn missing_county_item_is_a_warning_and_strict_fails() {
    let dir = project(Some("county-item-missing"));
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.count("警告: "), 1, "{}", run.stderr);
    assert!(
        run.has(
            "警告: data/years/2024/county.yaml:2:3 `county`",
            "暂无数据：2024 年未填写 `county.salaries`"
        ),
        "{}",
        run.stderr
    );
    let strict = check(dir.path(), &["--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(strict.stderr.contains("检查未通过：--strict 下有 1 个警告"));
}

#[test]
fn section_without_pupils_is_a_warning() {
    let dir = project(Some("students-zero"));
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.count("警告: "), 1, "{}", run.stderr);
    assert!(
        run.has(
            "警告: data/years/2024/xincheng.yaml:5:17 `schools[0].primary.students`",
            "小学学段学生数为 0：该学段不计入评估计算（已排除）"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(check(dir.path(), &["--strict"]).code, 1);
}

#[test]
fn utf8_with_bom_is_accepted() {
    let dir = project(None);
    let path = dir.path().join("data/years/2023.yaml");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(fs::read(&path).expect("read"));
    fs::write(&path, bytes).expect("write");
    let run = check(dir.path(), &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn file_over_the_default_limit_is_refused() {
    let dir = project(None);
    let path = dir.path().join("data/plan.yaml");
    let mut text = fs::read_to_string(&path).expect("read");
    let filler = format!("# {}\n", "填充".repeat(100));
    while text.len() <= 4 * 1024 * 1024 {
        text.push_str(&filler);
    }
    fs::write(&path, &text).expect("write");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
    assert!(
        run.has(
            "错误: data/plan.yaml",
            &format!("文件过大：{} 字节，超过上限 4194304 字节", text.len())
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_project_folder_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = check(&dir.path().join("nowhere"), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("不存在"), "{}", run.stderr);
}

#[test]
fn project_without_data_folder_is_a_data_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("找不到数据目录 `data/`"),
        "{}",
        run.stderr
    );
}

/// Files are read and parsed in parallel: the diagnostics of a project with
/// errors in several files (fixed files, a year file, a year folder) come in
/// the same order, byte for byte, with 1 thread and with 4.
#[test]
fn diagnostics_are_the_same_whatever_the_thread_count() {
    let dir = project(Some("errors-in-several-files"));
    let append = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        let mut s = fs::read_to_string(&path).expect("read fixture file");
        s.push_str(text);
        fs::write(&path, s).expect("write fixture file");
    };
    append("data/years/2023.yaml", "  - {task: \"2.2\", status: [\n");
    append("data/schools.yaml", "    colour: blue\n");
    let root = dir.path().to_str().expect("utf-8 temp path");
    let runs: Vec<Run> = ["1", "4"]
        .iter()
        .map(|t| common::junheng_env(&["check", "--project", root], &[("RAYON_NUM_THREADS", t)]))
        .collect();
    let files: std::collections::BTreeSet<String> = runs[0]
        .diagnostics()
        .iter()
        .filter_map(|(h, _)| {
            h.split_whitespace()
                .nth(1)
                .and_then(|f| f.split(':').next())
                .map(String::from)
        })
        .collect();
    assert!(
        files.len() >= 3,
        "errors in at least 3 files: {}",
        runs[0].stderr
    );
    assert_eq!(runs[0].code, 1, "{}", runs[0].stderr);
    assert_eq!(runs[0].code, runs[1].code);
    assert_eq!(runs[0].stderr, runs[1].stderr);
    assert_eq!(runs[0].stdout, runs[1].stdout);
}

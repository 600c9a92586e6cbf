//! The year file's fields as a clerk sees them: Chinese name, unit and a note
//! on the field's meaning and statistical source. This table is the one place
//! that text lives: `init` and `new-year` write it as YAML comments, `export`
//! as spreadsheet headers and header notes, `import` finds columns by it.
//!
//! Plain data only: no parsing, no formatting beyond joining name, unit and note.

/// One field of a year file.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The field's key below its parent (`students`, `teachers_avg_yuan`), or a
    /// dotted path below the county block (`salaries.teachers_avg_yuan`).
    pub key: &'static str,
    /// Chinese name (`在校生数`).
    pub label: &'static str,
    /// Unit (`人`, `平方米`), empty when none.
    pub unit: &'static str,
    /// Meaning and statistical source.
    pub note: &'static str,
}

impl Field {
    /// The header: `在校生数（人）`.
    pub fn header(&self) -> String {
        if self.unit.is_empty() {
            self.label.to_string()
        } else {
            format!("{}（{}）", self.label, self.unit)
        }
    }
    /// The YAML comment: `在校生数（人）：教育事业统计……`.
    pub fn comment(&self) -> String {
        if self.note.is_empty() {
            self.header()
        } else {
            format!("{}：{}", self.header(), self.note)
        }
    }
}

const fn f(
    key: &'static str,
    label: &'static str,
    unit: &'static str,
    note: &'static str,
) -> Field {
    Field {
        key,
        label,
        unit,
        note,
    }
}

/// The fields of one section (`primary:` or `junior:`), in the YAML's order.
pub static SECTION: [Field; 13] = [
    f(
        "students",
        "在校生数",
        "人",
        "教育事业统计基层表“学生情况”中本学段的在校生",
    ),
    f(
        "classes",
        "班数",
        "个",
        "教育事业统计基层表“班级情况”中本学段的班数",
    ),
    f(
        "class_sizes",
        "各班人数",
        "人",
        "可选：逐班列出本学段每个班的人数，用逗号分隔；班的个数等于班数，合计等于在校生数",
    ),
    f(
        "max_class_size",
        "最大班额",
        "人",
        "本学段人数最多的一个班的人数；未逐班列出各班人数（class_sizes: [各班人数, …]）时必填",
    ),
    f(
        "teachers",
        "专任教师数",
        "人",
        "教育事业统计基层表“教职工情况”中本学段的专任教师",
    ),
    f(
        "qualified_teachers",
        "高于规定学历的专任教师数",
        "人",
        "小学为专科及以上学历，初中为本科及以上学历；来源同上“专任教师学历”",
    ),
    f(
        "backbone_teachers",
        "县级以上骨干教师数",
        "人",
        "县级及以上教育部门认定的骨干教师、学科带头人、名师，来源于县教育局认定名单",
    ),
    f(
        "pe_art_teachers",
        "体育、音乐、美术专任教师数",
        "人",
        "教育事业统计“专任教师任课情况”",
    ),
    f(
        "certified_teachers",
        "持有教师资格证的专任教师数",
        "人",
        "教师资格认定记录",
    ),
    f(
        "teaching_area_m2",
        "教学及辅助用房面积",
        "平方米",
        "学校资产台账“校舍情况”，不含室内体育用房；不能分学段统计时写在全校合计（shared）中",
    ),
    f(
        "sports_area_m2",
        "体育运动场馆面积",
        "平方米",
        "学校资产台账“运动场地”，含室内体育用房",
    ),
    f(
        "equipment_value_yuan",
        "教学仪器设备值",
        "元",
        "学校资产台账中教学仪器设备的账面原值",
    ),
    f(
        "multimedia_rooms",
        "网络多媒体教室数",
        "间",
        "教育事业统计“信息化情况”",
    ),
];

/// The four assets given for the whole school (`shared:`), split by weighted enrollment.
pub static SHARED: [Field; 4] = [
    f(
        "teaching_area_m2",
        "全校教学及辅助用房面积",
        "平方米",
        "资产不能分学段统计时填写全校合计，按加权学生数自动分摊到各学段；此时学段中不填",
    ),
    f(
        "sports_area_m2",
        "全校体育运动场馆面积",
        "平方米",
        "同上，全校合计",
    ),
    f(
        "equipment_value_yuan",
        "全校教学仪器设备值",
        "元",
        "同上，全校合计，账面原值",
    ),
    f(
        "multimedia_rooms",
        "全校网络多媒体教室数",
        "间",
        "同上，全校合计",
    ),
];

/// The school-level fields of an entry besides its sections and `shared`.
pub static SCHOOL: [Field; 7] = [
    f(
        "senior_students",
        "高中在校生数",
        "人",
        "完全中学、十二年一贯制学校填写（用于分摊全校资产），其他学校不填",
    ),
    f(
        "music_rooms_m2",
        "音乐专用教室面积",
        "平方米",
        "每间的面积，用逗号分隔，没有则留空写 []（表格中写“无”）；来源于学校资产台账",
    ),
    f(
        "art_rooms_m2",
        "美术专用教室面积",
        "平方米",
        "每间的面积，用逗号分隔，没有则写 []（表格中写“无”）",
    ),
    f(
        "public_funds_yuan",
        "年度公用经费预算",
        "元",
        "财务决算报表或部门预算",
    ),
    f("training_funds_yuan", "其中教师培训经费", "元", "同上"),
    f(
        "funded_students",
        "核定公用经费的学生数",
        "人",
        "村小和教学点按 100 人核定公用经费时，写核定的人数",
    ),
    f(
        "special_students",
        "特殊教育学校在校生数",
        "人",
        "仅特殊教育学校填写",
    ),
];

/// The year file's header fields.
pub static HEADER: [Field; 4] = [
    f("year", "年份", "", "与文件名一致"),
    f(
        "status",
        "数据状态",
        "",
        "final 正式数据 | provisional 初步数据（报告中标注为“初步数据”）",
    ),
    f(
        "as_of",
        "统计时点",
        "",
        "写成 年-月-日，一般为当年教育事业统计的统计时点",
    ),
    f("source", "数据来源", "", "本文件数据所依据的统计资料名称"),
];

/// The county block's groups: key and comment.
pub const COUNTY_GROUPS: [(&str, &str); 10] = [
    ("salaries", "教师与公务员平均工资"),
    ("training_360", "教师5年360学时培训"),
    ("rotation", "教师交流轮岗：县教育局交流轮岗工作台账"),
    (
        "nearby_enrollment",
        "就近划片入学（城区和镇区公办学校，不含寄宿制学校）：招生入学工作统计",
    ),
    ("senior_quota", "优质高中招生名额分配：中考招生计划"),
    ("migrant_children", "随迁子女：教育事业统计“随迁子女情况”"),
    ("retention", "巩固率：教育事业统计，按届追踪"),
    (
        "disabled_children",
        "残疾儿童少年入学：残联与教育部门的适龄残疾儿童少年入学台账",
    ),
    (
        "monitoring",
        "国家义务教育质量监测结果：国家义务教育质量监测中心反馈的本县报告，每个监测科目一条",
    ),
    ("recognition", "社会认可度：满意度调查，每个调查群体一条"),
];

/// The county block's single figures, by dotted path.
pub static COUNTY: [Field; 28] = [
    f(
        "salaries.teachers_avg_yuan",
        "义务教育教师年平均工资收入",
        "元",
        "人社、财政部门工资统计",
    ),
    f(
        "salaries.civil_servants_avg_yuan",
        "当地公务员年平均工资收入",
        "元",
        "人社、财政部门工资统计",
    ),
    f(
        "training_360.due",
        "应完成360学时培训的教师数",
        "人",
        "教师培训管理系统",
    ),
    f(
        "training_360.completed",
        "已完成360学时培训的教师数",
        "人",
        "教师培训管理系统",
    ),
    f(
        "rotation.eligible",
        "符合交流条件的教师数",
        "人",
        "县教育局交流轮岗工作台账",
    ),
    f(
        "rotation.rotated",
        "当年交流轮岗的教师数",
        "人",
        "县教育局交流轮岗工作台账",
    ),
    f(
        "rotation.backbone_rotated",
        "其中骨干教师数",
        "人",
        "县教育局交流轮岗工作台账",
    ),
    f(
        "nearby_enrollment.primary.in_zone",
        "小学就近划片入学的新生数",
        "人",
        "招生入学工作统计（城区和镇区公办学校，不含寄宿制学校）",
    ),
    f(
        "nearby_enrollment.primary.total",
        "小学新生总数",
        "人",
        "同上",
    ),
    f(
        "nearby_enrollment.junior.in_zone",
        "初中就近划片入学的新生数",
        "人",
        "同上",
    ),
    f(
        "nearby_enrollment.junior.total",
        "初中新生总数",
        "人",
        "同上",
    ),
    f(
        "senior_quota.allocated",
        "分配到初中学校的优质高中招生名额",
        "个",
        "中考招生计划",
    ),
    f(
        "senior_quota.total",
        "优质高中招生计划总数",
        "个",
        "中考招生计划",
    ),
    f(
        "migrant_children.total",
        "符合条件的随迁子女总数",
        "人",
        "教育事业统计“随迁子女情况”",
    ),
    f(
        "migrant_children.public_or_purchased",
        "在公办学校和政府购买服务的民办学校就读的随迁子女数",
        "人",
        "同上",
    ),
    f(
        "special_school_funds_per_student_yuan",
        "特殊教育学校生均公用经费",
        "元/生",
        "财务决算报表",
    ),
    f(
        "retention.primary.cohort",
        "小学该届入学时学生数",
        "人",
        "六年前入学的一届；教育事业统计，按届追踪",
    ),
    f(
        "retention.primary.deaths",
        "小学该届其间死亡学生数",
        "人",
        "同上",
    ),
    f(
        "retention.primary.graduates",
        "小学该届毕业生数",
        "人",
        "同上",
    ),
    f(
        "retention.primary.transferred_in",
        "小学该届其间转入学生数",
        "人",
        "同上",
    ),
    f(
        "retention.primary.transferred_out",
        "小学该届其间转出学生数",
        "人",
        "同上",
    ),
    f(
        "retention.junior.cohort",
        "初中该届入学时学生数",
        "人",
        "三年前入学的一届；教育事业统计，按届追踪",
    ),
    f(
        "retention.junior.deaths",
        "初中该届其间死亡学生数",
        "人",
        "同上",
    ),
    f(
        "retention.junior.graduates",
        "初中该届毕业生数",
        "人",
        "同上",
    ),
    f(
        "retention.junior.transferred_in",
        "初中该届其间转入学生数",
        "人",
        "同上",
    ),
    f(
        "retention.junior.transferred_out",
        "初中该届其间转出学生数",
        "人",
        "同上",
    ),
    f(
        "disabled_children.eligible",
        "适龄残疾儿童少年数",
        "人",
        "残联与教育部门的适龄残疾儿童少年入学台账",
    ),
    f(
        "disabled_children.enrolled",
        "已入学（含随班就读、送教上门）的残疾儿童少年数",
        "人",
        "同上",
    ),
];

/// A monitoring result's fields.
pub static MONITORING: [Field; 4] = [
    f(
        "subject",
        "监测科目",
        "",
        "国家义务教育质量监测中心反馈的本县报告",
    ),
    f("grade", "年级", "", "4 或 8"),
    f("level", "学业水平等级", "", "1—4，3 即Ⅲ级"),
    f("difference_rate", "校际差异率", "", "小数，如 0.12"),
];

/// A survey group's fields.
pub static RECOGNITION: [Field; 3] = [
    f(
        "group",
        "调查群体",
        "",
        "学生、家长、教师、校长、人大代表、政协委员、其他群众",
    ),
    f("valid", "有效问卷数", "份", "满意度调查"),
    f("satisfied", "其中满意的问卷数", "份", "满意度调查"),
];

/// An evidence item's fields (`county.evidence.<id>`).
pub static EVIDENCE: [Field; 4] = [
    f(
        "id",
        "事项编号",
        "",
        "政府保障或教育质量中依据佐证材料评判的事项",
    ),
    f("met", "是否达到", "", "是 / 否"),
    f(
        "documents",
        "佐证材料",
        "",
        "每行一份材料；可写成“标题 | 日期 | 文件名”",
    ),
    f("note", "说明", "", ""),
];

/// A major project's progress fields.
pub static PROJECT: [Field; 7] = [
    f(
        "project",
        "项目编号",
        "",
        "与 data/plan.yaml 中重大项目的 id 一致",
    ),
    f(
        "status",
        "项目状态",
        "",
        "未启动 | 前期工作 | 在建 | 已竣工",
    ),
    f(
        "progress",
        "完成比例",
        "",
        "0—1 的小数，也可写百分数，如 60%",
    ),
    f("invested_wan", "累计完成投资", "万元", "截至当年年底"),
    f("started", "开工日期", "", "年-月-日"),
    f("completed", "竣工日期", "", "年-月-日"),
    f("note", "进展说明", "", ""),
];

/// A key task's progress fields.
pub static TASK: [Field; 3] = [
    f(
        "task",
        "任务编号",
        "",
        "与 data/plan.yaml 中 tasks 的 id 一致",
    ),
    f(
        "status",
        "进展状态",
        "",
        "未开始 | 按计划推进 | 滞后 | 已完成",
    ),
    f("note", "进展说明", "", ""),
];

/// A problem-ledger item's fields.
pub static LEDGER: [Field; 10] = [
    f("id", "台账编号", "", "全县唯一，如 L年份-序号"),
    f("school", "涉及的学校", "", "可选：学校 id 或学校名称"),
    f(
        "indicator",
        "涉及的指标或评估事项",
        "",
        "七项指标的键名（如 sports_area_per_student）或事项 id（如 gov-05-class-size）",
    ),
    f("problem", "问题", "", ""),
    f("measure", "整改措施", "", ""),
    f("owner", "责任单位", "", ""),
    f("due", "整改期限", "", "年-月-日"),
    f("status", "整改状态", "", "未整改 | 整改中 | 已整改"),
    f("rectified_on", "整改完成日期", "", "年-月-日"),
    f("note", "说明", "", ""),
];

/// The field `key` of `table`.
pub fn find(table: &'static [Field], key: &str) -> Option<&'static Field> {
    table.iter().find(|f| f.key == key)
}

/// The YAML comment of `key` in `table` (empty when unknown).
pub fn comment(table: &'static [Field], key: &str) -> Option<String> {
    find(table, key).map(Field::comment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_headers_are_unique_in_each_table() {
        let tables: [&[Field]; 11] = [
            &SECTION,
            &TASK,
            &SHARED,
            &SCHOOL,
            &HEADER,
            &COUNTY,
            &MONITORING,
            &RECOGNITION,
            &EVIDENCE,
            &PROJECT,
            &LEDGER,
        ];
        for t in tables {
            for (i, a) in t.iter().enumerate() {
                for b in &t[i + 1..] {
                    assert_ne!(a.key, b.key);
                    assert_ne!(a.header(), b.header());
                }
            }
        }
        // Section, shared and school headers share one sheet.
        let mut all: Vec<String> = SECTION
            .iter()
            .chain(&SHARED)
            .chain(&SCHOOL)
            .map(Field::header)
            .collect();
        all.sort();
        let n = all.len();
        all.dedup();
        assert_eq!(all.len(), n);
    }

    #[test]
    fn header_and_comment() {
        let s = find(&SECTION, "students").unwrap();
        assert_eq!(s.header(), "在校生数（人）");
        assert!(s.comment().starts_with("在校生数（人）：教育事业统计"));
    }
}

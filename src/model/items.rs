//! The assessment's county-level items: government assurance (15) and
//! education quality (9), with stable ids used by compute, the report and the
//! problem ledger (`ledger[].indicator` may name one of these).

/// Government assurance items (政府保障程度): id and requirement.
pub const ASSURANCE_ITEMS: [(&str, &str); 15] = [
    ("gov-01-layout", "县域学校布局规划合理"),
    ("gov-02-unified-standards", "城乡学校建设、编制、生均公用经费、装备配置标准统一"),
    ("gov-03-music-art-rooms", "每12个班级配备音乐、美术专用教室1间以上，音乐教室不小于96平方米，美术教室不小于90平方米"),
    ("gov-04-school-size", "学校规模不超过2000人，九年一贯制学校、十二年一贯制学校义务教育阶段不超过2500人"),
    ("gov-05-class-size", "小学、初中所有班级学生数分别不超过45人、50人"),
    ("gov-06-small-school-funding", "不足100名学生的村小学和教学点按100名学生核定公用经费"),
    ("gov-07-special-funds", "特殊教育学校生均公用经费不低于6000元"),
    ("gov-08-teacher-pay", "教师平均工资收入水平不低于当地公务员平均工资收入水平"),
    ("gov-09-training-360", "教师5年360学时培训完成率达到100%"),
    ("gov-10-staffing", "县级教育行政部门统筹分配各校教职工编制和岗位数量"),
    ("gov-11-rotation", "每年交流轮岗教师比例不低于符合交流条件教师总数的10%，其中骨干教师不低于20%"),
    ("gov-12-certification", "专任教师持有教师资格证上岗率达到100%"),
    ("gov-13-nearby-enrollment", "城区和镇区公办小学、初中（不含寄宿制学校）就近划片入学比例分别达到100%、95%以上"),
    ("gov-14-senior-quota", "优质高中招生名额分配比例不低于50%，并向农村初中倾斜"),
    ("gov-15-migrant-children", "建立留守儿童关爱体系；符合条件的随迁子女在公办学校和政府购买服务的民办学校就读的比例不低于85%"),
];

/// Education quality items (教育质量): id and requirement.
pub const QUALITY_ITEMS: [(&str, &str); 9] = [
    (
        "qual-01-retention",
        "全县初中三年巩固率达到95%以上（方案：小学巩固率100%）",
    ),
    ("qual-02-disabled", "全县残疾儿童少年入学率达到95%以上"),
    (
        "qual-03-charter",
        "所有学校制定章程，实现学校管理与教学信息化",
    ),
    (
        "qual-04-training-funds",
        "所有学校按照不低于学校年度公用经费预算总额的5%安排教师培训经费",
    ),
    (
        "qual-05-ict",
        "教师能熟练运用信息化手段组织教学，设施设备利用率达到较高水平",
    ),
    ("qual-06-moral", "德育工作、校园文化建设水平达到良好以上"),
    (
        "qual-07-curriculum",
        "课程开齐开足，教学秩序规范，综合实践活动有效开展",
    ),
    ("qual-08-burden", "无过重课业负担"),
    (
        "qual-09-monitoring",
        "国家义务教育质量监测相关科目学生学业水平达到Ⅲ级以上，且校际差异率低于0.15",
    ),
];

/// Whether `id` names an assurance or quality item.
pub fn is_item(id: &str) -> bool {
    ASSURANCE_ITEMS
        .iter()
        .chain(QUALITY_ITEMS.iter())
        .any(|(i, _)| *i == id)
}

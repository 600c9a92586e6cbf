//! A deterministic generator of made-up counties, for tests and benchmarks:
//! counties of any size and shape (one year or ten, primary only, no
//! projects, 2 schools or 3,000) that pass `check`, so every template,
//! chapter and table can be tried on data that is not the sample's.
//!
//! Same options, same bytes: the only randomness is a seeded SplitMix64.
//! Writes YAML text directly (no serializer), in the pinned data format.
//! Not used by the build itself.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// Which levels the county's schools have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Levels {
    /// Primary, junior and through schools, teaching points, a special school.
    Both,
    /// Primary schools and teaching points only.
    PrimaryOnly,
    /// Junior and complete middle schools only.
    JuniorOnly,
}

/// The shape of a generated county.
#[derive(Debug, Clone, PartialEq)]
pub struct GenOptions {
    pub seed: u64,
    /// Number of schools in the registry (at least 1).
    pub schools: usize,
    /// Years with data, any order and gaps allowed (sorted and deduplicated).
    pub years: Vec<u16>,
    pub levels: Levels,
    /// The plan has major projects (and the years report their progress).
    pub projects: bool,
    /// The years carry problem-ledger items.
    pub ledger: bool,
    /// The years carry the county-level block (salaries, retention, surveys…).
    pub county_figures: bool,
    /// The plan has annual targets, milestones and key tasks.
    pub plan: bool,
    /// The last year is `status: provisional`.
    pub provisional_last: bool,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            seed: 1,
            schools: 30,
            years: vec![2023, 2024],
            levels: Levels::Both,
            projects: true,
            ledger: true,
            county_figures: true,
            plan: true,
            provisional_last: false,
        }
    }
}

/// A varied shape per seed: sizes from 2 to 80 schools, one to ten years
/// (sometimes without 2020, sometimes with gaps), every level mix, with and
/// without projects, ledger, county figures and plan.
pub fn shape(seed: u64) -> GenOptions {
    let mut r = Rng::new(seed ^ 0x5eed_5eed);
    let schools = match r.below(4) {
        0 => 2 + r.below(4) as usize,
        1 => 6 + r.below(15) as usize,
        _ => 20 + r.below(61) as usize,
    };
    let first = 2020 + r.below(6) as u16;
    let count = 1 + r.below(u64::from(2030 - first).min(10)) as u16;
    let mut years: Vec<u16> = (first..first + count).collect();
    if years.len() > 3 && r.below(3) == 0 {
        let gap = 1 + r.below(years.len() as u64 - 2) as usize;
        years.remove(gap);
    }
    let levels = match r.below(5) {
        0 => Levels::PrimaryOnly,
        1 => Levels::JuniorOnly,
        _ => Levels::Both,
    };
    GenOptions {
        seed,
        schools,
        years,
        levels,
        projects: r.below(3) != 0,
        ledger: r.below(3) != 0,
        county_figures: r.below(4) != 0,
        plan: r.below(4) != 0,
        provisional_last: r.below(3) == 0,
    }
}

/// The project's files: path relative to the project root → text.
pub fn files(opts: &GenOptions) -> BTreeMap<String, String> {
    let mut years = opts.years.clone();
    years.sort_unstable();
    years.dedup();
    let mut rng = Rng::new(opts.seed);
    let schools = registry(opts, &mut rng);
    let projects = if opts.projects {
        plan_projects(&schools, &years)
    } else {
        Vec::new()
    };
    let mut out = BTreeMap::new();
    out.insert("data/county.yaml".to_string(), county_yaml(opts));
    out.insert("data/schools.yaml".to_string(), schools_yaml(&schools));
    out.insert(
        "data/plan.yaml".to_string(),
        plan_yaml(opts, &years, &projects),
    );
    let mut state: BTreeMap<String, SchoolState> = BTreeMap::new();
    for (n, &y) in years.iter().enumerate() {
        let provisional = opts.provisional_last && n + 1 == years.len() && years.len() > 1;
        let text = year_yaml(
            opts,
            y,
            provisional,
            &schools,
            &projects,
            &mut state,
            &mut rng,
        );
        out.insert(format!("data/years/{y}.yaml"), text);
    }
    out
}

/// Write the project's files under `dir` (created if missing).
pub fn write(dir: &Path, opts: &GenOptions) -> io::Result<()> {
    for (rel, text) in files(opts) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0xd1b5_4a32_d192_ed03)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Uniform in `[lo, hi)`.
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const PLACES: &[&str] = &[
    "黄水", "西沱", "临溪", "桥头", "马武", "中益", "鱼池", "三河", "沙子", "王场", "沿溪", "龙沙",
    "下路", "悦崃", "大歇", "金铃", "六塘", "黎场", "三星", "石家", "河嘴", "新乐", "洗新", "万朝",
    "金竹", "冷水", "黄鹤", "枫木", "龙潭", "南宾", "万安", "城南", "双庆", "东城", "西城", "北城",
    "白岩", "青龙", "金山", "红岩", "清水", "松林", "桂花", "柏树", "梨园", "桃源", "竹溪", "石门",
    "高峰", "平坝", "长岭", "新华", "光明", "团结", "永和", "太平", "安乐", "福寿", "文昌", "凤凰",
];

const NUMERALS: &[&str] = &["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 2 → 二, 12 → 十二, 35 → 三十五 (1..=99).
fn numeral(n: usize) -> String {
    match n {
        1..=9 => NUMERALS[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", NUMERALS[n % 10]),
        _ => format!(
            "{}十{}",
            NUMERALS[(n / 10) % 10],
            NUMERALS.get(n % 10).copied().unwrap_or("")
        ),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Primary,
    Junior,
    NineYear,
    TwelveYear,
    CompleteMiddle,
    TeachingPoint,
    Special,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Primary => "primary",
            Kind::Junior => "junior",
            Kind::NineYear => "nine_year",
            Kind::TwelveYear => "twelve_year",
            Kind::CompleteMiddle => "complete_middle",
            Kind::TeachingPoint => "teaching_point",
            Kind::Special => "special",
        }
    }
    fn suffix(self) -> &'static str {
        match self {
            Kind::Primary => "小学",
            Kind::Junior => "中学",
            Kind::NineYear => "学校",
            Kind::TwelveYear => "实验学校",
            Kind::CompleteMiddle => "完全中学",
            Kind::TeachingPoint => "教学点",
            Kind::Special => "特殊教育学校",
        }
    }
    fn has_primary(self) -> bool {
        matches!(
            self,
            Kind::Primary | Kind::NineYear | Kind::TwelveYear | Kind::TeachingPoint
        )
    }
    fn has_junior(self) -> bool {
        matches!(
            self,
            Kind::Junior | Kind::NineYear | Kind::TwelveYear | Kind::CompleteMiddle
        )
    }
    fn has_senior(self) -> bool {
        matches!(self, Kind::TwelveYear | Kind::CompleteMiddle)
    }
}

#[derive(Debug, Clone)]
struct GenSchool {
    id: String,
    name: String,
    kind: Kind,
    locality: &'static str,
    township: String,
    boarding: bool,
    parent: Option<String>,
    /// How this school tends to fare: 0.75 (poor) … 1.35 (well equipped).
    quality: f64,
    /// Shared assets (multi-section schools always; others sometimes).
    shared: bool,
}

fn registry(opts: &GenOptions, rng: &mut Rng) -> Vec<GenSchool> {
    let n = opts.schools.max(1);
    let mut kinds: Vec<Kind> = Vec::with_capacity(n);
    for i in 0..n {
        let k = match opts.levels {
            Levels::PrimaryOnly => {
                if i > 0 && rng.below(8) == 0 {
                    Kind::TeachingPoint
                } else {
                    Kind::Primary
                }
            }
            Levels::JuniorOnly => {
                if rng.below(8) == 0 {
                    Kind::CompleteMiddle
                } else {
                    Kind::Junior
                }
            }
            Levels::Both => match (i, n) {
                (0, _) => Kind::Primary,
                (1, _) => Kind::Junior,
                (2, _) if n >= 10 => Kind::Special,
                _ => match rng.below(40) {
                    0..=17 => Kind::Primary,
                    18..=25 => Kind::Junior,
                    26..=31 => Kind::NineYear,
                    32 => Kind::TwelveYear,
                    33..=34 => Kind::CompleteMiddle,
                    _ => Kind::TeachingPoint,
                },
            },
        };
        kinds.push(k);
    }
    let mut schools: Vec<GenSchool> = Vec::with_capacity(n);
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for (i, &kind) in kinds.iter().enumerate() {
        let place = PLACES[(i * 7 + (opts.seed as usize % PLACES.len())) % PLACES.len()];
        let base = format!("{place}{}", kind.suffix());
        let count = used.entry(base.clone()).or_insert(0);
        *count += 1;
        let name = if *count == 1 {
            base
        } else {
            format!("{place}第{}{}", numeral(*count % 100), kind.suffix())
        };
        let locality = match rng.below(5) {
            0 => "urban",
            1 | 2 => "town",
            _ => "rural",
        };
        let parent = if kind == Kind::TeachingPoint {
            schools
                .iter()
                .rev()
                .find(|s| matches!(s.kind, Kind::Primary | Kind::NineYear))
                .map(|s| s.id.clone())
        } else {
            None
        };
        // A teaching point without a possible parent becomes a primary school.
        let kind = if kind == Kind::TeachingPoint && parent.is_none() {
            Kind::Primary
        } else {
            kind
        };
        let multi = kind.has_primary() && kind.has_junior() || kind.has_senior();
        schools.push(GenSchool {
            id: format!("school-{:04}", i + 1),
            name,
            kind,
            locality,
            township: format!("{place}镇"),
            boarding: locality == "rural" && rng.below(3) == 0,
            parent,
            quality: rng.range(0.75, 1.35),
            shared: multi || kind == Kind::Special || rng.below(4) == 0,
        });
    }
    schools
}

fn county_yaml(opts: &GenOptions) -> String {
    let name = format!("生成{}县", PLACES[(opts.seed as usize) % PLACES.len()]);
    format!(
        "# 生成的测试县（非真实数据），种子 {seed}\n\
name: {name}\n\
short_name: {name}\n\
province: 示例省\n\
compiler: {name}教育委员会\n\
population: {pop}\n\
townships: {town}\n\
plan:\n  title: {name}推进义务教育优质均衡发展工作方案（2020—2029年）\n  document_no: 生府办发〔2021〕{seed}号\n  issued: 2021-03-18\n  period: [2020, 2029]\n",
        seed = opts.seed,
        pop = 100_000 + opts.schools as u64 * 4_000,
        town = 5 + opts.schools / 4,
    )
}

fn schools_yaml(schools: &[GenSchool]) -> String {
    let mut s = String::from("schools:\n");
    for g in schools {
        let _ = writeln!(s, "  - id: {}", g.id);
        let _ = writeln!(s, "    name: {}", g.name);
        let _ = writeln!(s, "    type: {}", g.kind.key());
        let _ = writeln!(s, "    locality: {}", g.locality);
        let _ = writeln!(s, "    township: {}", g.township);
        if g.boarding {
            s.push_str("    boarding: true\n");
        }
        if let Some(p) = &g.parent {
            let _ = writeln!(s, "    parent: {p}");
        }
    }
    s
}

struct GenProject {
    id: String,
    number: usize,
    name: String,
    site: String,
    period: [u16; 2],
    school: String,
}

fn plan_projects(schools: &[GenSchool], years: &[u16]) -> Vec<GenProject> {
    let first = years.first().copied().unwrap_or(2020);
    schools
        .iter()
        .filter(|s| s.kind != Kind::Special && s.kind != Kind::TeachingPoint)
        .take(3)
        .enumerate()
        .map(|(i, s)| GenProject {
            id: format!("project-{}", i + 1),
            number: i + 1,
            name: format!("{}改扩建工程", s.name),
            site: s.township.clone(),
            period: [first, (first + 2 + i as u16).min(2029)],
            school: s.id.clone(),
        })
        .collect()
}

fn plan_yaml(opts: &GenOptions, years: &[u16], projects: &[GenProject]) -> String {
    let mut s = String::from("# 生成的测试县（非真实数据）\n");
    if opts.plan {
        s.push_str("goals:\n  - 到2029年，全县义务教育实现优质均衡发展\n");
        s.push_str("years:\n");
        for y in years {
            let _ = writeln!(s, "  - {{year: {y}, text: {y}年度工作目标}}");
        }
        s.push_str("targets:\n");
        for y in years {
            let _ = writeln!(
                s,
                "  - {{year: {y}, metric: rate.area.all, op: \">=\", value: 0.9, text: 生均面积达标率90%以上}}"
            );
            let level = match opts.levels {
                Levels::JuniorOnly => "junior",
                _ => "primary",
            };
            let limit = if level == "junior" { 0.45 } else { 0.5 };
            let _ = writeln!(
                s,
                "  - {{year: {y}, metric: cv.composite.{level}, op: \"<=\", value: {limit}, text: 综合差异系数达到要求}}"
            );
        }
        s.push_str("task_groups:\n  - {id: \"1\", title: 统筹城乡学校布局}\n  - {id: \"2\", title: 加强教师队伍建设}\n");
        s.push_str("tasks:\n");
        s.push_str("  - {id: \"1.1\", group: \"1\", title: 优化学校布局, lead: [县教委], partners: [县发展改革委]}\n");
        s.push_str("  - {id: \"2.1\", group: \"2\", title: 补充体育艺术教师, lead: [县教委, 县人力社保局]}\n");
        if let Some(p) = projects.first() {
            s.push_str("milestones:\n");
            let _ = writeln!(
                s,
                "  - {{year: {}, text: {}建成, project: {}, expect: completed}}",
                p.period[1], p.name, p.id
            );
        }
    }
    if !opts.plan && projects.is_empty() {
        // A plan file with no entry at all is an empty file (an error): say it is empty.
        s.push_str("goals: []\n");
    }
    if !projects.is_empty() {
        s.push_str("projects:\n");
        for p in projects {
            let _ = writeln!(s, "  - id: {}", p.id);
            let _ = writeln!(s, "    number: {}", p.number);
            let _ = writeln!(s, "    site: {}", p.site);
            let _ = writeln!(s, "    name: {}", p.name);
            s.push_str("    kind: expansion\n    scale: 新增24个班\n");
            let _ = writeln!(s, "    investment_wan: {}", 3000 + 1000 * p.number);
            let _ = writeln!(s, "    period: [{}, {}]", p.period[0], p.period[1]);
            let _ = writeln!(s, "    schools: [{}]", p.school);
        }
    }
    s
}

/// A school's figures carried from year to year, so they drift gently.
#[derive(Debug, Clone)]
struct SchoolState {
    primary: Option<f64>,
    junior: Option<f64>,
}

fn section_yaml(
    s: &mut String,
    level: &str,
    students: u64,
    g: &GenSchool,
    rng: &mut Rng,
    with_assets: bool,
) {
    let limit = if level == "primary" { 45 } else { 50 };
    let per_class = if g.kind == Kind::TeachingPoint {
        15
    } else {
        limit - 8
    };
    let classes = students.div_ceil(per_class).max(1);
    let avg = students.div_ceil(classes);
    // Now and then a class over the limit (a 大班额 for the ledger and item 5).
    let max = if rng.below(12) == 0 {
        (avg + 6).max(limit + 2)
    } else {
        (avg + rng.below(3)).min(limit).max(avg)
    };
    let q = g.quality;
    let per100 = |base: f64, rng: &mut Rng| -> u64 {
        ((students as f64) * base / 100.0 * q * rng.range(0.9, 1.1)).round() as u64
    };
    let (qual, back, pe) = if level == "primary" {
        (4.6, 1.1, 1.0)
    } else {
        (5.8, 1.1, 1.0)
    };
    let qualified = per100(qual, rng);
    let backbone = per100(back, rng);
    let pe_art = per100(pe, rng);
    let teachers = (students / 15)
        .max(qualified)
        .max(backbone)
        .max(pe_art)
        .max(1);
    let _ = writeln!(s, "    {level}:");
    let _ = writeln!(s, "      students: {students}");
    let _ = writeln!(s, "      classes: {classes}");
    let _ = writeln!(s, "      max_class_size: {max}");
    let _ = writeln!(s, "      teachers: {teachers}");
    let _ = writeln!(s, "      qualified_teachers: {qualified}");
    let _ = writeln!(s, "      backbone_teachers: {backbone}");
    let _ = writeln!(s, "      pe_art_teachers: {pe_art}");
    let certified = if rng.below(15) == 0 {
        teachers - 1
    } else {
        teachers
    };
    let _ = writeln!(s, "      certified_teachers: {certified}");
    if with_assets {
        assets_yaml(s, "      ", students as f64, level == "junior", q, rng);
    }
}

fn assets_yaml(s: &mut String, indent: &str, students: f64, junior: bool, q: f64, rng: &mut Rng) {
    let (area, sports, equip, mm) = if junior {
        (6.2, 11.0, 2700.0, 2.6)
    } else {
        (4.9, 8.1, 2200.0, 2.5)
    };
    let f = |base: f64, rng: &mut Rng| (students * base * q * rng.range(0.85, 1.12)).round();
    let _ = writeln!(s, "{indent}teaching_area_m2: {}", f(area, rng));
    let _ = writeln!(s, "{indent}sports_area_m2: {}", f(sports, rng));
    let _ = writeln!(s, "{indent}equipment_value_yuan: {}", f(equip, rng));
    let rooms = (students * mm / 100.0 * q * rng.range(0.85, 1.12)).round() as u64;
    let _ = writeln!(s, "{indent}multimedia_rooms: {}", rooms.max(1));
}

fn base_students(kind: Kind, junior: bool, rng: &mut Rng) -> f64 {
    match (kind, junior) {
        (Kind::TeachingPoint, _) => {
            if rng.below(2) == 0 {
                20.0 + rng.below(28) as f64
            } else {
                55.0 + rng.below(60) as f64
            }
        }
        (_, false) => 150.0 + rng.below(1500) as f64,
        (_, true) => 200.0 + rng.below(1300) as f64,
    }
}

fn year_yaml(
    opts: &GenOptions,
    year: u16,
    provisional: bool,
    schools: &[GenSchool],
    projects: &[GenProject],
    state: &mut BTreeMap<String, SchoolState>,
    rng: &mut Rng,
) -> String {
    let mut s = format!(
        "# 生成的测试县（非真实数据）\nyear: {year}\nstatus: {}\nas_of: {year}-09-01\nsource: {year}年教育事业统计年报（生成）\nschools:\n",
        if provisional { "provisional" } else { "final" }
    );
    for g in schools {
        let _ = writeln!(s, "  - school: {}", g.id);
        if g.kind == Kind::Special {
            let _ = writeln!(s, "    special_students: {}", 30 + rng.below(40));
            continue;
        }
        let st = state.entry(g.id.clone()).or_insert_with(|| SchoolState {
            primary: g
                .kind
                .has_primary()
                .then(|| base_students(g.kind, false, rng)),
            junior: g
                .kind
                .has_junior()
                .then(|| base_students(g.kind, true, rng)),
        });
        // A gentle drift from year to year (never more than a few percent).
        let drift = rng.range(0.96, 1.05);
        st.primary = st.primary.map(|p| p * drift);
        st.junior = st.junior.map(|p| p * drift);
        let primary = st.primary.map(|p| p.round().max(1.0) as u64);
        let junior = st.junior.map(|p| p.round().max(1.0) as u64);
        if let Some(p) = primary {
            section_yaml(&mut s, "primary", p, g, rng, !g.shared);
        }
        if let Some(j) = junior {
            section_yaml(&mut s, "junior", j, g, rng, !g.shared);
        }
        if g.kind.has_senior() {
            let _ = writeln!(s, "    senior_students: {}", junior.unwrap_or(0) / 2 + 100);
        }
        if g.shared {
            s.push_str("    shared:\n");
            let students = primary.unwrap_or(0) as f64 + 1.1 * junior.unwrap_or(0) as f64;
            assets_yaml(
                &mut s,
                "      ",
                students,
                junior.is_some() && primary.is_none(),
                g.quality,
                rng,
            );
        }
        let pupils = primary.unwrap_or(0) + junior.unwrap_or(0);
        let classes = pupils.div_ceil(40).max(1);
        let needed = classes.div_ceil(12) as usize;
        let have = if rng.below(6) == 0 {
            needed.saturating_sub(1)
        } else {
            needed
        };
        let rooms = |min: u64, rng: &mut Rng| -> String {
            (0..have)
                .map(|_| (min + rng.below(12)).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if g.kind == Kind::TeachingPoint && pupils < 50 {
            s.push_str("    music_rooms_m2: []\n    art_rooms_m2: []\n");
        } else {
            let _ = writeln!(s, "    music_rooms_m2: [{}]", rooms(96, rng));
            let _ = writeln!(s, "    art_rooms_m2: [{}]", rooms(90, rng));
        }
        if g.kind == Kind::TeachingPoint {
            s.push_str("    funded_students: 100\n");
        } else {
            let funds = pupils * 900;
            let _ = writeln!(s, "    public_funds_yuan: {funds}");
            let share = if rng.below(10) == 0 { 0.04 } else { 0.06 };
            let _ = writeln!(
                s,
                "    training_funds_yuan: {}",
                (funds as f64 * share).round()
            );
        }
    }
    if opts.county_figures {
        county_block(&mut s, opts, year, rng);
    }
    if !projects.is_empty() {
        s.push_str("projects:\n");
        for p in projects {
            let (status, progress) = if year < p.period[0] {
                ("planned", 0.0)
            } else if year >= p.period[1] {
                ("completed", 1.0)
            } else {
                let span = f64::from(p.period[1] - p.period[0]).max(1.0);
                let done = f64::from(year - p.period[0]) / span;
                ("in_progress", (done * 100.0).round() / 100.0)
            };
            let _ = writeln!(
                s,
                "  - {{project: {}, status: {status}, progress: {progress}, invested_wan: {}}}",
                p.id,
                (progress * (3000.0 + 1000.0 * p.number as f64)).round()
            );
        }
    }
    if opts.plan {
        s.push_str("tasks:\n  - {task: \"1.1\", status: on_track}\n  - {task: \"2.1\", status: behind, note: 体育艺术教师仍有缺口}\n");
    }
    if opts.ledger {
        let mut items = Vec::new();
        for (i, g) in schools
            .iter()
            .filter(|g| g.kind != Kind::Special && g.quality < 0.9)
            .take(3)
            .enumerate()
        {
            items.push(format!(
                "  - {{id: L{year}-{n:03}, school: {id}, indicator: sports_area_per_student, problem: 生均体育运动场馆面积不足, measure: 改扩建运动场, owner: 县教委, due: {due}-06-30, status: {status}}}\n",
                n = i + 1,
                id = g.id,
                due = year + 1,
                status = if i == 0 { "in_progress" } else { "open" },
            ));
        }
        if !items.is_empty() {
            s.push_str("ledger:\n");
            for it in items {
                s.push_str(&it);
            }
        }
    }
    s
}

fn county_block(s: &mut String, opts: &GenOptions, year: u16, rng: &mut Rng) {
    let k = opts.schools as u64;
    let pay = 90_000 + u64::from(year - 2020) * 2_500;
    let _ = write!(
        s,
        "county:\n  salaries: {{teachers_avg_yuan: {}, civil_servants_avg_yuan: {pay}}}\n",
        pay + rng.below(4_000)
    );
    let due = 40 * k;
    let _ = writeln!(
        s,
        "  training_360: {{due: {due}, completed: {}}}",
        due - rng.below(2)
    );
    let eligible = 12 * k;
    let _ = writeln!(
        s,
        "  rotation: {{eligible: {eligible}, rotated: {}, backbone_rotated: {}}}",
        eligible / 9,
        eligible / 40
    );
    let p = 400 * k;
    let j = 200 * k;
    let _ = writeln!(
        s,
        "  nearby_enrollment:\n    primary: {{in_zone: {p}, total: {p}}}\n    junior: {{in_zone: {}, total: {j}}}",
        j * 96 / 100
    );
    let _ = writeln!(
        s,
        "  senior_quota: {{allocated: {}, total: {}}}",
        60 * k,
        100 * k
    );
    let _ = writeln!(
        s,
        "  migrant_children: {{total: {}, public_or_purchased: {}}}",
        20 * k,
        18 * k
    );
    s.push_str("  special_school_funds_per_student_yuan: 6500\n");
    let cohort = 70 * k;
    let _ = writeln!(
        s,
        "  retention:\n    primary: {{cohort: {c}, deaths: 0, graduates: {c}, transferred_in: 3, transferred_out: 3}}\n    junior: {{cohort: {cj}, deaths: 1, graduates: {g}, transferred_in: 4, transferred_out: 10}}",
        c = cohort,
        cj = cohort,
        g = cohort * 96 / 100,
    );
    let _ = writeln!(
        s,
        "  disabled_children: {{eligible: {}, enrolled: {}}}",
        2 * k + 10,
        2 * k + 9
    );
    s.push_str("  monitoring:\n    - {subject: 数学, grade: 8, level: 3, difference_rate: 0.12}\n");
    let _ = writeln!(
        s,
        "  recognition:\n    - {{group: 学生, valid: 600, satisfied: {}}}\n    - {{group: 家长, valid: 900, satisfied: {}}}",
        520 + rng.below(60),
        780 + rng.below(100)
    );
    s.push_str("  evidence:\n");
    for id in [
        "gov-01-layout",
        "gov-02-unified-standards",
        "gov-10-staffing",
        "gov-15-left-behind",
        "qual-03-charter",
        "qual-05-ict",
        "qual-06-moral",
        "qual-07-curriculum",
        "qual-08-burden",
    ] {
        let _ = writeln!(
            s,
            "    {id}: {{met: true, documents: [{year}年{id}佐证材料]}}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_options_same_files() {
        let o = shape(7);
        assert_eq!(files(&o), files(&o));
        assert_ne!(files(&shape(7)), files(&shape(8)));
    }

    #[test]
    fn numerals() {
        assert_eq!(numeral(2), "二");
        assert_eq!(numeral(12), "十二");
        assert_eq!(numeral(35), "三十五");
        assert_eq!(numeral(40), "四十");
    }

    #[test]
    fn names_and_ids_are_unique() {
        let o = GenOptions {
            schools: 3000,
            ..GenOptions::default()
        };
        let mut rng = Rng::new(o.seed);
        let schools = registry(&o, &mut rng);
        let ids: std::collections::BTreeSet<_> = schools.iter().map(|s| &s.id).collect();
        let names: std::collections::BTreeSet<_> = schools.iter().map(|s| &s.name).collect();
        assert_eq!(ids.len(), 3000);
        assert_eq!(names.len(), 3000);
    }

    /// Every generated shape loads and validates without an error.
    #[test]
    fn generated_counties_pass_check() {
        let mut shapes: Vec<GenOptions> = (1..=12).map(shape).collect();
        shapes.push(GenOptions {
            schools: 2,
            years: vec![2025],
            ..GenOptions::default()
        });
        shapes.push(GenOptions {
            levels: Levels::PrimaryOnly,
            projects: false,
            ledger: false,
            ..GenOptions::default()
        });
        for o in shapes {
            let dir = tempfile::tempdir().unwrap();
            write(dir.path(), &o).unwrap();
            let (project, mut diags) = crate::load::load(dir.path());
            if project.complete {
                diags.extend(crate::validate::validate(&project));
            }
            let errors: Vec<_> = diags.items.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{o:?}: {errors:#?}");
        }
    }
}

//! `data/county.yaml`: the county profile and plan metadata.

use super::de::{self, Date};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct County {
    /// Full official name (石柱土家族自治县).
    pub name: String,
    /// Short name used in running text (石柱县).
    pub short_name: Option<String>,
    pub province: Option<String>,
    /// The unit that compiles the report (编制单位).
    pub compiler: Option<String>,
    pub plan: Option<PlanMeta>,
    /// Land area, km².
    #[serde(default, deserialize_with = "de::opt_amount")]
    pub area_km2: Option<f64>,
    /// Resident population.
    #[serde(default, deserialize_with = "de::opt_count")]
    pub population: Option<u64>,
    /// Number of townships and sub-districts (乡镇街道).
    #[serde(default, deserialize_with = "de::opt_count")]
    pub townships: Option<u64>,
    /// Number of administrative villages (行政村).
    #[serde(default, deserialize_with = "de::opt_count")]
    pub villages: Option<u64>,
    /// Per-capita GDP (人均地区生产总值), yuan.
    #[serde(default, deserialize_with = "de::opt_amount")]
    pub gdp_per_capita_yuan: Option<f64>,
    /// A short profile paragraph, shown on the overview.
    pub description: Option<String>,
    /// A note shown on every page and the cover, e.g. 示例数据，非官方统计.
    pub notice: Option<String>,
}

impl County {
    pub fn short(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanMeta {
    pub title: Option<String>,
    pub document_no: Option<String>,
    pub issued: Option<Date>,
    /// First and last year of the plan: `[2020, 2029]`.
    pub period: Option<[u16; 2]>,
}

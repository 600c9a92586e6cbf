//! Validate stage: every rule within and across files, collected as
//! diagnostics before anything stops.

use crate::diag::Diagnostics;
use crate::load::Project;

/// Check the loaded project against every rule of the data format.
pub fn validate(project: &Project) -> Diagnostics {
    let diags = Diagnostics::default();
    let _ = project;
    diags
}
